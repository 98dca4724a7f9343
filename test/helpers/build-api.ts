import tar from "tar-stream";
import { demux } from "./api-daemon.ts";
import type { DockerClient } from "../../src/client/index.ts";

/** A context entry: text, bytes with mode/owner, a directory or a symlink. */
export type ContextFile = string | { data: string | Uint8Array; mode?: number; uid?: number; gid?: number } | { dir: true; mode?: number } | { link: string };

/** A build context tar from a map of paths. */
export async function contextTar(files: Record<string, ContextFile>, gzip = false): Promise<Uint8Array> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => pack.on("end", () => r()));
  for (const [name, f] of Object.entries(files)) {
    if (typeof f === "string") pack.entry({ name, mode: 0o644 }, f);
    else if ("dir" in f) pack.entry({ name, type: "directory", mode: f.mode ?? 0o755 });
    else if ("link" in f) pack.entry({ name, type: "symlink", linkname: f.link });
    else pack.entry({ name, mode: f.mode ?? 0o644, uid: f.uid ?? 0, gid: f.gid ?? 0 }, Buffer.from(f.data));
  }
  pack.finalize();
  await done;
  const raw = Buffer.concat(chunks);
  return gzip ? Bun.gzipSync(raw) : raw;
}

export interface BuildOutput {
  messages: Record<string, unknown>[];
  /** The `stream` texts, joined. */
  text: string;
  id?: string;
  error?: string;
  code?: number;
}

/** POST /build with a context made of `files`; the reply's messages, text, final id or error. */
export async function postBuild(socket: string, files: Record<string, ContextFile>, query: Record<string, string | string[]> = {}, gzip = false): Promise<BuildOutput> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  const res = await fetch(`http://localhost/v1.43/build?${params}`, { unix: socket, method: "POST", body: await contextTar(files, gzip), headers: { "Content-Type": "application/x-tar" } });
  const body = await res.text();
  if (res.status !== 200) return { messages: [], text: body, error: (JSON.parse(body) as { message: string }).message };
  const messages = body.trim().split(/\r?\n/).filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const text = messages.map((m) => (m.stream as string) ?? "").join("");
  const aux = messages.filter((m) => m.aux).at(-1)?.aux as { ID: string } | undefined;
  const err = messages.find((m) => m.error);
  return { messages, text, id: err ? undefined : aux?.ID, error: err?.error as string | undefined, code: (err?.errorDetail as { code?: number } | undefined)?.code };
}

/** Run a container of `image` (with `body` overrides) to its end; its output, stdout then stderr. */
export async function runIn(client: DockerClient, image: string, body: Record<string, unknown> = {}): Promise<string> {
  const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: image, ...body } });
  await client.request("POST", `/containers/${Id}/start`);
  await client.json("POST", `/containers/${Id}/wait`);
  const logs = await client.request("GET", `/containers/${Id}/logs`, { query: { stdout: "1", stderr: "1" } });
  const out = demux(Buffer.from(await logs.arrayBuffer()));
  await client.request("DELETE", `/containers/${Id}`, { query: { force: "1" } });
  return out.stdout + out.stderr;
}
