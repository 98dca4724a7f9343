import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, statSync, truncateSync } from "node:fs";
import { dirname } from "node:path";
import { ConnectError, DockerClient, type Host } from "../client/index.ts";
import { defaultPaths, ensurePrivateDir, runtimeFiles } from "../config/index.ts";
import type { GlobalOptions } from "./command.ts";
import { hostOf } from "./globals.ts";
import { selfCommand } from "../lib/index.ts";

const startTimeoutMs = 20_000;


function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no daemon log)";
  }
}

/** Start `bunker daemon` in the background, its output going to the daemon log, and wait until it answers. */
async function startDaemon(client: DockerClient, globals: GlobalOptions): Promise<void> {
  const paths = defaultPaths();
  if (!process.env.XDG_RUNTIME_DIR && process.getuid?.() !== 0 && !process.env.BUNKER_EXEC_ROOT) ensurePrivateDir(dirname(paths.execRoot));
  ensurePrivateDir(paths.execRoot);
  const logFile = runtimeFiles(paths.execRoot).log;
  if (existsSync(logFile) && statSync(logFile).size > 10 * 1024 * 1024) truncateSync(logFile, 0);
  const fd = openSync(logFile, "a", 0o600);
  const [cmd, ...args] = selfCommand();
  const level = globals.logLevel ?? (globals.debug ? "debug" : undefined);
  const child = spawn(cmd!, [...args, ...(level ? ["--log-level", level] : []), "daemon"], {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, BUNKER_AUTOSTARTED: "1" },
  });
  closeSync(fd);
  let exited: number | null = null;
  child.on("exit", (code, signal) => (exited = code ?? (signal ? 128 : 1)));
  child.unref();
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (await client.ping(1000)) return;
    if (exited !== null) break;
    await Bun.sleep(50);
  }
  const why = exited !== null ? `it exited with status ${exited}` : `it did not answer within ${startTimeoutMs / 1000}s`;
  throw new ConnectError(`Cannot start the Bunker daemon (${why}). The end of its log, ${logFile}:\n${logTail(logFile)}`);
}

const opened = new Set<DockerClient>();

/** Close every client connectDaemon made (ends an ssh transport's processes before the CLI exits). */
export async function closeClients(): Promise<void> {
  await Promise.all([...opened].map((c) => c.close()));
  opened.clear();
}

/**
 * A client for the daemon, starting the daemon first when it is this user's own local socket and
 * not running. Another host (tcp://, ssh://, another socket) is never started: the reason it
 * cannot be reached (TLS, ssh's own message) is what the user sees.
 */
export async function connectDaemon(globals: GlobalOptions): Promise<DockerClient> {
  const host: Host = hostOf(globals);
  const client = new DockerClient(host);
  opened.add(client);
  if (host.kind !== "unix") {
    // ssh logs in on the first request: give it time, and let its reason through.
    const res = await client.request("GET", "/_ping", { timeoutMs: 60_000 });
    await res.text();
    return client;
  }
  if (await client.ping()) return client;
  const ownSocket = host.path === defaultPaths().socket;
  if (!ownSocket || process.env.BUNKER_NO_AUTOSTART === "1") {
    throw new ConnectError(`Cannot connect to the Bunker daemon at ${host.url}. Is the daemon running?`);
  }
  await startDaemon(client, globals);
  return client;
}
