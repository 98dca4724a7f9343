import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

type Ports = Record<string, { HostIp: string; HostPort: string }[] | null>;

/** "0.0.0.0:8080", as docker port prints a binding. */
function hostSide(b: { HostIp: string; HostPort: string }): string {
  return `${b.HostIp.includes(":") ? `[${b.HostIp}]` : b.HostIp || "0.0.0.0"}:${b.HostPort}`;
}

export default command({
  meta: { name: "port", description: "List port mappings or a specific mapping for the container" },
  args: {
    container: { type: "positional", required: false, description: "Container" },
    port: { type: "positional", required: false, description: "PRIVATE_PORT[/PROTO]" },
  },
  async run({ args: a, data }) {
    if (!a.container) throw new UsageError("'bunker port' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const info = await client.json<{ Name: string; NetworkSettings: { Ports: Ports | null } }>("GET", `/containers/${encodeURIComponent(a.container)}/json`);
    const ports = info.NetworkSettings.Ports ?? {};
    if (a.port) {
      const [num = "", proto = "tcp"] = a.port.split("/");
      if (!/^\d+$/.test(num)) throw new UsageError(`Error: invalid port (${a.port})`);
      const list = ports[`${num}/${proto}`];
      if (!list?.length) {
        console.error(`Error: No public port '${num}/${proto}' published for ${info.Name.slice(1)}`);
        return 1;
      }
      for (const b of list) console.log(hostSide(b));
      return 0;
    }
    const keys = Object.keys(ports).sort((x, y) => parseInt(x) - parseInt(y) || x.localeCompare(y));
    for (const key of keys) for (const b of ports[key] ?? []) console.log(`${key} -> ${hostSide(b)}`);
    return 0;
  },
});
