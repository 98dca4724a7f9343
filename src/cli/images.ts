import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { filtersQuery } from "./filter-flag.ts";
import { defaultImageDigestTable, defaultImageTable, imageContext, imageHeaders, imageRows, renderList, type ImageSummary } from "./format/index.ts";
import { writeOut } from "./format/index.ts";

const args = {
  repository: { type: "positional", required: false, description: "[REPOSITORY[:TAG]]" },
  all: { type: "boolean", alias: "a", description: "Show all images (default hides intermediate images)" },
  digests: { type: "boolean", description: "Show digests" },
  filter: { type: "string", alias: "f", description: "Filter output based on conditions provided", valueHint: "filter" },
  format: { type: "string", description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template", valueHint: "string" },
  "no-trunc": { type: "boolean", description: "Don't truncate output" },
  quiet: { type: "boolean", alias: "q", description: "Only show image IDs" },
} as const;

export default command({
  meta: { name: "images", description: "List images" },
  args,
  async run({ args: a, rawArgs, data }) {
    let filters = filtersQuery(rawArgs, args);
    // `images REPOSITORY[:TAG]` is the reference filter.
    if (a.repository) {
      const f = JSON.parse(filters ?? "{}") as Record<string, Record<string, boolean>>;
      (f.reference ??= {})[a.repository] = true;
      filters = JSON.stringify(f);
    }
    const client = await connectDaemon((data as CliData).globals);
    const list = await client.json<ImageSummary[]>("GET", "/images/json", { query: { all: a.all ? 1 : undefined, filters } });
    // citty reads --no-trunc as trunc=false.
    const trunc = (a as { trunc?: boolean }).trunc !== false;
    // Newest first, as Docker lists them (the later of two made in the same second first); one row per repository:tag.
    const sorted = [...list].reverse().sort((x, y) => y.Created - x.Created);
    const contexts = sorted.flatMap((i) => imageRows(i).map((row) => imageContext(i, row, { trunc })));
    const format = a.format ?? "";
    const defaultTable = a.digests ? defaultImageDigestTable : defaultImageTable;
    // A custom table with --digests gets the DIGEST column too (after TAG), as Docker's does.
    const chosen = a.digests && format.startsWith("table ") && !format.includes(".Digest") ? format.replace(/(\{\{\s*\.Tag\s*\}\})/, "$1\t{{.Digest}}") : format;
    writeOut(renderList({ format: chosen, defaultTable, quietFormat: "{{.ID}}", quiet: !!a.quiet, headers: imageHeaders }, contexts));
    return 0;
  },
});
