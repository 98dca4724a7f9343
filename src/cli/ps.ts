import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { formatTable } from "./table.ts";

interface Port { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }
interface Row { Id: string; Names: string[]; Image: string; Command: string; Created: number; Status: string; Ports: Port[] | null }

/** Docker's PORTS column, sorted by container port: "53/udp, 127.0.0.1:8080->80/tcp". */
export function portsColumn(ports: Port[]): string {
  return [...ports]
    .sort((a, b) => a.PrivatePort - b.PrivatePort || a.Type.localeCompare(b.Type) || (a.PublicPort ?? 0) - (b.PublicPort ?? 0))
    .map((p) => (p.PublicPort ? `${p.IP?.includes(":") ? `[${p.IP}]` : p.IP || "0.0.0.0"}:${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`))
    .join(", ");
}

function ago(created: number): string {
  const s = Math.floor(Date.now() / 1000) - created;
  if (s < 60) return `${s} seconds ago`;
  if (s < 3600) return `${Math.floor(s / 60)} minutes ago`;
  if (s < 86400 * 2) return `${Math.floor(s / 3600)} hours ago`;
  return `${Math.floor(s / 86400)} days ago`;
}

export default command({
  meta: { name: "ps", description: "List containers" },
  args: {
    all: { type: "boolean", alias: "a", description: "Show all containers (default shows just running)" },
    quiet: { type: "boolean", alias: "q", description: "Only display container IDs" },
    "no-trunc": { type: "boolean", description: "Don't truncate output" },
  },
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    const rows = await client.json<Row[]>("GET", "/containers/json", { query: { all: args.all ? 1 : undefined } });
    const trunc = !args["no-trunc"];
    if (args.quiet) {
      for (const r of rows) console.log(trunc ? r.Id.slice(0, 12) : r.Id);
      return 0;
    }
    const table = [["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]];
    for (const r of rows) {
      const cmd = trunc && r.Command.length > 20 ? `${r.Command.slice(0, 19)}…` : r.Command;
      table.push([trunc ? r.Id.slice(0, 12) : r.Id, r.Image, `"${cmd}"`, ago(r.Created), r.Status, portsColumn(r.Ports ?? []), r.Names.map((n) => n.slice(1)).join(",")]);
    }
    console.log(formatTable(table));
    return 0;
  },
});
