import type { Heredoc } from "./instructions.ts";

/** Applies `<<-` (strip leading tabs from every line of the body) to the heredocs that ask for it. */
export function chompHeredocs(heredocs: readonly Heredoc[]): Heredoc[] {
  return heredocs.map((h) => (h.chomp ? { ...h, content: h.content.replace(/^\t+/gm, "") } : { ...h }));
}
