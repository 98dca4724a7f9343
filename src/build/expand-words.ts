import { NotImplemented } from "../lib/index.ts";
import type { Lookup } from "./expand-word.ts";

/** Like expandWord, then split on unquoted whitespace (what Docker does for EXPOSE). */
export function expandWords(text: string, lookup: Lookup, escape = "\\"): string[] {
  void text, lookup, escape;
  throw new NotImplemented("Dockerfile word expansion: in progress");
}
