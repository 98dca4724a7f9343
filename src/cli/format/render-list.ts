import { RunFailure } from "../run-failure.ts";
import { TemplateExecError } from "./exec.ts";
import { headerFuncs } from "./funcs.ts";
import { GoStruct } from "./go-values.ts";
import { TemplateParseError } from "./lexer.ts";
import { tabwrite } from "./tabwriter.ts";
import { Template } from "./template.ts";

/** What a listing command knows about its rows' format (Docker's formatter.Context). */
export interface ListFormat {
  /** `--format` as given; "" means the command's default. */
  format: string;
  /** Docker's default table for this command (`table {{.ID}}\t…`). */
  defaultTable: string;
  /** The one-column format of `-q` (`{{.ID}}`). */
  quietFormat: string;
  quiet: boolean;
  /** Column titles by context method ("ID" → "CONTAINER ID"). */
  headers: Record<string, string>;
}

/** A template error as Docker's CLI reports it; exit status 1, or 64 for inspect's parse errors. */
export function templateFailure(err: unknown, parseExitCode = 1): never {
  if (err instanceof TemplateParseError) throw new RunFailure(`template parsing error: ${err.message}`, parseExitCode);
  if (err instanceof TemplateExecError) throw new RunFailure(err.message, 1);
  throw err;
}

/** Parse a template the way Docker does for every format: `\t` and `\n` typed literally become tab and newline. */
export function parseFormat(text: string): Template {
  try {
    // Docker trims spaces only (a format may end with a newline of its own).
    return Template.parse(text.replace(/^ +| +$/g, "").replaceAll("\\t", "\t").replaceAll("\\n", "\n"));
  } catch (err) {
    return templateFailure(err);
  }
}

/** The format a listing really uses, with Docker's rules for "", "table", "json" and -q. */
export function resolveListFormat(f: Pick<ListFormat, "format" | "defaultTable" | "quietFormat" | "quiet">): string {
  if (f.quiet) {
    if (f.format) console.error("WARNING: Ignoring custom format, because both --format and --quiet are set.");
    return f.quietFormat;
  }
  if (!f.format || f.format === "table") return f.defaultTable;
  if (f.format === "json") return "{{json .}}";
  return f.format;
}

/** Render rows (formatter contexts) with a list format: one line per row, a header and aligned columns for `table`. */
export function renderList(f: ListFormat, rows: GoStruct[]): string {
  const format = resolveListFormat(f);
  const table = format.startsWith("table");
  const tmpl = parseFormat(table ? format.slice("table".length) : format);
  try {
    const body = rows.map((row) => `${tmpl.execute(row)}\n`).join("");
    if (!table) return body;
    // Docker renders the header with the same template, each field giving its column title.
    const titles = Object.entries(f.headers).map(([name, title]) => [name, name === "Label" ? (_key: unknown) => title : () => title]);
    const headerContext = new GoStruct(rows[0]?.typeName ?? "header", Object.fromEntries(titles));
    const header = tmpl.withFuncs(headerFuncs).execute(headerContext);
    return tabwrite(`${header}\n${body}`);
  } catch (err) {
    return templateFailure(err);
  }
}

/** Write a rendering to stdout as is (it carries its own newlines). */
export function writeOut(text: string): void {
  if (text) process.stdout.write(text);
}
