import { escapeCodes } from "./terminal.ts";
import type { DockerClient } from "../client/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { humanSize } from "./progress-display.ts";
import { defaultStatsTable, renderList, statsContext, statsHeaders } from "./format/index.ts";

interface StatsJson {
  id: string;
  name: string;
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage: number; online_cpus: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage: number };
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
  blkio_stats: { io_service_bytes_recursive: { op: string; value: number }[] | null };
  pids_stats: { current?: number };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
}

/** Docker's binary sizes for memory ("1.5MiB"). */
function binarySize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toPrecision(3))}${units[i]}`;
}

/** One row as the docker CLI computes it: CPU share of the host since the previous sample, memory without the inactive page cache. */
export function statsRow(s: StatsJson, noTrunc = false): string[] {
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const sysDelta = s.cpu_stats.system_cpu_usage - s.precpu_stats.system_cpu_usage;
  const cpu = cpuDelta > 0 && sysDelta > 0 ? (cpuDelta / sysDelta) * (s.cpu_stats.online_cpus || 1) * 100 : 0;
  const m = s.memory_stats;
  const inactive = m.stats?.total_inactive_file ?? m.stats?.inactive_file ?? 0;
  const used = Math.max(0, (m.usage ?? 0) - (inactive < (m.usage ?? 0) ? inactive : 0));
  const limit = m.limit ?? 0;
  const io = s.blkio_stats.io_service_bytes_recursive ?? [];
  const sum = (op: string) => io.filter((e) => e.op.toLowerCase() === op).reduce((n, e) => n + e.value, 0);
  return [
    noTrunc ? s.id : s.id.slice(0, 12),
    s.name.replace(/^\//, ""),
    `${cpu.toFixed(2)}%`,
    `${binarySize(used)} / ${binarySize(limit)}`,
    `${(limit ? (used / limit) * 100 : 0).toFixed(2)}%`,
    `${humanSize(Object.values(s.networks ?? {}).reduce((n, i) => n + i.rx_bytes, 0))} / ${humanSize(Object.values(s.networks ?? {}).reduce((n, i) => n + i.tx_bytes, 0))}`,
    `${humanSize(sum("read"))} / ${humanSize(sum("write"))}`,
    String(s.pids_stats.current ?? 0),
  ];
}


async function sampleAll(client: DockerClient, ids: string[]): Promise<StatsJson[]> {
  return Promise.all(ids.map((id) => client.json<StatsJson>("GET", `/containers/${encodeURIComponent(id)}/stats`, { query: { stream: "false" } })));
}

export default command({
  meta: { name: "stats", description: "Display a live stream of container(s) resource usage statistics" },
  args: {
    all: { type: "boolean", alias: "a", description: "Show all containers (default shows just running)" },
    "no-stream": { type: "boolean", description: "Disable streaming stats and only pull the first result" },
    "no-trunc": { type: "boolean", description: "Do not truncate output" },
    format: { type: "string", description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template", valueHint: "string" },
  },
  variadic: true,
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    let names = (args._ as string[]) ?? [];
    if (!names.length) names = (await client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: args.all ? "1" : undefined } })).map((c) => c.Id);
    const format = (args.format as string | undefined) ?? "";
    const render = async () => {
      const rows = (await sampleAll(client, names)).map((s, i) => {
        const [id = "", name = "", cpuPerc = "", memUsage = "", memPerc = "", netIO = "", blockIO = "", pids = ""] = statsRow(s, !!args["no-trunc"]);
        return statsContext({ container: names[i] ?? id, id, name, cpuPerc, memUsage, memPerc, netIO, blockIO, pids });
      });
      return renderList({ format, defaultTable: defaultStatsTable, quietFormat: "{{.ID}}", quiet: false, headers: statsHeaders }, rows).replace(/\n$/, "");
    };
    if (args["no-stream"]) {
      console.log(await render());
      return 0;
    }
    const terminal = escapeCodes(process.stdout);
    for (;;) {
      const table = await render();
      process.stdout.write(terminal ? `\x1b[2J\x1b[H${table}\n` : `${table}\n`);
    }
  },
});
