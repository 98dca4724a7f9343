import { InvalidArgument } from "../lib/index.ts";
import { ShellLexer, ShellSyntaxError, type Lookup } from "./shell-lexer.ts";

/**
 * The body of a COPY/ADD heredoc whose delimiter was not quoted (`expand: true`), expanded as
 * Docker does: `$a` / `${...}` substituted, quotes left as they are, and backslash escapes
 * applied (always `\`, whatever the file's escape directive).
 */
export function expandHeredoc(content: string, lookup: Lookup): string {
  try {
    return new ShellLexer("\\", { skipProcessQuotes: true }).processWord(content, lookup);
  } catch (err) {
    if (err instanceof ShellSyntaxError) throw new InvalidArgument(err.message);
    throw err;
  }
}
