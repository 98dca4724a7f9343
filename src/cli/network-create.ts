import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { flagValues, UsageError } from "./scan-flags.ts";

const args = {
  name: { type: "positional", required: false, description: "Network name" },
  driver: { type: "string", alias: "d", description: "Driver to manage the Network (bridge)", valueHint: "string" },
  subnet: { type: "string", description: "Subnet in CIDR format that represents a network segment", valueHint: "string" },
  gateway: { type: "string", description: "IPv4 Gateway for the master subnet", valueHint: "string" },
  "ip-range": { type: "string", description: "Allocate container ip from a sub-range", valueHint: "string" },
  "aux-address": { type: "string", description: "Auxiliary IPv4 addresses used by Network driver (repeatable)", valueHint: "map" },
  internal: { type: "boolean", description: "Restrict external access to the network" },
  attachable: { type: "boolean", description: "Enable manual container attachment" },
  label: { type: "string", description: "Set metadata on a network (repeatable)", valueHint: "list" },
  opt: { type: "string", alias: "o", description: "Set driver specific options (repeatable)", valueHint: "map" },
} as const;

function keyValues(list: string[]): Record<string, string> {
  return Object.fromEntries(list.map((l) => (l.includes("=") ? [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] : [l, ""])));
}

export default command({
  meta: { name: "create", description: "Create a network" },
  args,
  async run({ args: a, rawArgs, data }) {
    if (!a.name) throw new UsageError("'bunker network create' requires exactly 1 argument");
    if ((a.gateway || a["ip-range"]) && !a.subnet) throw new UsageError("every ip-range or gateway must have a corresponding subnet");
    const auxList = flagValues(rawArgs, args, "aux-address");
    if (auxList.length && !a.subnet) throw new UsageError("no matching subnet for aux-address");
    const aux = auxList.length ? keyValues(auxList) : undefined;
    const client = await connectDaemon((data as CliData).globals);
    const body = {
      Name: a.name,
      Driver: a.driver || "bridge",
      Internal: !!a.internal,
      Attachable: !!a.attachable,
      Labels: keyValues(flagValues(rawArgs, args, "label")),
      Options: keyValues(flagValues(rawArgs, args, "opt")),
      IPAM: { Driver: "default", Config: a.subnet ? [{ Subnet: a.subnet, Gateway: a.gateway || undefined, IPRange: a["ip-range"] || undefined, AuxiliaryAddresses: aux }] : [] },
    };
    const r = await client.json<{ Id: string; Warning?: string }>("POST", "/networks/create", { body });
    if (r.Warning) console.error(`WARNING: ${r.Warning}`);
    console.log(r.Id);
    return 0;
  },
});
