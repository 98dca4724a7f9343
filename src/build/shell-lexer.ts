/**
 * Docker's word processing for Dockerfile arguments: quote removal, escapes and `$` substitution,
 * and optionally splitting the result into words. Semantics follow BuildKit's shell lexer (which
 * the legacy builder uses too): `$a`, `${a}`, `${a:-w}`, `${a-w}`, `${a:+w}`, `${a+w}`, `${a:?w}`,
 * `${a?w}`, `${a#p}`, `${a##p}`, `${a%p}`, `${a%%p}`, `${a/p/r}`, `${a//p/r}`; single quotes are
 * literal; inside double quotes the escape character only escapes `"`, `$` and itself.
 */
import { trimPatternPrefix, trimPatternSuffix, shellPatternToRegExp } from "./shell-pattern.ts";

/** A variable lookup: the value, or undefined when the name is not set. */
export type Lookup = (name: string) => string | undefined;

export interface ShellLexerOptions {
  /** Keep quote characters in the result (used to detect quoted heredoc delimiters). */
  rawQuotes?: boolean;
  /** Keep escape characters in the result. */
  rawEscapes?: boolean;
  /** Treat quotes as ordinary characters. */
  skipProcessQuotes?: boolean;
  /** Leave references to unset variables as written instead of substituting "". */
  skipUnsetEnv?: boolean;
}

/** A failure to process a word; the builder reports it against the instruction. */
export class ShellSyntaxError extends Error {}

const EOF = "";

export class ShellLexer {
  constructor(
    readonly escapeToken: string = "\\",
    readonly options: ShellLexerOptions = {},
  ) {}

  /** The processed word (spaces kept). */
  processWord(word: string, lookup: Lookup): string {
    return this.run(word, lookup).result;
  }

  /** The processed word split on unquoted whitespace (after substitution, as Docker does). */
  processWords(word: string, lookup: Lookup): string[] {
    return this.run(word, lookup).words;
  }

  private run(word: string, lookup: Lookup): { result: string; words: string[] } {
    // Index by code point only when the word has surrogate pairs (Array.from is slow).
    const chars = /[\ud800-\udfff]/.test(word) ? Array.from(word) : word;
    const scan = new WordScan(chars, lookup, this.escapeToken, this.options);
    try {
      return scan.processStopOn(EOF, this.options.rawEscapes ?? false);
    } catch (err) {
      if (err instanceof ShellSyntaxError) throw new ShellSyntaxError(`failed to process "${word}": ${err.message}`);
      throw err;
    }
  }
}

/** Go's unicode.IsSpace. */
export function isGoSpace(ch: string): boolean {
  switch (ch) {
    case "\t": case "\n": case "\v": case "\f": case "\r": case " ": case "\u0085": case "\u00a0":
      return true;
  }
  return ch.codePointAt(0)! > 0xff && /\p{White_Space}/u.test(ch);
}

class Words {
  buf = "";
  words: string[] = [];
  inWord = false;
  addChar(ch: string): void {
    if (isGoSpace(ch)) {
      if (this.inWord && this.buf.length !== 0) {
        this.words.push(this.buf);
        this.buf = "";
        this.inWord = false;
      }
    } else {
      this.addRawChar(ch);
    }
  }
  addRawChar(ch: string): void {
    this.buf += ch;
    this.inWord = true;
  }
  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }
  addRawString(s: string): void {
    this.buf += s;
    this.inWord = true;
  }
  finish(): string[] {
    if (this.buf.length > 0) {
      this.words.push(this.buf);
      this.buf = "";
      this.inWord = false;
    }
    return this.words;
  }
}

class WordScan {
  private pos = 0;
  private rawEscapes: boolean;
  constructor(
    private readonly chars: readonly string[] | string,
    private readonly lookup: Lookup,
    private readonly escapeToken: string,
    private readonly options: ShellLexerOptions,
  ) {
    this.rawEscapes = options.rawEscapes ?? false;
  }

