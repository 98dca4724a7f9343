/**
 * Go's text/tabwriter as Docker's CLI configures it (minwidth 10, padding 3, spaces): cells end
 * at a tab, a column is a run of consecutive lines that have a cell there, as wide as its widest
 * cell plus the padding (at least minwidth); the text after a line's last tab is not aligned.
 */
export function tabwrite(text: string, minWidth = 10, padding = 3): string {
  const lines = text.split("\n").map((l) => l.split("\t"));
  const trailingNewline = text.endsWith("\n");
  if (trailingNewline) lines.pop();
  const width = (s: string) => [...s].length;
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      out.push(cells.map((c, j) => (j < cells.length - 1 && j < widths.length ? c + " ".repeat(Math.max(0, widths[j]! - width(c))) : j < cells.length - 1 ? c : c)).join(""));
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let w = minWidth;
      for (; i < line1; i++) {
        const cells = lines[i]!;
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]!) + padding);
      }
      widths.push(w);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join("\n") + (trailingNewline ? "\n" : "");
}
