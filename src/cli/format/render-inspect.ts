import { RunFailure } from "../run-failure.ts";
import { TemplateParseError } from "./lexer.ts";
import { Template } from "./template.ts";
import { typedNulls } from "./typed-nulls.ts";

function parseOr64(format: string, name = ""): Template {
  try {
    return Template.parse(format, undefined, name);
  } catch (err) {
    if (err instanceof TemplateParseError) throw new RunFailure(`template parsing error: ${err.message}`, 64);
    throw err;
  }
}

/**
 * `inspect --format` over the API's JSON documents, as Docker's inspector does: no format is an
 * indented JSON array, "json" a compact one, else the template once per document (a missing
 * key is an error, as in Docker's raw-JSON fallback). Returns the text and the errors.
 */
export function renderInspect(format: string, docs: unknown[]): { text: string; errors: string[] } {
  if (!format) return { text: `${JSON.stringify(docs, null, 4)}\n`, errors: [] };
  if (format === "json") return { text: `${JSON.stringify(docs)}\n`, errors: [] };
  const tmpl = parseOr64(format);
  let text = "";
  const errors: string[] = [];
  for (const doc of docs) {
    try {
      text += `${tmpl.execute(typedNulls(doc), { missingKeyError: true })}\n`;
    } catch (err) {
      errors.push(`template parsing error: ${(err as Error).message}`);
    }
  }
  return { text: text || "\n", errors };
}

/** `version --format` / `info --format`: one value through a template ("json" is `{{json .}}`), named as Docker names it. */
export function renderValue(format: string, value: unknown, name = ""): string {
  const tmpl = parseOr64(format === "json" ? "{{json .}}" : format, name);
  try {
    return `${tmpl.execute(value)}\n`;
  } catch (err) {
    // Docker ends the (partial) output with its newline before it reports the error.
    process.stdout.write("\n");
    throw new RunFailure((err as Error).message, 1);
  }
}
