/**
 * systemd socket activation (sd_listen_fds(3)): systemd binds bunker.socket itself and starts
 * the daemon with the listening socket as fd 3, LISTEN_FDS=1 and LISTEN_PID set to the daemon's
 * pid. Bun's node:http ignores listen({ fd }), but node:net serves an inherited fd, so a net
 * server accepts on it and hands each connection to the HTTP server.
 */
import { createServer, type Server as NetServer } from "node:net";
import type { Server } from "node:http";

/** The first passed fd, per sd_listen_fds(3). */
export const SD_LISTEN_FDS_START = 3;

type Env = Record<string, string | undefined>;

/**
 * The inherited listening fd when systemd passed one to this process, else undefined. The
 * variables are removed from `env` (as sd_listen_fds(1) does), so children do not take them
 * for their own.
 */
export function takeListenFd(env: Env = process.env, pid: number = process.pid): number | undefined {
  const fds = env.LISTEN_FDS;
  const forPid = env.LISTEN_PID;
  if (fds === undefined) return undefined;
  delete env.LISTEN_FDS;
  delete env.LISTEN_PID;
  delete env.LISTEN_FDNAMES;
  if (forPid !== String(pid) || !/^\d+$/.test(fds) || Number(fds) < 1) return undefined;
  return SD_LISTEN_FDS_START;
}

/** Serves `server`'s HTTP on the inherited listening socket `fd`; resolves with the accepting server. */
export function listenOnFd(server: Server, fd: number): Promise<NetServer> {
  return new Promise((resolve, reject) => {
    const acceptor = createServer((socket) => server.emit("connection", socket));
    acceptor.once("error", reject);
    acceptor.listen({ fd }, () => {
      acceptor.off("error", reject);
      resolve(acceptor);
    });
  });
}
