import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import {
  buildCacheContext, buildCacheHeaders, containerContext, containerHeaders, defaultBuildCacheTable, defaultDiskUsageContainerTable, defaultDiskUsageImageTable,
  defaultDiskUsageTable, defaultDiskUsageVolumeTable, diskUsageHeaders, diskUsageRows, humanSize, imageContext, imageHeaders, imageRows, renderList, volumeContext,
  volumeHeaders, writeOut, renderValue, GoStruct, type DiskUsageSummary,
} from "./format/index.ts";

/** One row per image tag, without digests (Docker's df rows carry none). */
function imageContexts(du: DiskUsageSummary, trunc: boolean): GoStruct[] {
  return (du.Images ?? []).flatMap((i) => imageRows(i).map((r) => imageContext(i, { ...r, digest: "" }, { trunc })));
}

/** `system df -v`: a table per kind, under Docker's section titles. */
function verbose(du: DiskUsageSummary, trunc: boolean): string {
  const list = (defaultTable: string, headers: Record<string, string>, rows: Parameters<typeof renderList>[1]) => renderList({ format: "", defaultTable, quietFormat: "", quiet: false, headers }, rows);
  const images = imageContexts(du, trunc);
  const cache = du.BuildCache ?? [];
  const cacheSize = cache.filter((b) => !b.Shared).reduce((n, b) => n + b.Size, 0);
  return [
    "Images space usage:\n\n",
    list(defaultDiskUsageImageTable, imageHeaders, images),
    "\nContainers space usage:\n\n",
    // The writable layer alone, without "(virtual …)", as Docker shows it here.
    list(defaultDiskUsageContainerTable, containerHeaders, (du.Containers ?? []).map((c) => containerContext({ ...c, SizeRootFs: undefined }, { trunc }))),
    "\nLocal Volumes space usage:\n\n",
    list(defaultDiskUsageVolumeTable, volumeHeaders, (du.Volumes ?? []).map(volumeContext)),
    `\nBuild cache usage: ${humanSize(cacheSize, 4)}\n\n`,
    list(defaultBuildCacheTable, buildCacheHeaders, cache.map((b) => buildCacheContext(b, { trunc }))),
  ].join("");
}

function verboseContext(du: DiskUsageSummary): GoStruct {
  const trunc = false;
  return new GoStruct("*formatter.diskUsageContext", {
    Images: () => imageContexts(du, trunc),
    Containers: () => (du.Containers ?? []).map((c) => containerContext({ ...c, SizeRootFs: undefined }, { trunc })),
    Volumes: () => (du.Volumes ?? []).map(volumeContext),
    BuildCache: () => (du.BuildCache ?? []).map((b) => buildCacheContext(b, { trunc })),
  });
}

export default command({
  meta: { name: "df", description: "Show disk usage (images, containers, volumes, build cache)" },
  args: {
    format: { type: "string", description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template", valueHint: "string" },
    verbose: { type: "boolean", alias: "v", description: "Show detailed information on space usage" },
  },
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    const du = await client.json<DiskUsageSummary>("GET", "/system/df");
    const trunc = true;
    if (args.verbose) {
      // With a format, -v runs it once over all four lists of rows, untruncated (Docker's verbose context).
      const ctx = verboseContext(du);
      if (args.format === "json" || args.format?.trim() === "{{json .}}") {
        // Docker marshals its verbose struct: the four lists in this order, each row as its context's JSON.
        const rows = (name: string) => (ctx.methods[name]!() as GoStruct[]).map((r) => renderValue("json", r).trim()).join(",");
        writeOut(`{"Images":[${rows("Images")}],"Containers":[${rows("Containers")}],"Volumes":[${rows("Volumes")}],"BuildCache":[${rows("BuildCache")}]}`); // no newline, as docker prints it
      } else if (args.format) writeOut(renderValue(args.format, ctx));
      else writeOut(verbose(du, trunc));
      return 0;
    }
    writeOut(renderList({ format: args.format ?? "", defaultTable: defaultDiskUsageTable, quietFormat: "", quiet: false, headers: diskUsageHeaders }, diskUsageRows(du)));
    return 0;
  },
});
