import { InvalidArgument } from "../lib/index.ts";

/** TLS for a tcp:// host, as Docker's client takes it (file paths; read when connecting). */
export interface TlsSettings {
  /** Verify the daemon's certificate against `ca` (--tlsverify); false is --tls alone. */
  verify: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

/** A parsed daemon address: a unix socket, a TCP port (plain or TLS), or ssh to another machine. */
export type Host =
  | { kind: "unix"; path: string; url: string }
  | { kind: "tcp"; hostname: string; port: number; url: string; tls?: TlsSettings }
  | { kind: "ssh"; hostname: string; port?: number; user?: string; url: string };

function invalid(value: string, why: string): never {
  throw new InvalidArgument(`invalid host ${JSON.stringify(value)}: ${why}`);
}

/** `[::1]` → `::1`: URL keeps IPv6 brackets, sockets want the bare address. */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1");

function parseTcp(value: string, tls?: TlsSettings): Host {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(value, "want tcp://HOST:PORT");
  }
  if (url.pathname && url.pathname !== "/") invalid(value, "a tcp:// host takes no path");
  if (url.username || url.password) invalid(value, "a tcp:// host takes no user");
  // Docker's defaults: 2376 with TLS, 2375 without.
  const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
  const hostname = bare(url.hostname) || "127.0.0.1";
  const shown = hostname.includes(":") ? `[${hostname}]` : hostname;
  return { kind: "tcp", hostname, port, url: `tcp://${shown}:${port}`, ...(tls ? { tls } : {}) };
}

function parseSsh(value: string): Host {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(value, "want ssh://[USER@]HOST[:PORT]");
  }
  if (url.password) invalid(value, "a password in an ssh:// host is not supported (use a key or ssh-agent)");
  if (url.pathname && url.pathname !== "/") invalid(value, "an ssh:// host takes no path");
  if (url.search) invalid(value, "an ssh:// host takes no query");
  if (!url.hostname) invalid(value, "no host name");
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const port = url.port ? Number(url.port) : undefined;
  return { kind: "ssh", hostname: bare(url.hostname), user, port, url: `ssh://${user ? `${user}@` : ""}${url.hostname}${port ? `:${port}` : ""}` };
}

/**
 * Parse a daemon address: `unix:///path` (or a bare absolute path), `tcp://HOST[:PORT]` (TLS
 * when `tls` is given, as with --tls/--tlsverify), `ssh://[USER@]HOST[:PORT]`.
 */
export function parseHost(value: string, tls?: TlsSettings): Host {
  if (value.startsWith("tcp://")) return parseTcp(value, tls);
  if (value.startsWith("ssh://")) return parseSsh(value);
  let path: string;
  if (value.startsWith("unix://")) path = value.slice("unix://".length);
  else if (value.startsWith("/")) path = value;
  else {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1];
    if (scheme) throw new InvalidArgument(`unsupported host ${value}: want unix://, tcp:// or ssh://`);
    return invalid(value, "want unix:///path/to/socket, tcp://HOST:PORT or ssh://[USER@]HOST[:PORT]");
  }
  if (!path.startsWith("/")) throw new InvalidArgument(`invalid host ${value}: the socket path must be absolute`);
  return { kind: "unix", path, url: `unix://${path}` };
}
