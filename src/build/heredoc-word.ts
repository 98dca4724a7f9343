/**
 * Heredoc markers in an instruction line (`<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF`), as Docker
 * finds them: the line is split into shell words (quotes and escapes kept), and each word of the
 * form `[n]<<[-]WORD` names a heredoc. A quoted (even partly quoted) delimiter turns expansion
 * of the body off.
 */
import { ShellLexer } from "./shell-lexer.ts";

export interface HeredocMarker {
  name: string;
  /** `<<-`: tabs are stripped from the body and the terminator line. */
  chomp: boolean;
  expand: boolean;
  fileDescriptor: number;
}

const markerPattern = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;
const noVars = (): undefined => undefined;

/** The heredoc a single word introduces, or undefined when it is not a heredoc marker. */
export function parseHeredocWord(word: string): HeredocMarker | undefined {
  const m = markerPattern.exec(word);
  if (!m) return undefined;
  const rest = m[3]!;
  if (rest === "") return undefined;
  let unquoted: string[];
  let raw: string[];
  try {
    unquoted = new ShellLexer("\\", { skipUnsetEnv: true }).processWords(rest, noVars);
    raw = new ShellLexer("\\", { skipUnsetEnv: true, rawQuotes: true }).processWords(rest, noVars);
  } catch {
    return undefined;
  }
  if (unquoted.length !== 1 || raw.length !== 1) return undefined;
  const name = unquoted[0]!;
  return {
    name,
    chomp: m[2] === "-",
    expand: quoteCount(name) === quoteCount(raw[0]!),
    fileDescriptor: m[1] === "" ? 0 : Number.parseInt(m[1]!, 10),
  };
}

/** Every heredoc marker of an instruction line, in order. */
export function heredocMarkersInLine(line: string): HeredocMarker[] {
  let words: string[];
  try {
    words = new ShellLexer("\\", { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true }).processWords(line, noVars);
  } catch {
    // Docker ignores a line it cannot split here (the instruction itself reports problems).
    return [];
  }
  const markers: HeredocMarker[] = [];
  for (const word of words) {
    const marker = parseHeredocWord(word);
    if (marker) markers.push(marker);
  }
  return markers;
}

function quoteCount(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === "'" || ch === '"') n++;
  return n;
}
