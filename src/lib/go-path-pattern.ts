import { InvalidArgument } from "./errors.ts";

/**
 * Go's path.Match / filepath.Match pattern as an anchored RegExp: `*` and `?` stay within a
 * path segment, `[…]` classes (`^` negates; with `bangNegates`, `!` too), `\` escapes. An
 * unterminated class is an InvalidArgument; a class the RegExp engine refuses throws its
 * SyntaxError.
 */
export function goPathRegExp(pattern: string, opts: { bangNegates?: boolean } = {}): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "\\" && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) throw new InvalidArgument(`syntax error in pattern: ${pattern}`);
      let body = pattern.slice(i + 1, close);
      if (opts.bangNegates && body.startsWith("!")) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, "\\\\")}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
