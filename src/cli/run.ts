import type { DockerClient } from "../client/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { containerFlags } from "./container-flags.ts";
import { createContainer, imageAndCommand } from "./create-container.ts";
import { pumpStream } from "./stream-io.ts";
import { runFailure } from "./run-failure.ts";
import { statusAfterStream } from "./attach-exit.ts";

/** Attach (before start, so no output is lost), start, stream, and return the exit code. */
export async function attachStartWait(client: DockerClient, id: string, opts: { tty: boolean; stdin: boolean }): Promise<number> {
  const { socket, head } = await client.hijack("POST", `/containers/${id}/attach?stream=1&stdout=1&stderr=1${opts.stdin ? "&stdin=1" : ""}`);
  const waiting = client.request("POST", `/containers/${id}/wait`, { query: { condition: "next-exit" } });
  const pumped = pumpStream(socket, head, {
    tty: opts.tty,
    stdin: opts.stdin,
    resize: (rows, cols) => void client.request("POST", `/containers/${id}/resize`, { query: { h: rows, w: cols } }).catch(() => undefined),
  });
  try {
    await client.request("POST", `/containers/${id}/start`);
  } catch (err) {
    socket.destroy();
    throw runFailure(err);
  }
  await pumped;
  return statusAfterStream(client, id, waiting);
}

export default command({
  meta: { name: "run", description: "Create and run a new container from an image (or a root filesystem with --rootfs)" },
  args: {
    ...containerFlags,
    detach: { type: "boolean", alias: "d", description: "Run container in background and print container ID" },
  },
  variadic: true,
  stopAtPositional: true,
  async run({ args, rawArgs, data }) {
    imageAndCommand("run", args);
    const client = await connectDaemon((data as CliData).globals);
    const id = await createContainer(client, "run", args, rawArgs);
    if (args.detach) {
      try {
        await client.request("POST", `/containers/${id}/start`);
      } catch (err) {
        throw runFailure(err);
      }
      console.log(id);
      return 0;
    }
    return attachStartWait(client, id, { tty: !!args.tty, stdin: !!args.interactive });
  },
});
