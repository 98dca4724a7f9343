import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { eachContainer } from "./each-container.ts";
import { resourceBody, resourceFlags } from "./resource-flags.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "update", description: "Update configuration of one or more containers" },
  args: {
    ...resourceFlags,
    restart: { type: "string", description: "Restart policy to apply when a container exits", valueHint: "string" },
  },
  variadic: true,
  async run({ args, data }) {
    const body: Record<string, unknown> = resourceBody(args);
    if (args.restart !== undefined) {
      const [name = "no", retries] = String(args.restart).split(":");
      body.RestartPolicy = { Name: name, MaximumRetryCount: retries ? Number(retries) : 0 };
    }
    if (!Object.keys(body).length) throw new UsageError("you must provide one or more flags when using this command");
    const client = await connectDaemon((data as CliData).globals);
    return eachContainer("update", (args._ as string[]) ?? [], client, async (name) => {
      const res = await client.json<{ Warnings?: string[] | null }>("POST", `/containers/${name}/update`, { body });
      for (const w of res.Warnings ?? []) console.error(`WARNING: ${w}`);
    });
  },
});
