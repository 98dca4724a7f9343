import { parseHeredocWord } from "./heredoc-word.ts";

/**
 * The heredoc name a COPY/ADD source word introduces (`<<EOF` → "EOF", `<<-"E O"` → "E O"), or
 * undefined when the word is a path. Matches the `name` of the instruction's heredocs.
 */
export function heredocSourceName(word: string): string | undefined {
  return parseHeredocWord(word)?.name;
}
