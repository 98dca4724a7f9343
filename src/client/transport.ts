import { readFileSync } from "node:fs";
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { messageOf } from "../lib/index.ts";
import type { Host, TlsSettings } from "./host.ts";
import { SshTransport } from "./ssh-transport.ts";

/** How the client reaches a daemon: fetch's target for plain requests, a raw stream for hijacks. */
export interface Transport {
  /** The URL origin and the extra fetch options (`unix`, `tls`) that reach the daemon. */
  target(): Promise<{ origin: string; options: Record<string, unknown> }>;
  /** A connected stream to the daemon (for upgraded requests and dial-stdio). */
  dial(): Promise<Socket>;
  /** What to tell the user when the daemon could not be reached. */
  explain(err: unknown): Promise<string>;
  /** Release what the transport holds (the ssh proxy and its processes). */
  close(): void | Promise<void>;
}

/** Wait for a socket to connect (`event`), or fail with its first error. */
export function connected(socket: Socket, event: "connect" | "secureConnect"): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.once("error", onError);
    socket.once(event, () => {
      socket.off("error", onError);
      resolve(socket);
    });
  });
}

function readPem(file: string | undefined, what: string): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`could not read ${what} ${JSON.stringify(file)}: ${messageOf(err)}`);
  }
}

/** The node:tls / Bun fetch options for Docker's TLS flags. */
function tlsOptions(tls: TlsSettings) {
  return {
    ca: tls.verify ? readPem(tls.ca, "CA certificate") : undefined,
    cert: readPem(tls.cert, "X509 certificate"),
    key: readPem(tls.key, "X509 key"),
    rejectUnauthorized: tls.verify,
  };
}

class UnixTransport implements Transport {
  constructor(private readonly path: string) {}
  async target() {
    return { origin: "http://bunker", options: { unix: this.path } };
  }
  dial() {
    return connected(netConnect({ path: this.path, allowHalfOpen: true }), "connect");
  }
  async explain(err: unknown) {
    return messageOf(err);
  }
  close() {}
}

class TcpTransport implements Transport {
  private pem?: ReturnType<typeof tlsOptions>;
  constructor(private readonly host: Extract<Host, { kind: "tcp" }>) {}
  /** The TLS files, read once per client. */
  private tls(tls: TlsSettings) {
    return (this.pem ??= tlsOptions(tls));
  }
  private get address() {
    return this.host.hostname.includes(":") ? `[${this.host.hostname}]` : this.host.hostname;
  }
  async target() {
    const { tls, port } = this.host;
    if (!tls) return { origin: `http://${this.address}:${port}`, options: {} };
    return { origin: `https://${this.address}:${port}`, options: { tls: this.tls(tls) } };
  }
  dial() {
    const { hostname, port, tls } = this.host;
    if (!tls) return connected(netConnect({ host: hostname, port, allowHalfOpen: true }), "connect");
    const servername = hostname.includes(":") || /^[\d.]+$/.test(hostname) ? undefined : hostname;
    return connected(tlsConnect({ host: hostname, port, servername, allowHalfOpen: true, ...this.tls(tls) } as Parameters<typeof tlsConnect>[0]), "secureConnect");
  }
  async explain(err: unknown) {
    const code = (err as { code?: string }).code ?? "";
    const message = messageOf(err).replace(/ For more information, pass `verbose: true`.*$/, "");
    if (this.host.tls && /ECONNRESET|closed unexpectedly|EPROTO/i.test(`${code} ${message}`)) {
      return `${message} (did the daemon refuse this client's certificate? check --tlscert/--tlskey and the daemon's --tlscacert)`;
    }
    if (!this.host.tls && /ECONNRESET|closed unexpectedly/i.test(`${code} ${message}`)) {
      return `${message} (does the daemon want TLS? try --tlsverify)`;
    }
    return message;
  }
  close() {}
}

/** The transport for a host. */
export function transportFor(host: Host): Transport {
  if (host.kind === "unix") return new UnixTransport(host.path);
  if (host.kind === "tcp") return new TcpTransport(host);
  return new SshTransport(host);
}
