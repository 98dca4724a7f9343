import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { configFormat } from "./docker-config-file.ts";
import { filtersQuery } from "./filter-flag.ts";
import { defaultVolumeTable, renderList, volumeContext, volumeHeaders, writeOut, type VolumeSummary } from "./format/index.ts";

const args = {
  filter: { type: "string", alias: "f", description: "Provide filter values (e.g. 'dangling=true')", valueHint: "filter" },
  format: { type: "string", description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template", valueHint: "string" },
  quiet: { type: "boolean", alias: "q", description: "Only display volume names" },
} as const;

export default command({
  meta: { name: "ls", description: "List volumes", alias: "list" },
  args,
  async run({ args: a, rawArgs, data }) {
    const filters = filtersQuery(rawArgs, args);
    const client = await connectDaemon((data as CliData).globals);
    const { Volumes } = await client.json<{ Volumes: VolumeSummary[] | null }>("GET", "/volumes", { query: { filters } });
    const sorted = [...(Volumes ?? [])].sort((x, y) => (x.Name < y.Name ? -1 : x.Name > y.Name ? 1 : 0));
    writeOut(renderList({ format: a.format ?? (a.quiet ? "" : configFormat("volumesFormat")), defaultTable: defaultVolumeTable, quietFormat: "{{.Name}}", quiet: !!a.quiet, headers: volumeHeaders }, sorted.map(volumeContext)));
    return 0;
  },
});
