import type { Server } from "node:http";
import type { Server as NetServer, Socket } from "node:net";
import { chmodSync, existsSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { dirname } from "node:path";
import { apiRoutes, createApiServer, type Route } from "../api/index.ts";
import { ensurePrivateDir, runtimeFiles, type DaemonConfig, type Paths } from "../config/index.ts";
import { createEngine, type Engine } from "../engine/index.ts";
import { Conflict, log } from "../lib/index.ts";
import { DaemonLock } from "./daemon-lock.ts";
import { listenOnFd, takeListenFd } from "./listen-fds.ts";
import { planListeners, type ListenAddress } from "./listen-addresses.ts";

export interface DaemonOptions {
  paths: Paths;
  config: DaemonConfig;
  /** Extra routes (tests use this to mount probes on the real server). */
  extraRoutes?: (engine: Engine) => Route[];
}

/** A running daemon: the API on its socket(s), holding the lock, until stop(). */
export interface RunningDaemon {
  /** The (first) unix socket. */
  socket: string;
  /** Every address served: unix:///…, tcp://… */
  hosts: string[];
  engine: Engine;
  stop(): Promise<void>;
}

/** Whether something answers on a unix socket path (then it is not a stale one to remove). */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ path });
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

async function listen(server: Server, address: ListenAddress, ownSocket: string): Promise<void> {
  // Our own socket's path is ours (we hold the lock); another path given with -H may be a
  // live daemon's, and is replaced only when nothing answers there.
  if (address.kind === "unix" && address.path !== ownSocket && existsSync(address.path) && (await answers(address.path))) {
    throw new Conflict(`cannot listen on ${address.url}: another process is serving that socket`);
  }
  return listenNow(server, address);
}

function listenNow(server: Server, address: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => reject(new Error(`cannot listen on ${address.url}: ${err.message}`));
    server.once("error", fail);
    if (address.kind === "tcp") {
      server.listen(address.port, address.host, () => {
        server.off("error", fail);
        resolve();
      });
      return;
    }
    // The socket is created 0600 from the start: no window where another user could connect.
    rmSync(address.path, { force: true }); // a stale socket of a dead daemon: we hold the lock now
    const previous = process.umask(0o177);
    server.listen(address.path, () => {
      process.umask(previous);
      server.off("error", fail);
      chmodSync(address.path, 0o600);
      resolve();
    });
  });
}

/** Take the lock, build the engine, and serve the API on the socket. */
export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const { paths, config } = opts;
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0 && !process.env.XDG_RUNTIME_DIR && !process.env.BUNKER_EXEC_ROOT) ensurePrivateDir(dirname(paths.execRoot), uid);
  ensurePrivateDir(paths.execRoot, uid);
  const files = runtimeFiles(paths.execRoot);
  const plan = planListeners(config, paths.socket);
  const lock = DaemonLock.acquire(files.lock, files.pid);
  const servers: Server[] = [];
  let engine: Engine | undefined;
  try {
    engine = await createEngine({ paths, config });
    const routes = [...apiRoutes(engine), ...(opts.extraRoutes?.(engine) ?? [])];
    const connections = new Set<Socket>();
    // Socket activation: systemd owns this user's socket file and passed it as a listening fd.
    const inheritedFd = takeListenFd();
    const acceptors: NetServer[] = [];
    for (const address of plan.addresses) {
      const server = createApiServer(routes, address.kind === "tcp" ? plan.tls : undefined);
      servers.push(server);
      server.on("connection", (s: Socket) => {
        connections.add(s);
        s.once("close", () => connections.delete(s));
      });
      if (inheritedFd !== undefined && address.kind === "unix" && address.path === paths.socket) acceptors.push(await listenOnFd(server, inheritedFd));
      else await listen(server, address, paths.socket);
    }
    const activated = acceptors.length > 0;
    const sockets = plan.addresses.flatMap((a) => (a.kind === "unix" && !(activated && a.path === paths.socket) ? [a.path] : []));
    const hosts = plan.addresses.map((a) => (activated && a.kind === "unix" && a.path === paths.socket ? `fd ${inheritedFd} from systemd (${a.url})` : a.url));
    log.info("daemon listening", { hosts: hosts.join(" "), pid: process.pid, storage: engine.system.snapshotter.name });
    let stopping: Promise<void> | undefined;
    return {
      socket: sockets[0]!,
      hosts,
      engine,
      stop: () =>
        (stopping ??= (async () => {
          log.info("daemon shutting down");
          const closed = [...servers, ...acceptors].map((srv) => new Promise<void>((resolve) => srv.close(() => resolve())));
          for (const s of connections) s.destroy();
          log.debug("connections destroyed", { n: connections.size });
          await Promise.all(closed);
          log.debug("server closed");
          for (const socket of sockets) rmSync(socket, { force: true });
          engine!.close();
          lock.release();
        })()),
    };
  } catch (err) {
    for (const srv of servers) srv.close();
    engine?.close();
    lock.release();
    throw err;
  }
}
