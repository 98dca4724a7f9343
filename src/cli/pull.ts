import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "pull", description: "Download an image from a registry" },
  args: {
    image: { type: "positional", description: "NAME[:TAG|@DIGEST]" },
    quiet: { type: "boolean", alias: "q", description: "Suppress verbose output" },
    platform: { type: "string", description: "Set platform if server is multi-platform capable", valueHint: "string" },
  },
  async run({ args, data }) {
    if (!args.image) throw new UsageError("'bunker pull' requires exactly 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const at = args.image.lastIndexOf("@");
    const colon = args.image.lastIndexOf(":");
    const [fromImage, tag] = at > 0 ? [args.image.slice(0, at), args.image.slice(at + 1)] : colon > args.image.lastIndexOf("/") ? [args.image.slice(0, colon), args.image.slice(colon + 1)] : [args.image, "latest"];
    const res = await client.request("POST", "/images/create", { query: { fromImage, tag, platform: args.platform } });
    let failed = "";
    let buffered = "";
    const show = (line: string) => {
      if (!line.trim()) return;
      const e = JSON.parse(line) as { status?: string; id?: string; error?: string; progressDetail?: { current?: number; total?: number } };
      if (e.error) failed = e.error;
      else if (!args.quiet && e.status && e.status !== "Downloading" && e.status !== "Extracting") console.log(e.id ? `${e.id}: ${e.status}` : e.status);
    };
    for await (const chunk of res.body ?? []) {
      buffered += Buffer.from(chunk as Uint8Array).toString();
      const lines = buffered.split(/\r?\n/);
      buffered = lines.pop() ?? "";
      lines.forEach(show);
    }
    show(buffered);
    if (failed) {
      console.error(`Error response from daemon: ${failed}`);
      return 1;
    }
    if (args.quiet) console.log(args.image.includes("/") || args.image.includes(".") ? args.image : `docker.io/library/${args.image}${args.image.includes(":") || args.image.includes("@") ? "" : ":latest"}`);
    return 0;
  },
});
