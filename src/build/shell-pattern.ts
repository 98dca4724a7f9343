/**
 * The shell wildcard patterns of `${var#pat}`, `${var%pat}` and `${var/pat/repl}`: `*` any
 * string, `?` one character, `\` escapes `*`, `?` or `\` (and is dropped before `}` or `/`).
 * Bracket expressions are not supported, as in Docker.
 */
export function shellPatternToRegExp(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  const chars = Array.from(pattern);
  let out = anchored ? "^" : "";
  // Go's "." (what Docker compiles to) matches anything but a newline.
  const star = greedy ? "[^\\n]*" : "[^\\n]*?";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === "*") {
      out += star;
    } else if (ch === "?") {
      out += "[^\\n]";
    } else if (ch === "\\") {
      const next = chars[i + 1];
      if (next === "}" || next === "/") continue;
      i++;
      if (next !== "*" && next !== "?" && next !== "\\") {
        throw new Error(`invalid escape '\\${next ?? ""}'`);
      }
      out += "\\" + next;
    } else {
      out += /[[\]{}.+()|^$]/.test(ch) ? "\\" + ch : ch;
    }
  }
  return new RegExp(out, "u");
}

/** `${var#pat}` (shortest) / `${var##pat}` (longest): `value` without the matching prefix. */
export function trimPatternPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = shellPatternToRegExp(pattern, greedy, true).exec(value);
  return m ? value.slice(m.index + m[0].length) : value;
}

/** `${var%pat}` / `${var%%pat}`: `value` without the matching suffix (matched on the reversed strings). */
export function trimPatternSuffix(pattern: string, value: string, greedy: boolean): string {
  const reversed = trimPatternPrefix(reversePattern(pattern), reverse(value), greedy);
  return reverse(reversed);
}

function reverse(s: string): string {
  return Array.from(s).reverse().join("");
}

/** Reverses a pattern but keeps each `\x` escape pair in order. */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const tokens: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === "\\" && i !== chars.length - 1) {
      tokens.push(chars[i]! + chars[i + 1]!);
      i++;
    } else {
      tokens.push(chars[i]!);
    }
  }
  return tokens.reverse().join("");
}
