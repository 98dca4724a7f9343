import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { repeatedFlag, UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "import", description: "Import the contents from a tarball to create a filesystem image" },
  args: {
    file: { type: "positional", description: "file|- (a tar, plain or gzipped)" },
    reference: { type: "positional", required: false, description: "REPOSITORY[:TAG]" },
    message: { type: "string", alias: "m", description: "Set commit message for imported image", valueHint: "string" },
    change: { type: "string", alias: "c", description: "Apply Dockerfile instruction to the created image (repeatable)", valueHint: "list" },
  },
  async run({ args, rawArgs, data }) {
    if (!args.file) throw new UsageError("'bunker import' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const ref = args.reference;
    const colon = ref ? ref.lastIndexOf(":") : -1;
    const hasTag = ref !== undefined && colon > ref.lastIndexOf("/");
    const query = new URLSearchParams({ fromSrc: "-" });
    if (ref) query.set("repo", hasTag ? ref.slice(0, colon) : ref);
    if (hasTag) query.set("tag", ref!.slice(colon + 1));
    if (args.message) query.set("message", args.message);
    for (const c of repeatedFlag(rawArgs, "change", "c")) query.append("changes", c);
    const body = args.file === "-" ? await Bun.stdin.bytes() : Bun.file(args.file);
    const res = await client.fetch(`/images/create?${query}`, { method: "POST", body });
    const text = (await res.text()).trim();
    const parsed = JSON.parse(text.split(/\r?\n/).at(-1) ?? "{}") as { status?: string; message?: string; error?: string };
    if (res.status >= 400 || parsed.error) {
      console.error(`Error response from daemon: ${parsed.message ?? parsed.error}`);
      return 1;
    }
    console.log(parsed.status);
    return 0;
  },
});
