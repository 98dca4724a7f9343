/**
 * How Docker splits an instruction line into its command, its `--flags` and its arguments, per
 * instruction (the parser's dispatch table): JSON arrays for the exec forms, whitespace-separated
 * words, `key=value` pairs with quotes kept, or the whole rest of the line.
 */
import { isGoSpace } from "./shell-lexer.ts";

/** Docker's `[\t\v\f\r ]+` separator. */
const whitespace = /[\t\v\f\r ]+/;

export class LineSyntaxError extends Error {}

/** The command word, the leading `--flags` (quotes and escapes removed) and the rest, trimmed. */
export function splitCommand(line: string, escape: string): { command: string; flags: string[]; rest: string } {
  const trimmed = goTrimSpace(line);
  const m = whitespace.exec(trimmed);
  if (!m) return { command: trimmed, flags: [], rest: "" };
  const command = trimmed.slice(0, m.index);
  const { rest, flags } = extractFlags(trimmed.slice(m.index + m[0].length), escape);
  return { command, flags, rest: goTrimSpace(rest) };
}

function extractFlags(line: string, escape: string): { rest: string; flags: string[] } {
  // Escape and quote characters are ASCII, so walking UTF-16 code units is exact here.
  const flags: string[] = [];
  let pos = 0;
  for (;;) {
    while (pos < line.length && isGoSpace(line[pos]!)) pos++;
    if (pos >= line.length) return { rest: "", flags };
    if (line[pos] !== "-" || line[pos + 1] !== "-") return { rest: line.slice(pos), flags };
    let word = "";
    let blankOK = false;
    let quote = "";
    let inQuote = false;
    for (; pos < line.length; pos++) {
      let ch = line[pos]!;
      if (inQuote) {
        if (ch === quote) {
          inQuote = false;
          continue;
        }
        if (ch === escape) {
          if (pos + 1 === line.length) {
            inQuote = false;
            continue;
          }
          ch = line[++pos]!;
        }
        word += ch;
        continue;
      }
      if (isGoSpace(ch)) break;
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        inQuote = true;
        continue;
      }
      if (ch === escape) {
        if (pos + 1 === line.length) continue;
        ch = line[++pos]!;
      }
      word += ch;
    }
    if (word === "--") return { rest: line.slice(pos), flags };
    if (blankOK || word.length > 0) flags.push(word);
  }
}

/**
 * Words separated by whitespace, with quotes and escapes kept in the words (they are removed
 * later, when the word is expanded). Used for ENV, LABEL and ARG.
 */
export function parseWords(rest: string, escape: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let inQuote = false;
  let quote = "";
  let blankOK = false;
  for (let pos = 0; pos < rest.length; pos++) {
    let ch = rest[pos]!;
    if (!inWord) {
      if (isGoSpace(ch)) continue;
      inWord = true;
    }
    if (!inQuote) {
      if (isGoSpace(ch)) {
        if (blankOK || word.length > 0) words.push(word);
        word = "";
        blankOK = false;
        inWord = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        inQuote = true;
      }
      if (ch === escape) {
        if (pos + 1 === rest.length) continue; // an escape at the very end is dropped
        // Outside quotes the escape and the escaped character are both kept, even a quote.
        word += ch;
        ch = rest[++pos]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) inQuote = false;
    if (ch === escape && quote !== "'") {
      if (pos + 1 === rest.length) {
        inQuote = false;
        continue;
      }
      word += ch;
      ch = rest[++pos]!;
    }
    word += ch;
  }
  if (inWord && (blankOK || word.length > 0)) words.push(word);
  return words;
}

/** ENV and LABEL: `KEY name value` (legacy, one pair) or `KEY n1=v1 n2="v 2"`. */
export function parseNameValue(rest: string, instruction: string, escape: string): [string, string, boolean][] {
  const words = parseWords(rest, escape);
  if (words.length === 0) return [];
  if (!words[0]!.includes("=")) {
    const m = whitespace.exec(rest);
    if (!m) throw new LineSyntaxError(`${instruction} must have two arguments`);
    return [[rest.slice(0, m.index), rest.slice(m.index + m[0].length), false]];
  }
  return words.map((word) => {
    const eq = word.indexOf("=");
    if (eq < 0) {
      throw new LineSyntaxError(`Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`);
    }
    return [word.slice(0, eq), word.slice(eq + 1), true];
  });
}

/** Whitespace-separated words (EXPOSE, FROM, and COPY/ADD/VOLUME outside JSON form). */
export function splitWhitespace(rest: string): string[] {
  if (rest === "") return [];
  return rest.split(whitespace);
}

export const notStringArray = "when using JSON array syntax, arrays must be comprised of strings only";

/** A JSON array of strings, or undefined when `rest` is not JSON (then the shell form applies). */
export function parseJsonArray(rest: string): string[] | undefined {
  const text = rest.replace(/^\s+/u, "");
  if (!text.startsWith("[")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  for (const item of value) if (typeof item !== "string") throw new LineSyntaxError(notStringArray);
  return value as string[];
}

/** Go's strings.TrimSpace (Go's spaces are all in the BMP, so code units suffice). */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s[start]!)) start++;
  while (end > start && isGoSpace(s[end - 1]!)) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Go's strings.TrimLeftFunc(s, unicode.IsSpace). */
export function goTrimLeftSpace(s: string): string {
  let start = 0;
  while (start < s.length && isGoSpace(s[start]!)) start++;
  return start === 0 ? s : s.slice(start);
}

/** Go's %q for the ASCII cases that matter in messages. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
