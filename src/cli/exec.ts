import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { flagValues, UsageError } from "./scan-flags.ts";
import { pumpStream } from "./stream-io.ts";

const execArgs = {
  detach: { type: "boolean", alias: "d", description: "Detached mode: run command in the background" },
  "detach-keys": { type: "string", description: "Override the key sequence for detaching a container", valueHint: "string" },
  env: { type: "string", alias: "e", description: "Set environment variables (repeatable)", valueHint: "list" },
  interactive: { type: "boolean", alias: "i", description: "Keep STDIN open even if not attached" },
  tty: { type: "boolean", alias: "t", description: "Allocate a pseudo-TTY" },
  user: { type: "string", alias: "u", description: "Username or UID (format: <name|uid>[:<group|gid>])", valueHint: "string" },
  workdir: { type: "string", alias: "w", description: "Working directory inside the container", valueHint: "string" },
  privileged: { type: "boolean", description: "Give extended privileges to the command" },
} as const;

export default command({
  meta: { name: "exec", description: "Execute a command in a running container" },
  args: execArgs,
  variadic: true,
  stopAtPositional: true,
  async run({ args, rawArgs, data }) {
    const [container, ...cmd] = (args._ as string[]) ?? [];
    if (!container || cmd.length === 0) throw new UsageError("'bunker exec' requires at least 2 arguments: CONTAINER COMMAND [ARG...]");
    const client = await connectDaemon((data as CliData).globals);
    const tty = !!args.tty;
    const size = tty && process.stdout.isTTY ? [process.stdout.rows, process.stdout.columns] : undefined;
    const { Id } = await client.json<{ Id: string }>("POST", `/containers/${encodeURIComponent(container)}/exec`, {
      body: {
        Cmd: cmd,
        Env: flagValues(rawArgs, execArgs, "env"),
        User: args.user,
        WorkingDir: args.workdir,
        Tty: tty,
        AttachStdin: !!args.interactive && !args.detach,
        AttachStdout: !args.detach,
        AttachStderr: !args.detach,
        Privileged: !!args.privileged,
        ConsoleSize: size,
        DetachKeys: args["detach-keys"] as string | undefined,
      },
    });
    if (args.detach) {
      await client.request("POST", `/exec/${Id}/start`, { body: { Detach: true, Tty: tty } });
      return 0;
    }
    const { socket, head } = await client.hijack("POST", `/exec/${Id}/start`, { Detach: false, Tty: tty, ConsoleSize: size });
    await pumpStream(socket, head, {
      tty,
      stdin: !!args.interactive,
      resize: (rows, cols) => void client.request("POST", `/exec/${Id}/resize`, { query: { h: rows, w: cols } }).catch(() => undefined),
    });
    const info = await client.json<{ ExitCode: number | null; Running: boolean }>("GET", `/exec/${Id}/json`);
    // Detached (the detach keys): the command runs on, as docker exec leaves it.
    return info.Running ? 0 : (info.ExitCode ?? 0);
  },
});
