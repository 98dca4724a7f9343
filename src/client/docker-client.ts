import type { Socket } from "node:net";
import { Unavailable, apiVersion, errorFromStatus } from "../lib/index.ts";
import type { Host } from "./host.ts";
import { transportFor, type Transport } from "./transport.ts";

export interface RequestOptions {
  /** Query parameters; a list is sent as the parameter repeated. */
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** A body sent as it is (a tar stream), instead of `body` as JSON. */
  data?: Uint8Array | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  /** Abort after this many milliseconds (default: no limit). */
  timeoutMs?: number;
}

/** A failure to reach the daemon at all (as opposed to an error the daemon answered). */
export class ConnectError extends Unavailable {}

/** HTTP to the daemon (unix socket, TCP with or without TLS, ssh), speaking the Docker Engine API at Bunker's version. */
export class DockerClient {
  readonly transport: Transport;

  constructor(readonly host: Host) {
    this.transport = transportFor(host);
  }

  private path(path: string, query?: RequestOptions["query"]): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (Array.isArray(value)) for (const v of value) params.append(key, v);
      else if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    return `/v${apiVersion}${path}${qs ? `?${qs}` : ""}`;
  }

  private async connectError(err: unknown): Promise<ConnectError> {
    return new ConnectError(`Cannot connect to the Bunker daemon at ${this.host.url}: ${await this.transport.explain(err)}`, { cause: err });
  }

  /**
   * fetch() of an API path (with its /v1.xx prefix added) through the transport, the answer
   * as it comes (any status): for streamed bodies (import, load, build). Only a failure to
   * reach the daemon throws, as a ConnectError.
   */
  async fetch(path: string, init: RequestInit & { query?: RequestOptions["query"] }): Promise<Response> {
    try {
      const { origin, options } = await this.transport.target();
      return await fetch(origin + this.path(path, init.query), { ...init, ...options } as RequestInit);
    } catch (err) {
      throw await this.connectError(err);
    }
  }

  /** Release the transport (an ssh proxy and its processes). */
  async close(): Promise<void> {
    await this.transport.close();
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
    const res = await this.fetch(path, { method, headers, body, query: opts.query, signal: opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined });
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
  async hijack(method: string, path: string, body?: unknown): Promise<{ socket: Socket; head: Buffer; headers: Record<string, string> }> {
    let socket: Socket;
    try {
      socket = await this.transport.dial();
    } catch (err) {
      throw await this.connectError(err);
    }
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? "" : JSON.stringify(body);
      let buffered = Buffer.alloc(0);
      const fail = (err: Error) => {
        socket.destroy();
        reject(err);
      };
      const onError = (err: Error) => void this.connectError(err).then(fail);
      const onClose = () => void this.connectError(new Error("the connection closed before the daemon answered")).then(fail);
      socket.once("error", onError);
      socket.once("close", onClose);
      {
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
      }
      const onData = (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        socket.off("data", onData);
        socket.off("error", onError);
        socket.off("close", onClose);
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
