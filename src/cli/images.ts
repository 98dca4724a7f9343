import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { configFormat } from "./docker-config-file.ts";
import { filtersQuery } from "./filter-flag.ts";
import { defaultImageDigestTable, defaultImageTable, imageContext, imageHeaders, imageRows, rawImageDigestFormat, rawImageFormat, renderList, writeOut, type ImageSummary } from "./format/index.ts";

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
    // In the daemon's order (newest first), one row per repository:tag, as Docker's CLI prints them.
    const sorted = list;
    const raw = a.format === "raw";
    let format = a.format ?? (a.quiet ? "" : configFormat("imagesFormat"));
    if (raw) format = a.quiet ? "" : a.digests ? rawImageDigestFormat : rawImageFormat;
    // A custom table with --digests gets the DIGEST column too, as Docker's does.
    else if (a.digests && !a.quiet && format.startsWith("table") && format !== "table" && !format.includes("{{.Digest}}")) format += "\t{{.Digest}}";
    const needDigest = !!a.digests || format.includes("{{.Digest}}");
    const contexts = sorted.flatMap((i) => imageRows(i, { needDigest, showDigests: !!a.digests }).map((row) => imageContext(i, row, { trunc })));
    const defaultTable = a.digests ? defaultImageDigestTable : defaultImageTable;
    const quietFormat = raw ? "image_id: {{.ID}}" : "{{.ID}}";
    writeOut(renderList({ format, defaultTable, quietFormat, quiet: !!a.quiet, headers: imageHeaders }, contexts));
    return 0;
  },
});
