import type { IncomingMessage, ServerResponse } from "node:http";
import { matchKeysLikeGo } from "./wire/go-json-keys.ts";
import type { Socket } from "node:net";
import { Readable, type Writable } from "node:stream";
import type * as v from "valibot";
import { InvalidArgument, parseWith } from "../lib/index.ts";

/** A connection taken over by a handler: raw bytes both ways (attach, exec). */
export interface Hijacked {
  /** What the client sends after the headers. Ends when the client half-closes. */
  input: Readable;
  /** Where the handler writes; still writable after `input` ended. */
  output: Writable;
  /** True when the client asked for `Connection: Upgrade` (it got a 101 and may half-close). */
  upgraded: boolean;
}

/** Everything a route handler may know about its request. */
export class ApiContext {
  private bodyPromise?: Promise<Buffer>;
  constructor(
    readonly req: IncomingMessage,
    /** Missing when the request came as an Upgrade: only `hijack()` can answer it. */
    readonly res: ServerResponse | undefined,
    readonly socket: Socket,
    readonly path: string,
    readonly params: Record<string, string>,
    readonly query: URLSearchParams,
    /** The API version the client asked for (from the /v1.NN prefix), or the current one. */
    readonly apiVersion: string,
    private readonly responseHeaders: Record<string, string>,
  ) {}

  get method(): string {
    return this.req.method ?? "GET";
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  /** A query parameter as Docker reads booleans: 1, true, True (and absence = fallback). */
  queryBool(name: string, fallback = false): boolean {
    const value = this.query.get(name);
    if (value === null || value === "") return fallback;
    return value === "1" || value.toLowerCase() === "true";
  }

  /** The whole request body (read once, then cached). */
  body(): Promise<Buffer> {
    this.bodyPromise ??= (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of this.req) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    })();
    return this.bodyPromise;
  }

  /**
   * The JSON body validated by `schema` (keys matched without regard to case, as Go's decoder
   * matches them); an empty body is `undefined`. A wrong Content-Type,
   * bad JSON or a value the schema refuses is an InvalidArgument (400) that names the problem.
   */
  async json<S extends v.GenericSchema>(schema: S): Promise<v.InferOutput<S>> {
    const raw = await this.body();
    let value: unknown = undefined;
    if (raw.length > 0) {
      const type = (this.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== "" && type !== "application/json") {
        throw new InvalidArgument(`unsupported Content-Type header (${type}): must be 'application/json'`);
      }
      try {
        value = JSON.parse(raw.toString("utf8"));
      } catch (err) {
        throw new InvalidArgument(`malformed JSON in request body: ${(err as Error).message}`);
      }
    }
    return parseWith(schema, matchKeysLikeGo(value, schema), "invalid request body");
  }

  /** Begin a streamed response now (headers flushed); the handler writes the body and ends it. */
  startStream(contentType: string, status = 200): ServerResponse {
    if (!this.res) throw new InvalidArgument("this endpoint cannot be used with Connection: Upgrade");
    this.res.writeHead(status, { ...this.responseHeaders, "Content-Type": contentType });
    this.res.flushHeaders();
    return this.res;
  }

  /**
   * Take the connection over for a raw stream. With `Connection: Upgrade` the client gets
   * `101 UPGRADED` and the socket itself (so it may half-close while we keep writing);
   * otherwise a 200 whose body is the stream, as Docker does for clients that do not upgrade.
   */
  async hijack(contentType: string): Promise<Hijacked> {
    await this.body(); // whatever body came with the request is not part of the stream
    if (!this.res) {
      const head = [
        "HTTP/1.1 101 UPGRADED",
        `Content-Type: ${contentType}`,
        "Connection: Upgrade",
        "Upgrade: tcp",
        ...Object.entries(this.responseHeaders).map(([k, value]) => `${k}: ${value}`),
        "",
        "",
      ].join("\r\n");
      this.socket.write(head);
      return { input: this.socket, output: this.socket, upgraded: true };
    }
    this.res.writeHead(200, { ...this.responseHeaders, "Content-Type": contentType });
    this.res.flushHeaders();
    // Without an upgrade the request body was the only input, and it has been read.
    return { input: Readable.from([]), output: this.res, upgraded: false };
  }
}
