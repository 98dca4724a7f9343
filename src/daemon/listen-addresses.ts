import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ApiTls } from "../api/index.ts";
import type { DaemonConfig } from "../config/index.ts";
import { InvalidArgument, messageOf } from "../lib/index.ts";

/** One address the API listens on. */
export type ListenAddress = { kind: "unix"; path: string; url: string } | { kind: "tcp"; host: string; port: number; url: string };

/** `unix:///path` (or a bare path) or `tcp://ADDR:PORT` (ADDR defaults to 127.0.0.1, PORT to 2376). */
export function parseListenAddress(value: string): ListenAddress {
  if (value.startsWith("unix://") || value.startsWith("/")) {
    const path = value.startsWith("/") ? value : value.slice("unix://".length);
    if (!path.startsWith("/")) throw new InvalidArgument(`invalid host ${value}: the socket path must be absolute`);
    return { kind: "unix", path, url: `unix://${path}` };
  }
  const m = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/\[\]]*)(?::(\d+))?\/?$/.exec(value);
  if (!m) throw new InvalidArgument(`invalid host ${value}: want unix:///path or tcp://ADDR:PORT`);
  const host = m[1]!.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";
  const port = m[2] ? Number(m[2]) : 2376;
  if (port < 1 || port > 65535) throw new InvalidArgument(`invalid host ${value}: bad port`);
  return { kind: "tcp", host, port, url: `tcp://${host.includes(":") ? `[${host}]` : host}:${port}` };
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new InvalidArgument(`could not read ${what} ${file}: ${messageOf(err)}`);
  }
}

/**
 * What the daemon listens on: the configured hosts (plus this user's socket when none of them is
 * a unix socket, so the local CLI still finds it), and the TLS material for TCP. A TCP host
 * without TLS client verification is refused: rootless or not, whoever reaches that port would
 * own this account's containers. Files default to ca.pem, cert.pem and key.pem in
 * DOCKER_CERT_PATH or ~/.docker, as dockerd's.
 */
export function planListeners(config: Pick<DaemonConfig, "hosts" | "tls">, defaultSocket: string, env = process.env): { addresses: ListenAddress[]; tls?: ApiTls } {
  const addresses = config.hosts.map(parseListenAddress);
  if (!addresses.some((a) => a.kind === "unix")) addresses.unshift(parseListenAddress(`unix://${defaultSocket}`));
  const tcp = addresses.filter((a) => a.kind === "tcp");
  if (tcp.length === 0) return { addresses };
  if (!config.tls.tlsverify) {
    throw new InvalidArgument(
      `refusing to listen on ${tcp.map((a) => a.url).join(", ")} without TLS client verification: anyone who can reach the port would control this account's containers; ` +
        "give --tlsverify with --tlscacert, --tlscert and --tlskey (or \"tlsverify\", \"tlscacert\", \"tlscert\", \"tlskey\" in daemon.json)",
    );
  }
  const dir = env.DOCKER_CERT_PATH || join(env.HOME || homedir(), ".docker");
  const tls: ApiTls = {
    ca: readPem(config.tls.tlscacert ?? join(dir, "ca.pem"), "the CA certificate (--tlscacert)"),
    cert: readPem(config.tls.tlscert ?? join(dir, "cert.pem"), "the server certificate (--tlscert)"),
    key: readPem(config.tls.tlskey ?? join(dir, "key.pem"), "the server key (--tlskey)"),
  };
  return { addresses, tls };
}
