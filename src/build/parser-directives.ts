/**
 * Parser directives (`# escape=\``, `# syntax=...`, `# check=...`): only in comment lines at the very
 * top of the file; the first line that is not a directive (an instruction, an empty line, any
 * other comment, or an unknown directive) ends them. A directive may not be repeated.
 */
const directivePattern = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const known = new Set(["syntax", "escape", "check"]);

export class DirectiveReader {
  escape = "\\";
  readonly values: Record<string, string> = {};
  private done = false;

  /** Looks at one line (leading space already trimmed for a first line); throws on a bad directive. */
  readLine(line: string): void {
    if (this.done) return;
    if (!line.startsWith("#")) {
      this.done = true;
      return;
    }
    const m = directivePattern.exec(line.slice(1).replace(/^\s+/u, ""));
    const key = m?.[1]?.toLowerCase();
    if (!m || !key || !known.has(key)) {
      this.done = true;
      return;
    }
    if (key in this.values) throw new Error(`only one ${key} parser directive can be used`);
    const value = m[2]!;
    this.values[key] = value;
    if (key === "escape") {
      if (value !== "`" && value !== "\\") throw new Error(`invalid escape token '${value}' does not match \` or \\`);
      this.escape = value;
    }
  }
}
