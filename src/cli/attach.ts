import { parseDetachKeys } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { RunFailure } from "./run-failure.ts";
import { UsageError } from "./scan-flags.ts";
import { pumpStream } from "./stream-io.ts";
import { statusAfterStream } from "./attach-exit.ts";

/** Signals `--sig-proxy` passes on to the container (SIGKILL and SIGSTOP cannot be caught). */
const proxied = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH"] as const;

interface Inspected {
  Id: string;
  Config: { Tty: boolean; OpenStdin: boolean };
  State: { Running: boolean; Paused: boolean; Restarting: boolean; ExitCode: number };
}

export default command({
  meta: { name: "attach", description: "Attach local standard input, output, and error streams to a running container" },
  args: {
    container: { type: "positional", required: false, description: "CONTAINER" },
    "detach-keys": { type: "string", description: "Override the key sequence for detaching a container", valueHint: "string" },
    "no-stdin": { type: "boolean", description: "Do not attach STDIN" },
    "sig-proxy": { type: "boolean", default: true, description: "Proxy all received signals to the process" },
  },
  async run({ args, data }) {
    if (!args.container) throw new UsageError("'bunker attach' requires exactly 1 argument");
    const detachKeys = args["detach-keys"] as string | undefined;
    if (detachKeys) {
      try {
        parseDetachKeys(detachKeys);
      } catch (err) {
        throw new RunFailure((err as Error).message, 1);
      }
    }
    const client = await connectDaemon((data as CliData).globals);
    const c = await client.json<Inspected>("GET", `/containers/${encodeURIComponent(args.container)}/json`);
    if (c.State.Paused) throw new RunFailure("You cannot attach to a paused container, unpause it first", 1);
    if (c.State.Restarting) throw new RunFailure("You cannot attach to a restarting container, wait until it is running", 1);
    if (!c.State.Running) throw new RunFailure("You cannot attach to a stopped container, start it first", 1);
    const tty = c.Config.Tty;
    const stdin = c.Config.OpenStdin && !args["no-stdin"];
    const query = `stream=1&stdout=1&stderr=1${stdin ? "&stdin=1" : ""}${detachKeys ? `&detachKeys=${encodeURIComponent(detachKeys)}` : ""}`;
    const { socket, head } = await client.hijack("POST", `/containers/${c.Id}/attach?${query}`);
    const waiting = client.request("POST", `/containers/${c.Id}/wait`, { query: { condition: "not-running" } });
    waiting.catch(() => undefined);
    // Without a terminal the container's process gets the signals this process gets (Docker's --sig-proxy).
    const forward = (signal: NodeJS.Signals) => void client.request("POST", `/containers/${c.Id}/kill`, { query: { signal } }).catch(() => undefined);
    const sigProxy = args["sig-proxy"] !== false && !tty;
    if (sigProxy) for (const s of proxied) process.on(s, forward);
    await pumpStream(socket, head, {
      tty,
      stdin,
      resize: (rows, cols) => void client.request("POST", `/containers/${c.Id}/resize`, { query: { h: rows, w: cols } }).catch(() => undefined),
    });
    if (sigProxy) for (const s of proxied) process.off(s, forward);
    return statusAfterStream(client, c.Id, waiting);
  },
});
