import type { Subprocess } from "bun";
import { DockerClient, parseHost } from "../../src/client/index.ts";
import { bunkerArgv, waitFor } from "./bunker-command.ts";
import { tempBunkerDirs } from "./temp-dirs.ts";

/**
 * Daemons run as processes of their own on one set of temp dirs, for tests that kill one and
 * start the next: `start` waits until it answers; `stop` removes every container, kills every
 * daemon started and removes the dirs.
 */
export function daemonProcesses(prefix: string) {
  const dirs = tempBunkerDirs(prefix);
  const client = new DockerClient(parseHost(`unix://${dirs.paths.socket}`));
  const daemons: Subprocess[] = [];
  return {
    dirs,
    client,
    daemons,
    async start(): Promise<Subprocess> {
      const proc = Bun.spawn([...bunkerArgv("source"), "daemon"], { env: { ...process.env, ...dirs.env }, stdout: "ignore", stderr: "ignore" });
      daemons.push(proc);
      await waitFor(() => client.ping(500), 15_000, "the daemon");
      return proc;
    },
    async stop(): Promise<void> {
      for (const c of await client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: 1 } }).catch(() => [])) {
        await client.request("DELETE", `/containers/${c.Id}`, { query: { force: 1 } }).catch(() => undefined);
      }
      for (const d of daemons) d.kill("SIGKILL");
      dirs.cleanup();
    },
  };
}
