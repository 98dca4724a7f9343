/**
 * One .dockerignore pattern, matched as Docker matches it: Go's filepath.Match syntax (`*` and
 * `?` never cross a `/`, `[...]` classes, `\` escapes) plus `**` for any number of directories,
 * with Docker's fast paths for plain names, `dir/**` prefixes and `**​/name` suffixes.
 */
import { InvalidArgument } from "../lib/index.ts";

const badPattern = (): InvalidArgument => new InvalidArgument("syntax error in pattern");

export class IgnorePattern {
  /** `!pattern`: re-includes what earlier patterns excluded. */
  readonly exclusion: boolean;
  /** The pattern without its `!`. */
  readonly pattern: string;
  private readonly test: (path: string) => boolean;

  /** `text` is a pattern as read from the file (cleaned, `!` kept). */
  constructor(text: string) {
    this.exclusion = text.startsWith("!");
    this.pattern = this.exclusion ? text.slice(1) : text;
    if (this.exclusion && this.pattern === "") throw new InvalidArgument('illegal exclusion pattern: "!"');
    checkGoPattern(this.pattern);
    this.test = compile(this.pattern);
  }

  matches(path: string): boolean {
    return this.test(path);
  }
}

function compile(pattern: string): (path: string) => boolean {
  const chars = Array.from(pattern);
  let re = "^";
  let type: "exact" | "prefix" | "suffix" | "regexp" = "exact";
  let inClass = false;
  for (let i = 0, pos = 0; pos < chars.length; i++) {
    const ch = chars[pos++]!;
    if (ch === "*") {
      if (chars[pos] === "*") {
        pos++;
        if (chars[pos] === "/") pos++; // "**/" is "**"
        if (pos >= chars.length) {
          // A trailing "**" matches everything below, like .gitignore.
          if (type === "exact") type = "prefix";
          else {
            re += "[^\\n]*";
            type = "regexp";
          }
        } else {
          re += "(?:[^\\n]*/)?";
          type = "regexp";
        }
        if (i === 0) type = "suffix";
      } else {
        re += "[^/]*";
        type = "regexp";
      }
    } else if (ch === "?") {
      re += "[^/]";
      type = "regexp";
    } else if (".+()|{}$".includes(ch)) {
      re += "\\" + ch;
    } else if (ch === "\\") {
      if (pos < chars.length) {
        re += `\\u{${chars[pos++]!.codePointAt(0)!.toString(16)}}`;
        type = "regexp";
      } else {
        re += "\\\\";
      }
    } else if (ch === "[") {
      re += ch;
      inClass = true;
      type = "regexp";
    } else if (ch === "]") {
      // Outside a class a "]" is a literal (Go's regexp takes it so; JavaScript's needs the escape).
      re += inClass ? ch : "\\]";
      inClass = false;
      type = "regexp";
    } else {
      re += ch;
    }
  }
  switch (type) {
    case "exact":
      return (path) => path === pattern;
    case "prefix": {
      const prefix = pattern.slice(0, -2);
      return (path) => path.startsWith(prefix);
    }
    case "suffix": {
      const suffix = pattern.slice(2);
      return (path) => path.endsWith(suffix) || (suffix.startsWith("/") && path === suffix.slice(1));
    }
    case "regexp": {
      let regexp: RegExp;
      try {
        regexp = new RegExp(re + "$", "u");
      } catch {
        throw badPattern();
      }
      return (path) => regexp.test(path);
    }
  }
}

/** Go's filepath.Match syntax check: classes closed and non-empty, ranges complete, no trailing `\`. */
function checkGoPattern(pattern: string): void {
  const chars = Array.from(pattern);
  let i = 0;
  const readClassChar = (): void => {
    const ch = chars[i];
    if (ch === undefined || ch === "-" || ch === "]") throw badPattern();
    i++;
    if (ch === "\\") {
      if (i >= chars.length) throw badPattern();
      i++;
    }
  };
  while (i < chars.length) {
    const ch = chars[i++]!;
    if (ch === "\\") {
      if (i >= chars.length) throw badPattern();
      i++;
    } else if (ch === "[") {
      if (chars[i] === "^") i++;
      let count = 0;
      for (;;) {
        if (i >= chars.length) throw badPattern();
        if (chars[i] === "]" && count > 0) {
          i++;
          break;
        }
        readClassChar();
        if (chars[i] === "-") {
          i++;
          readClassChar();
        }
        count++;
      }
    } else if (ch === "]") {
      // A lone "]" is an ordinary character for filepath.Match.
    }
  }
}
