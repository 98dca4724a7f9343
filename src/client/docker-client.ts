import { connect, type Socket } from "node:net";
import { Unavailable, apiVersion, errorFromStatus } from "../lib/index.ts";
import type { Host } from "./host.ts";

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A body sent as it is (a tar stream), instead of `body` as JSON. */
  data?: Uint8Array | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  /** Abort after this many milliseconds (default: no limit). */
  timeoutMs?: number;
}

/** A failure to reach the daemon at all (as opposed to an error the daemon answered). */
export class ConnectError extends Unavailable {}

/** HTTP over the daemon's socket, speaking the Docker Engine API at Bunker's version. */
export class DockerClient {
  constructor(readonly host: Host) {}

  private url(path: string, query?: RequestOptions["query"]): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
    const qs = params.toString();
    return `http://bunker/v${apiVersion}${path}${qs ? `?${qs}` : ""}`;
  }

  /** Send a request; a non-2xx answer becomes the matching error class with the daemon's message. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...opts.headers };
    let body: string | Uint8Array | ReadableStream<Uint8Array> | undefined;
    if (opts.data !== undefined) {
      headers["Content-Type"] ??= "application/x-tar";
      body = opts.data;
    } else if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await fetch(this.url(path, opts.query), {
        method,
        headers,
        body,
        unix: this.host.path,
        signal: opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined,
      } as RequestInit);
    } catch (err) {
      throw new ConnectError(`Cannot connect to the Bunker daemon at ${this.host.url}: ${(err as Error).message}`, { cause: err });
    }
    if (res.status >= 400) {
      const text = await res.text();
      let message = text.trim();
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw errorFromStatus(res.status, message || res.statusText);
    }
    return res;
  }

  async json<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
    const res = await this.request(method, path, opts);
    return (await res.json()) as T;
  }

  /** True when the daemon answers /_ping. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    try {
      const res = await this.request("GET", "/_ping", { timeoutMs });
      return (await res.text()) === "OK";
    } catch {
      return false;
    }
  }

  /**
   * Open a hijacked connection: send the request with `Connection: Upgrade`, expect
   * `101 UPGRADED`, and hand back the raw socket (plus any bytes that followed the headers).
   */
  hijack(method: string, path: string, body?: unknown): Promise<{ socket: Socket; head: Buffer; headers: Record<string, string> }> {
    return new Promise((resolve, reject) => {
      const socket = connect({ path: this.host.path, allowHalfOpen: true });
      const payload = body === undefined ? "" : JSON.stringify(body);
      let buffered = Buffer.alloc(0);
      const fail = (err: Error) => {
        socket.destroy();
        reject(err);
      };
      socket.once("error", (err) => fail(new ConnectError(`Cannot connect to the Bunker daemon at ${this.host.url}: ${err.message}`)));
      socket.once("connect", () => {
        const lines = [
          `${method} /v${apiVersion}${path} HTTP/1.1`,
          "Host: bunker",
          "Connection: Upgrade",
          "Upgrade: tcp",
          ...(payload ? ["Content-Type: application/json", `Content-Length: ${Buffer.byteLength(payload)}`] : ["Content-Length: 0"]),
          "",
          "",
        ];
        socket.write(lines.join("\r\n") + payload);
      });
      const onData = (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        socket.off("data", onData);
        socket.pause();
        const [statusLine = "", ...headerLines] = buffered.subarray(0, end).toString("latin1").split("\r\n");
        const headers: Record<string, string> = {};
        for (const line of headerLines) {
          const i = line.indexOf(":");
          if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        const status = Number(statusLine.split(" ")[1]);
        const head = buffered.subarray(end + 4);
        if (status !== 101) {
          let message = head.toString("utf8").trim();
          try {
            message = (JSON.parse(message) as { message?: string }).message ?? message;
          } catch {
            // keep the raw text
          }
          fail(errorFromStatus(status || 500, message || statusLine));
          return;
        }
        resolve({ socket, head, headers });
      };
      socket.on("data", onData);
    });
  }
}
