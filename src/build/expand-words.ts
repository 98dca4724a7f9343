import { InvalidArgument } from "../lib/index.ts";
import { ShellLexer, ShellSyntaxError, type Lookup } from "./shell-lexer.ts";

/**
 * Like expandWord, then split into words on whitespace that is not quoted or escaped, after
 * substitution (`$PORTS` with PORTS="80 443" gives two words). Docker does this for EXPOSE only;
 * every other instruction expands each of its parsed words with expandWord.
 */
export function expandWords(text: string, lookup: Lookup, escape = "\\"): string[] {
  try {
    return new ShellLexer(escape).processWords(text, lookup);
  } catch (err) {
    if (err instanceof ShellSyntaxError) throw new InvalidArgument(err.message);
    throw err;
  }
}