  private peek(): string {
    return this.chars[this.pos] ?? EOF;
  }
  private next(): string {
    const ch = this.chars[this.pos] ?? EOF;
    if (ch !== EOF) this.pos++;
    return ch;
  }

  processStopOn(stopChar: string, rawEscapes: boolean): { result: string; words: string[] } {
    const savedRaw = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      return this.stopOn(stopChar);
    } finally {
      this.rawEscapes = savedRaw;
    }
  }

  private stopOn(stopChar: string): { result: string; words: string[] } {
    let result = "";
    const words = new Words();
    const quotes = !this.options.skipProcessQuotes;
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (stopChar !== EOF && ch === stopChar) {
        this.next();
        return { result, words: words.finish() };
      }
      let special: string | undefined;
      if (ch === "$") special = this.processDollar();
      else if (ch === "<") special = this.processPossibleHeredoc();
      else if (quotes && ch === "'") special = this.processSingleQuote();
      else if (quotes && ch === '"') special = this.processDoubleQuote();
      if (special !== undefined) {
        result += special;
        if (ch === "$") words.addString(special);
        else words.addRawString(special);
        continue;
      }
      let c = this.next();
      if (c === this.escapeToken) {
        if (this.rawEscapes) {
          words.addRawChar(c);
          result += c;
        }
        c = this.next();
        if (c === EOF) break;
        words.addRawChar(c);
      } else {
        words.addChar(c);
      }
      result += c;
    }
    if (stopChar !== EOF) {
      throw new ShellSyntaxError(`unexpected end of statement while looking for matching ${stopChar}`);
    }
    return { result, words: words.finish() };
  }

  private processSingleQuote(): string {
    let result = "";
    const open = this.next();
    if (this.options.rawQuotes) result += open;
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new ShellSyntaxError("unexpected end of statement while looking for matching single-quote");
      if (ch === "'") {
        if (this.options.rawQuotes) result += ch;
        return result;
      }
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    let result = "";
    const open = this.next();
    if (this.options.rawQuotes) result += open;
    for (;;) {
      const peek = this.peek();
      if (peek === EOF) throw new ShellSyntaxError("unexpected end of statement while looking for matching double-quote");
      if (peek === '"') {
        const ch = this.next();
        if (this.options.rawQuotes) result += ch;
        return result;
      }
      if (peek === "$") {
        result += this.processDollar();
        continue;
      }
      let ch = this.next();
      if (ch === this.escapeToken) {
        if (this.rawEscapes) result += ch;
        const after = this.peek();
        if (after === EOF) continue; // an escape at the end of the word is dropped
        if (after === '"' || after === "$" || after === this.escapeToken) ch = this.next();
      }
      result += ch;
    }
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== "{") {
      const name = this.processName();
      if (name === "") return "$";
      const value = this.lookup(name);
      if (value === undefined && this.options.skipUnsetEnv) return "$" + name;
      return value ?? "";
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new ShellSyntaxError("syntax error: missing '}'");
    if (first === "{" || first === "}" || first === ":") throw new ShellSyntaxError("syntax error: bad substitution");
    const name = this.processName();
    let ch = this.next();
    let modifier = ch;
    let nullIsUnset = false;
    if (ch === "}") {
      const value = this.lookup(name);
      if (value === undefined && this.options.skipUnsetEnv) return `\${${name}}`;
      return value ?? "";
    }
    if (ch === "/") return this.processReplace(name);
    if (ch === ":") {
      nullIsUnset = true;
      ch = this.next();
      modifier += ch;
    }
    if (ch === EOF) throw new ShellSyntaxError("syntax error: missing '}'");
    if (!["+", "-", "?", "#", "%"].includes(ch)) {
      throw new ShellSyntaxError(`unsupported modifier (${modifier}) in substitution`);
    }
    const trims = ch === "#" || ch === "%";
    if (nullIsUnset && trims) throw new ShellSyntaxError(`unsupported modifier (${modifier}) in substitution`);
    let word: string;
    try {
      word = this.processStopOn("}", trims).result;
    } catch (err) {
      if (this.peek() === EOF) throw new ShellSyntaxError("syntax error: missing '}'");
      throw err;
    }
    const value = this.lookup(name);
    const set = value !== undefined;
    if (this.options.skipUnsetEnv && !set) return `\${${name}${modifier}${word}}`;
    const empty = !set || (nullIsUnset && value === "");
    switch (ch) {
      case "-":
        return empty ? word : value!;
      case "+":
        return empty ? "" : word;
      case "?":
        if (!set) throw new ShellSyntaxError(`${name}: ${word || "is not allowed to be unset"}`);
        if (nullIsUnset && value === "") throw new ShellSyntaxError(`${name}: ${word || "is not allowed to be empty"}`);
        return value!;
      default: {
        // # and % remove the shortest match, ## and %% the longest.
        const greedy = word.startsWith(ch);
        const pattern = greedy ? word.slice(1) : word;
        try {
          return ch === "%" ? trimPatternSuffix(pattern, value ?? "", greedy) : trimPatternPrefix(pattern, value ?? "", greedy);
        } catch (err) {
          throw new ShellSyntaxError(`invalid pattern (${pattern}) in substitution: ${(err as Error).message}`);
        }
      }
    }
  }

  /** `${name/pattern/replacement}` and `${name//pattern/replacement}`. */
  private processReplace(name: string): string {
    const all = this.peek() === "/";
    if (all) this.next();
    let pattern: string;
    try {
      pattern = this.processStopOn("/", true).result;
    } catch (err) {
      if (this.peek() === EOF) throw new ShellSyntaxError("syntax error: missing '/' in ${}");
      throw err;
    }
    let replacement: string;
    try {
      replacement = this.processStopOn("}", true).result;
    } catch (err) {
      if (this.peek() === EOF) throw new ShellSyntaxError("syntax error: missing '}'");
      throw err;
    }
    const value = this.lookup(name);
    if (value === undefined && this.options.skipUnsetEnv) return `\${${name}/${pattern}/${replacement}}`;
    let re: RegExp;
    try {
      re = shellPatternToRegExp(pattern, true, false);
    } catch (err) {
      throw new ShellSyntaxError(`invalid pattern (${pattern}) in substitution: ${(err as Error).message}`);
    }
    const subject = value ?? "";
    if (all) {
      const global = new RegExp(re.source, "gu");
      return subject.replace(global, () => replacement);
    }
    const m = re.exec(subject);
    if (!m) return subject;
    return subject.slice(0, m.index) + replacement + subject.slice(m.index + m[0].length);
  }

  /** A name: letters, digits and `_`; or a run of digits (positional); or one special parameter. */
  private processName(): string {
    let name = "";
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name === "" && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peek())) name += this.next();
        return name;
      }
      if (name === "" && "@*#?-$!0".includes(ch)) return this.next();
      if (!isNameChar(ch)) break;
      name += this.next();
    }
    return name;
  }

  /** `<<` with the spaces after it stays one word (heredoc detection relies on it). */
  private processPossibleHeredoc(): string {
    this.next();
    if (this.peek() !== "<") return "<";
    this.next();
    let space = "";
    while (this.peek() === " " || this.peek() === "\t" || this.peek() === "\r") space += this.next();
    return "<<" + space;
  }
}

function isDigit(ch: string): boolean {
  if (ch >= "0" && ch <= "9") return true;
  return ch > "\x7f" && /^\p{Nd}$/u.test(ch);
}

/** Go's unicode.IsLetter || unicode.IsDigit || '_'. */
function isNameChar(ch: string): boolean {
  if ((ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") || ch === "_") return true;
  return ch > "\x7f" && /^[\p{L}\p{Nd}]$/u.test(ch);
}
