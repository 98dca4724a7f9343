import type { Socket } from "node:net";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";

function write(stream: NodeJS.WritableStream, data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(data, (err) => (err ? reject(err) : resolve())));
}

/** stdin → daemon; at EOF, half-close the connection (the daemon may still answer). */
async function stdinToDaemon(socket: Socket): Promise<void> {
  for await (const chunk of Bun.stdin.stream()) {
    if (socket.destroyed) return;
    if (!socket.write(chunk)) await new Promise((resolve) => socket.once("drain", resolve));
  }
  socket.end();
}

/** daemon → stdout, until the daemon closes its side. */
function daemonToStdout(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => {
      socket.pause();
      write(process.stdout, chunk).then(() => socket.resume(), reject);
    });
    socket.once("end", () => void write(process.stdout, "").then(resolve, reject));
    socket.once("error", reject);
  });
}

/**
 * `bunker system dial-stdio`: this process's stdin and stdout become a connection to the daemon
 * (started on demand, like any verb). It is what `-H ssh://` runs on the remote machine, as
 * Docker's `docker system dial-stdio`. It ends when the daemon closes its side, as Docker's does
 * (stdin may never close).
 */
export default command({
  meta: { name: "dial-stdio", description: "Proxy the stdio stream to the daemon connection (what -H ssh:// runs on the remote host)" },
  args: {},
  async run({ data }) {
    const client = await connectDaemon((data as CliData).globals);
    const socket = await client.transport.dial();
    void stdinToDaemon(socket).catch(() => socket.end());
    await daemonToStdout(socket);
    return 0;
  },
});
