import { parseDaemonConfig } from "../../src/config/index.ts";
import { startDaemon, type RunningDaemon } from "../../src/daemon/index.ts";
import { DockerClient, parseHost } from "../../src/client/index.ts";
import { tempBunkerDirs } from "./temp-dirs.ts";
import { setLogLevel } from "../../src/lib/index.ts";

/** An in-process daemon on temporary paths, and a client for it. */
export async function apiDaemon(prefix = "bk-api-", configJson = "{}") {
  setLogLevel("warn");
  const dirs = tempBunkerDirs(prefix);
  const daemon: RunningDaemon = await startDaemon({ paths: dirs.paths, config: parseDaemonConfig(configJson) });
  const client = new DockerClient(parseHost(`unix://${dirs.paths.socket}`));
  return { dirs, daemon, client };
}

/** Demultiplex a Docker stream body (8-byte frame headers) into stdout and stderr text. */
export function demux(buf: Buffer): { stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  let rest = buf;
  while (rest.length >= 8) {
    const size = rest.readUInt32BE(4);
    const body = rest.subarray(8, 8 + size).toString();
    if (rest[0] === 2) stderr += body;
    else stdout += body;
    rest = rest.subarray(8 + size);
  }
  return { stdout, stderr };
}

/** Remove every container (forced), stop the daemon and remove its directories. */
export async function stopApiDaemon(ctx: Awaited<ReturnType<typeof apiDaemon>> | undefined): Promise<void> {
  if (!ctx) return;
  for (const c of await ctx.client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: 1 } }).catch(() => [])) {
    await ctx.client.request("DELETE", `/containers/${c.Id}`, { query: { force: 1 } }).catch(() => undefined);
  }
  await ctx.daemon.stop();
  ctx.dirs.cleanup();
}
