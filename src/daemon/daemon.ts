import type { Server } from "node:http";
import type { Socket } from "node:net";
import { chmodSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { apiRoutes, createApiServer, type Route } from "../api/index.ts";
import { ensurePrivateDir, runtimeFiles, type DaemonConfig, type Paths } from "../config/index.ts";
import { createEngine, type Engine } from "../engine/index.ts";
import { log } from "../lib/index.ts";
import { DaemonLock } from "./daemon-lock.ts";
import { listenOnFd, takeListenFd } from "./listen-fds.ts";

export interface DaemonOptions {
  paths: Paths;
  config: DaemonConfig;
  /** Extra routes (tests use this to mount probes on the real server). */
  extraRoutes?: (engine: Engine) => Route[];
}

/** A running daemon: the API on its socket, holding the lock, until stop(). */
export interface RunningDaemon {
  socket: string;
  engine: Engine;
  stop(): Promise<void>;
}

function listen(server: Server, socket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // The socket is created 0600 from the start: no window where another user could connect.
    const previous = process.umask(0o177);
    server.listen(socket, () => {
      process.umask(previous);
      server.off("error", reject);
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
  const lock = DaemonLock.acquire(files.lock, files.pid);
  let server: Server | undefined;
  try {
    const engine = await createEngine({ paths, config });
    server = createApiServer([...apiRoutes(engine), ...(opts.extraRoutes?.(engine) ?? [])]);
    const connections = new Set<Socket>();
    server.on("connection", (s: Socket) => {
      connections.add(s);
      s.once("close", () => connections.delete(s));
    });
    // Socket activation: systemd owns the socket file and passed the listening socket.
    const inheritedFd = takeListenFd();
    const acceptor = inheritedFd === undefined ? undefined : await listenOnFd(server, inheritedFd);
    if (!acceptor) {
      rmSync(paths.socket, { force: true }); // a stale socket of a dead daemon: we hold the lock now
      await listen(server, paths.socket);
      chmodSync(paths.socket, 0o600);
    }
    log.info("daemon listening", { socket: acceptor ? `fd ${inheritedFd} from systemd` : paths.socket, pid: process.pid, storage: engine.system.snapshotter.name });
    let stopping: Promise<void> | undefined;
    const srv = server;
    return {
      socket: paths.socket,
      engine,
      stop: () =>
        (stopping ??= (async () => {
          log.info("daemon shutting down");
          const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
          const acceptorClosed = new Promise<void>((resolve) => (acceptor ? acceptor.close(() => resolve()) : resolve()));
          for (const s of connections) s.destroy();
          log.debug("connections destroyed", { n: connections.size });
          await Promise.all([closed, acceptorClosed]);
          log.debug("server closed");
          if (!acceptor) rmSync(paths.socket, { force: true });
          engine.close();
          lock.release();
        })()),
    };
  } catch (err) {
    server?.close();
    lock.release();
    throw err;
  }
}
