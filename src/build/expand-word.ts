import { InvalidArgument } from "../lib/index.ts";
import { ShellLexer, ShellSyntaxError, type Lookup } from "./shell-lexer.ts";

export type { Lookup };

/**
 * Docker's processing of one Dockerfile word (ENV/LABEL keys and values, ARG, COPY/ADD sources
 * and destination, --chown/--chmod, WORKDIR, USER, VOLUME, STOPSIGNAL, FROM's image): quotes
 * removed, escapes applied, `$a`, `${a}`, `${a:-b}`, `${a-b}`, `${a:+b}`, `${a+b}`, `${a:?m}`,
 * `${a?m}`, `${a#p}`, `${a##p}`, `${a%p}`, `${a%%p}`, `${a/p/r}`, `${a//p/r}` substituted (not
 * inside single quotes). Unset variables become "". Throws InvalidArgument on a syntax error
 * ("failed to process \"${a\": syntax error: missing '}'").
 */
export function expandWord(word: string, lookup: Lookup, escape = "\\"): string {
  try {
    return new ShellLexer(escape).processWord(word, lookup);
  } catch (err) {
    if (err instanceof ShellSyntaxError) throw new InvalidArgument(err.message);
    throw err;
  }
}
