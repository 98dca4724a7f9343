import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { flagValues } from "./scan-flags.ts";

const args = {
  name: { type: "positional", required: false, description: "Volume name (random when not given)" },
  label: { type: "string", description: "Set metadata for a volume (repeatable)", valueHint: "list" },
} as const;

export default command({
  meta: { name: "create", description: "Create a volume" },
  args,
  async run({ args: a, rawArgs, data }) {
    const client = await connectDaemon((data as CliData).globals);
    const labels = Object.fromEntries(flagValues(rawArgs, args, "label").map((l) => (l.includes("=") ? [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] : [l, ""])));
    const v = await client.json<{ Name: string }>("POST", "/volumes/create", { body: { Name: a.name, Labels: labels } });
    console.log(v.Name);
    return 0;
  },
});
