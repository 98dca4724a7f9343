/**
 * Rows as Docker's CLI prints its tables: each column as wide as its widest cell plus three
 * spaces, the last column unpadded, trailing spaces trimmed.
 */
export function formatTable(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((row) => (row[c] ?? "").length)));
  return rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]! + 3))).join("").trimEnd()).join("\n");
}
