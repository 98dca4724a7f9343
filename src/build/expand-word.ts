import { NotImplemented } from "../lib/index.ts";

/** A variable lookup: the value, or undefined when the name is not set. */
export type Lookup = (name: string) => string | undefined;

/**
 * Docker's word processing: quotes removed, escapes applied, `$a`, `${a}`, `${a:-b}`, `${a-b}`,
 * `${a:+b}`, `${a+b}`, `${a:?msg}`, `${a?msg}` substituted (not inside single quotes).
 */
export function expandWord(word: string, lookup: Lookup, escape = "\\"): string {
  void word, lookup, escape;
  throw new NotImplemented("Dockerfile word expansion: in progress");
}
