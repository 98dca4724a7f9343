/**
 * The lexer of Go's text/template: text between actions, and inside `{{ }}` the tokens of a
 * pipeline. Trim markers (`{{- ` and ` -}}`) remove the whitespace next to the action; comments
 * (`{{/* … *\/}}`) vanish.
 */

export type TokenType =
  | "text" | "left" | "right" | "space" | "identifier" | "keyword" | "field" | "variable" | "dot"
  | "string" | "rawString" | "char" | "number" | "bool" | "nil" | "leftParen" | "rightParen"
  | "pipe" | "declare" | "assign" | "comma" | "charOther" | "error" | "eof";

export interface Token {
  type: TokenType;
  value: string;
  /** Offset in the template text. */
  pos: number;
  line: number;
}

export class TemplateParseError extends Error {}

class LexStop extends Error {}

const keywords = new Set(["block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"]);
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

export function lex(input: string, name = ""): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const lineAt = (p: number) => 1 + (input.slice(0, p).match(/\n/g)?.length ?? 0);
  // A lexing error becomes an error token: the parser reports it only if it gets that far (Go's
  // lexer runs alongside its parser, so an earlier parse error wins).
  const fail = (msg: string, p: number): never => {
    tokens.push({ type: "error", value: `template: ${name}:${lineAt(p)}: ${msg}`, pos: p, line: lineAt(p) });
    throw new LexStop();
  };
  const push = (type: TokenType, start: number, end: number, value = input.slice(start, end)) => tokens.push({ type, value, pos: start, line: lineAt(start) });

  try {
    lexAll();
  } catch (err) {
    if (!(err instanceof LexStop)) throw err;
    return tokens;
  }
  tokens.push({ type: "eof", value: "", pos: input.length, line: lineAt(input.length) });
  return tokens;

  function lexAll(): void {
    while (pos < input.length) {
      const open = input.indexOf("{{", pos);
      const textEnd = open < 0 ? input.length : open;
      let text = input.slice(pos, textEnd);
      const leftTrim = open >= 0 && input[open + 2] === "-" && isSpace(input[open + 3]);
      if (leftTrim) text = text.replace(/[ \t\r\n]+$/, "");
      if (text) push("text", pos, textEnd, text);
      if (open < 0) break;
      pos = open + 2 + (leftTrim ? 2 : 0);
      // A comment: the whole action is /* … */.
      if (input.startsWith("/*", pos)) {
        const close = input.indexOf("*/", pos + 2);
        if (close < 0) fail("unclosed comment", open);
        let p = close + 2;
        let rightTrim = false;
        if (isSpace(input[p]) && input.startsWith("-}}", p + 1)) {
          rightTrim = true;
          p += 1;
        }
        if (input.startsWith("-}}", p)) {
          if (!rightTrim) fail("comment ends before closing delimiter", open);
          p += 3;
        } else if (input.startsWith("}}", p)) p += 2;
        else fail("comment ends before closing delimiter", open);
        pos = p;
        if (rightTrim) while (isSpace(input[pos])) pos++;
        continue;
      }
      push("left", open, pos);
      let parens = 0;
      for (;;) {
        // Right delimiter, with or without its trim marker.
        if (isSpace(input[pos]) && input.startsWith("-}}", pos + 1)) {
          push("right", pos, pos + 4);
          pos += 4;
          while (isSpace(input[pos])) pos++;
          break;
        }
        if (input.startsWith("}}", pos)) {
          if (parens > 0) fail("unclosed left paren", pos);
          push("right", pos, pos + 2);
          pos += 2;
          break;
        }
        const start = pos;
        if (pos >= input.length) fail("unclosed action", open);
        const c = input[pos]!;
        if (isSpace(c)) {
          while (isSpace(input[pos]) && !input.startsWith("-}}", pos + 1)) pos++;
          if (pos === start) pos++;
          push("space", start, pos);
        } else if (c === "=") {
          push("assign", pos, ++pos);
        } else if (c === ":") {
          if (input[pos + 1] !== "=") fail("expected :=", pos);
          pos += 2;
          push("declare", start, pos);
        } else if (c === "|") {
          push("pipe", pos, ++pos);
        } else if (c === ",") {
          push("comma", pos, ++pos);
        } else if (c === '"') {
          pos++;
          while (input[pos] !== '"') {
            if (input[pos] === "\\") pos++;
            if (pos >= input.length || input[pos] === "\n") fail("unterminated quoted string", start);
            pos++;
          }
          push("string", start, ++pos);
        } else if (c === "`") {
          const close = input.indexOf("`", pos + 1);
          if (close < 0) fail("unterminated raw quoted string", start);
          pos = close + 1;
          push("rawString", start, pos);
        } else if (c === "'") {
          pos++;
          while (input[pos] !== "'") {
            if (input[pos] === "\\") pos++;
            if (pos >= input.length || input[pos] === "\n") fail("unterminated character constant", start);
            pos++;
          }
          push("char", start, ++pos);
        } else if (c === "$") {
          pos++;
          while (isAlnum(input[pos])) pos++;
          push("variable", start, pos);
        } else if (c === ".") {
          if (/[0-9]/.test(input[pos + 1] ?? "")) {
            pos = lexNumber(input, pos, fail);
            push("number", start, pos);
          } else {
            pos++;
            while (isAlnum(input[pos])) pos++;
            push(pos - start === 1 ? "dot" : "field", start, pos);
          }
        } else if (c === "+" || c === "-" || /[0-9]/.test(c)) {
          pos = lexNumber(input, pos, fail);
          push("number", start, pos);
        } else if (isAlnum(c)) {
          while (isAlnum(input[pos])) pos++;
          const word = input.slice(start, pos);
          push(keywords.has(word) ? "keyword" : word === "true" || word === "false" ? "bool" : word === "nil" ? "nil" : "identifier", start, pos);
        } else if (c === "(") {
          parens++;
          push("leftParen", pos, ++pos);
        } else if (c === ")") {
          parens--;
          if (parens < 0) fail(`unexpected right paren`, pos);
          push("rightParen", pos, ++pos);
        } else if (c === "}") {
          fail(`bad character ${goRune(c)}`, pos);
        } else if (c.charCodeAt(0) < 128 && c >= " ") {
          push("charOther", pos, ++pos);
        } else {
          fail(`unrecognized character in action: ${goRune(c)}`, pos);
        }
      }
    }
  }
}

function lexNumber(input: string, pos: number, fail: (m: string, p: number) => never): number {
  const start = pos;
  const m = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?)/.exec(input.slice(pos));
  pos += m ? m[0].length : 0;
  if (isAlnum(input[pos]) || pos === start || input.slice(start, pos) === "+" || input.slice(start, pos) === "-") fail(`bad number syntax: "${input.slice(start, pos + 1)}"`, start);
  return pos;
}

/** Go's %#U of a rune: U+0021 '!'. */
export function goRune(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} '${c}'`;
}
