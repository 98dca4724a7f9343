import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { formatTable } from "./table.ts";

interface Summary { Id: string; RepoTags: string[]; RepoDigests: string[]; Created: number; Size: number }

function size(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n.toFixed(n < 10 && i > 0 ? 2 : n < 100 && i > 0 ? 1 : 0)}${units[i]}`;
}

export default command({
  meta: { name: "images", description: "List images" },
  args: {
    all: { type: "boolean", alias: "a", description: "Show all images" },
    quiet: { type: "boolean", alias: "q", description: "Only show image IDs" },
    digests: { type: "boolean", description: "Show digests" },
    "no-trunc": { type: "boolean", description: "Don't truncate output" },
  },
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    const list = await client.json<Summary[]>("GET", "/images/json");
    const id = (i: Summary) => (args["no-trunc"] ? i.Id : i.Id.slice(7, 19));
    if (args.quiet) {
      for (const i of list) console.log(id(i));
      return 0;
    }
    const rows = [["REPOSITORY", "TAG", ...(args.digests ? ["DIGEST"] : []), "IMAGE ID", "CREATED", "SIZE"]];
    for (const i of list) {
      const tags = i.RepoTags.length ? i.RepoTags : ["<none>:<none>"];
      for (const t of tags) {
        const cut = t.lastIndexOf(":");
        const repo = t.slice(0, cut);
        const digest = i.RepoDigests.find((d) => d.startsWith(`${repo}@`))?.split("@")[1] ?? "<none>";
        const created = new Date(i.Created * 1000).toISOString().slice(0, 10);
        rows.push([repo, t.slice(cut + 1), ...(args.digests ? [digest] : []), id(i), created, size(i.Size)]);
      }
    }
    console.log(formatTable(rows));
    return 0;
  },
});
