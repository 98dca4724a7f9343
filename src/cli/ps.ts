import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { configFormat } from "./docker-config-file.ts";
import { filtersQuery } from "./filter-flag.ts";
import { containerContext, containerHeaders, defaultContainerTable, renderList, resolveListFormat, Template, TemplateExecError, TemplateParseError, writeOut, type ContainerSummary } from "./format/index.ts";
import { RunFailure } from "./run-failure.ts";
import { UsageError } from "./scan-flags.ts";

const args = {
  all: { type: "boolean", alias: "a", description: "Show all containers (default shows just running)" },
  filter: { type: "string", alias: "f", description: "Filter output based on conditions provided", valueHint: "filter" },
  format: { type: "string", description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template", valueHint: "string" },
  last: { type: "string", alias: "n", description: "Show n last created containers (includes all states)", valueHint: "int" },
  latest: { type: "boolean", alias: "l", description: "Show the latest created container (includes all states)" },
  "no-trunc": { type: "boolean", description: "Don't truncate output" },
  quiet: { type: "boolean", alias: "q", description: "Only display container IDs" },
  size: { type: "boolean", alias: "s", description: "Display total file sizes" },
} as const;

/** Docker's `--format raw`: one block of "key: value" lines per container. */
const rawFormat =
  "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n";

export default command({
  meta: { name: "ps", description: "List containers" },
  args,
  async run({ args: a, rawArgs, data }) {
    const last = a.last === undefined ? -1 : Number(a.last);
    if (!Number.isInteger(last)) throw new UsageError(`invalid argument "${a.last}" for "-n, --last" flag: strconv.ParseInt: parsing "${a.last}": invalid syntax`);
    const limit = a.latest ? 1 : last;
    // Without --format, the config file's psFormat (ignored with -q), as Docker's.
    const format = a.format ?? (a.quiet ? "" : configFormat("psFormat"));
    // Docker checks a given template before asking the daemon (on an empty container), in its own words.
    if (format && !["table", "json", "raw"].includes(format)) {
      let tmpl: Template;
      try {
        tmpl = Template.parse(format.replace(/^table\s*/, "").replaceAll("\\t", "\t").replaceAll("\\n", "\n"));
      } catch (err) {
        if (err instanceof TemplateParseError) throw new RunFailure(`failed to parse template: ${err.message}`, 1);
        throw err;
      }
      try {
        tmpl.execute(containerContext({ Id: "", Names: [], Image: "", Command: "", Created: 0, State: "", Status: "" }, { trunc: true }));
      } catch (err) {
        if (err instanceof TemplateExecError) throw new RunFailure(`failed to execute template: ${err.message}`, 1);
        throw err;
      }
    }
    const raw = format === "raw";
    const quietFormat = raw ? "container_id: {{.ID}}" : "{{.ID}}";
    let chosen = raw && !a.quiet ? rawFormat : resolveListFormat({ format, defaultTable: defaultContainerTable, quietFormat, quiet: !!a.quiet });
    // Docker adds the SIZE column to its default table with --size, and asks for sizes when a template shows them.
    if (a.size && !a.quiet && (chosen === defaultContainerTable || raw)) chosen += raw ? "size: {{.Size}}\n" : "\t{{.Size}}";
    const size = !!a.size || (a.size !== false && !a.quiet && /\.Size\b/.test(chosen));
    const filters = filtersQuery(rawArgs, args);
    const client = await connectDaemon((data as CliData).globals);
    const rows = await client.json<ContainerSummary[]>("GET", "/containers/json", {
      query: { all: a.all ? 1 : undefined, limit: limit > 0 ? limit : undefined, size: size ? 1 : undefined, filters },
    });
    // citty reads --no-trunc as trunc=false.
    const trunc = (a as { trunc?: boolean }).trunc !== false;
    writeOut(renderList({ format: chosen, defaultTable: defaultContainerTable, quietFormat: "{{.ID}}", quiet: false, headers: containerHeaders }, rows.map((r) => containerContext(r, { trunc }))));
    return 0;
  },
});
