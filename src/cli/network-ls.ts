import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { flagValues, UsageError } from "./scan-flags.ts";
import { configFormat } from "./docker-config-file.ts";
import { defaultNetworkTable, networkContext, networkHeaders, renderList, writeOut, type NetworkSummary } from "./format/index.ts";

const args = {
  quiet: { type: "boolean", alias: "q", description: "Only display network IDs" },
  "no-trunc": { type: "boolean", description: "Do not truncate the output" },
  filter: { type: "string", alias: "f", description: "Provide filter values (e.g. 'driver=bridge') (repeatable)", valueHint: "filter" },
  format: { type: "string", description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template", valueHint: "string" },
} as const;

export default command({
  meta: { name: "ls", description: "List networks", alias: "list" },
  args,
  async run({ args: a, rawArgs, data }) {
    const filters: Record<string, string[]> = {};
    for (const f of flagValues(rawArgs, args, "filter")) {
      const i = f.indexOf("=");
      if (i <= 0) throw new UsageError(`bad format of filter (expected name=value)`);
      (filters[f.slice(0, i)] ??= []).push(f.slice(i + 1));
    }
    const client = await connectDaemon((data as CliData).globals);
    const list = await client.json<NetworkSummary[]>("GET", "/networks", { query: { filters: Object.keys(filters).length ? JSON.stringify(filters) : undefined } });
    list.sort((x, y) => x.Name.localeCompare(y.Name));
    const trunc = !a["no-trunc"];
    const format = a.format ?? (a.quiet ? "" : configFormat("networksFormat"));
    writeOut(renderList({ format, defaultTable: defaultNetworkTable, quietFormat: "{{.ID}}", quiet: !!a.quiet, headers: networkHeaders }, list.map((n) => networkContext(n, { trunc }))));
    return 0;
  },
});
