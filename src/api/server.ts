import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { Socket } from "node:net";
import { compareApiVersions } from "./api-version.ts";
import { InvalidArgument, NotFound, apiVersion, bunkerVersion, log, messageOf, minApiVersion, statusOf } from "../lib/index.ts";
import { ApiContext } from "./context.ts";
import { Router, type Reply, type Route } from "./router.ts";

/** Headers every response carries, as Docker's daemon sends them. */
export const standardHeaders: Record<string, string> = {
  "Api-Version": apiVersion,
  Server: `Bunker/${bunkerVersion} (linux)`,
  Ostype: "linux",
  "Docker-Experimental": "false",
};

const versionPrefix = /^\/v(\d+\.\d+)(?=\/)/;

/** Split the /v1.NN prefix off a path and check the version is one we speak. */
export function splitVersion(path: string): { version: string; rest: string } {
  const m = versionPrefix.exec(path);
  if (!m) return { version: apiVersion, rest: path };
  const version = m[1]!;
  if (compareApiVersions(version, minApiVersion) < 0) {
    throw new InvalidArgument(
      `client version ${version} is too old. Minimum supported API version is ${minApiVersion}, please upgrade your client to a newer version`,
    );
  }
  if (compareApiVersions(version, apiVersion) > 0) {
    throw new InvalidArgument(`client version ${version} is too new. Maximum supported API version is ${apiVersion}`);
  }
  return { version, rest: path.slice(m[0].length) };
}

function writeReply(res: ServerResponse, method: string, reply: Reply): void {
  if (!reply || res.headersSent) {
    if (!res.writableEnded && !res.headersSent) res.writeHead(204).end();
    return;
  }
  const status = reply.status ?? 200;
  const headers = { ...standardHeaders, ...reply.headers };
  let body = "";
  if ("json" in reply) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(reply.json) + "\n";
  } else if ("text" in reply) {
    headers["Content-Type"] = reply.contentType ?? "text/plain; charset=utf-8";
    body = reply.text;
  }
  headers["Content-Length"] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(method === "HEAD" || status === 204 || status === 304 ? undefined : body);
}

/** Answer an error as Docker does: `{"message": ...}` with Content-Type exactly application/json. */
function writeError(ctx: { res?: ServerResponse; socket: Socket }, err: unknown): void {
  const status = statusOf(err);
  const message = messageOf(err);
  if (status >= 500) log.error("request failed", { error: message });
  const body = JSON.stringify({ message }) + "\n";
  const { res, socket } = ctx;
  if (res) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { ...standardHeaders, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) });
    res.end(body);
    return;
  }
  // An upgrade request that failed before the hijack: answer on the raw socket and close.
  const head = [`HTTP/1.1 ${status} ${status === 404 ? "Not Found" : "Error"}`, ...Object.entries(standardHeaders).map(([k, v]) => `${k}: ${v}`), "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`, "Connection: close", "", ""].join("\r\n");
  socket.end(head + body);
}

/** PEM texts for a TLS listener that accepts only clients with a certificate signed by `ca`. */
export interface ApiTls {
  ca: string;
  cert: string;
  key: string;
}

/**
 * The Docker Engine API over HTTP/1.1: plain requests, and upgraded (hijacked) ones for streams.
 * With `tls`, over TLS with mutual authentication: a client without a certificate signed by
 * `tls.ca` is refused during the handshake.
 */
export function createApiServer(routes: Route[], tls?: ApiTls): Server {
  const router = new Router(routes);

  async function dispatch(req: IncomingMessage, res: ServerResponse | undefined, socket: Socket): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://bunker");
    try {
      const { version, rest } = splitVersion(url.pathname);
      const found = router.match(method, rest);
      if (!("route" in found)) throw new NotFound("page not found");
      const ctx = new ApiContext(req, res, socket, rest, found.params, url.searchParams, version, standardHeaders);
      log.debug("api request", { method, path: url.pathname });
      const reply = await found.route.handler(ctx);
      if (res) writeReply(res, method, reply);
    } catch (err) {
      writeError({ res, socket }, err);
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => void dispatch(req, res, req.socket);
  const server = tls
    ? (createTlsServer({ ...tls, requestCert: true, rejectUnauthorized: true }, handler) as unknown as Server)
    : createServer(handler);
  server.on("upgrade", (req: IncomingMessage, socket: Socket) => void dispatch(req, undefined, socket));
  server.on("clientError", (err, socket: Socket) => {
    if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ message: `bad request: ${messageOf(err)}` })}\n`);
  });
  return server;
}
