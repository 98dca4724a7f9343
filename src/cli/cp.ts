import { createReadStream, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, statSync, symlinkSync, chmodSync, utimesSync, createWriteStream, rmSync } from "node:fs";
import { basename, dirname, join, posix, resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import type { DockerClient } from "../client/index.ts";
import { NotFound } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { humanSize } from "./format/index.ts";
import { RunFailure } from "./run-failure.ts";
import { UsageError } from "./scan-flags.ts";

interface PathStat {
  name: string;
  size: number;
  mode: number;
  linkTarget: string;
}

const goDir = 0x80000000;
const goSymlink = 0x8000000;

/** "CONTAINER:PATH" → its parts; a plain path (or one starting with / or .) is the host's. */
function splitSpec(spec: string): { container?: string; path: string } {
  if (spec.startsWith("/") || spec.startsWith(".") || spec === "-") return { path: spec };
  const i = spec.indexOf(":");
  if (i <= 0) return { path: spec };
  return { container: spec.slice(0, i), path: spec.slice(i + 1) };
}

async function statInContainer(client: DockerClient, container: string, path: string): Promise<PathStat | undefined> {
  const res = await client.request("HEAD", `/containers/${encodeURIComponent(container)}/archive`, { query: { path } }).catch((err) => {
    if (err instanceof NotFound) return undefined;
    throw err;
  });
  const header = res?.headers.get("X-Docker-Container-Path-Stat");
  return header ? (JSON.parse(Buffer.from(header, "base64").toString()) as PathStat) : undefined;
}

/** Entry names of the archive rewritten: the source's base name becomes `to` ("" drops it: the contents). */
function rebase(name: string, from: string, to: string): string | undefined {
  const clean = name.replace(/^\.\//, "").replace(/\/$/, "");
  if (clean !== from && !clean.startsWith(`${from}/`)) return clean;
  const rest = clean.slice(from.length).replace(/^\//, "");
  if (!to) return rest || undefined;
  return rest ? `${to}/${rest}` : to;
}

/** Unpack a tar stream under `dir`, renaming the top entry `from` to `to`. */
async function extractHere(input: Readable, dir: string, from: string, to: string): Promise<number> {
  const extract = tar.extract();
  let bytes = 0;
  extract.on("entry", (header, stream, next) => {
    const name = rebase(header.name, from, to);
    const done = (err?: unknown) => (err ? extract.destroy(err as Error) : next());
    if (name === undefined) {
      stream.resume();
      stream.on("end", () => done());
      return;
    }
    const target = resolve(dir, name);
    if (target !== resolve(dir) && !target.startsWith(`${resolve(dir)}/`)) return done(new Error(`archive entry outside the destination: ${header.name}`));
    const mode = (header.mode ?? 0o644) & 0o7777;
    try {
      if (header.type === "directory") {
        mkdirSync(target, { recursive: true });
        chmodSync(target, mode);
        stream.resume();
        stream.on("end", () => done());
      } else if (header.type === "symlink") {
        rmSync(target, { force: true });
        symlinkSync(header.linkname ?? "", target);
        stream.resume();
        stream.on("end", () => done());
      } else if (header.type === "file" || header.type === "contiguous-file") {
        mkdirSync(dirname(target), { recursive: true });
        if (existsSync(target) && lstatSync(target).isSymbolicLink()) rmSync(target);
        bytes += header.size ?? 0;
        pipeline(stream, createWriteStream(target, { mode })).then(() => {
          chmodSync(target, mode);
          if (header.mtime) utimesSync(target, header.mtime, header.mtime);
          done();
        }, done);
      } else {
        stream.resume();
        stream.on("end", () => done());
      }
    } catch (err) {
      done(err);
    }
  });
  await pipeline(input, extract);
  return bytes;
}

/** A tar of the host's `path`, its top entry named `top` (a directory's contents at the top when `top` is ""). */
function packHost(path: string, top: string, follow: boolean): { stream: Readable; size: () => number } {
  const pack = tar.pack();
  let size = 0;
  const add = async (abs: string, rel: string, followThis: boolean) => {
    const st = followThis ? statSync(abs) : lstatSync(abs);
    const common = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime };
    if (st.isDirectory()) {
      if (rel) pack.entry({ ...common, name: rel, type: "directory" });
      for (const child of readdirSync(abs).sort()) await add(join(abs, child), rel ? `${rel}/${child}` : child, false);
    } else if (st.isSymbolicLink()) {
      pack.entry({ ...common, name: rel, type: "symlink", linkname: readlinkSync(abs) });
    } else if (st.isFile()) {
      size += st.size;
      const entry = pack.entry({ ...common, name: rel, type: "file", size: st.size });
      await pipeline(createReadStream(abs), entry);
    }
  };
  add(path, top, follow).then(
    () => pack.finalize(),
    (err) => pack.destroy(err),
  );
  return { stream: pack as unknown as Readable, size: () => size };
}

/** An async iterable of chunks (tar-stream's pack, stdin) as a web stream for fetch. */
function webStream(src: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = src[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await it.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}

function say(quiet: boolean, text: string): void {
  if (!quiet && process.stderr.isTTY) console.error(text);
}

async function fromContainer(client: DockerClient, container: string, srcPath: string, dest: string, opts: { follow: boolean; quiet: boolean }): Promise<void> {
  let path = srcPath;
  const stat = await statInContainer(client, container, path);
  if (!stat) throw new NotFound(`Could not find the file ${srcPath} in container ${container}`);
  if (opts.follow && stat.mode & goSymlink) path = posix.resolve(posix.dirname(path), stat.linkTarget);
  const res = await client.request("GET", `/containers/${encodeURIComponent(container)}/archive`, { query: { path } });
  const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
  if (dest === "-") {
    await pipeline(body, process.stdout as unknown as Writable);
    return;
  }
  const srcIsDir = !!(stat.mode & goDir);
  const from = posix.basename(posix.normalize(path)) || "/";
  const contentsOnly = srcIsDir && /\/\.$/.test(srcPath);
  const destExists = existsSync(dest);
  if (destExists && statSync(dest).isDirectory()) {
    const bytes = await extractHere(body, dest, from, contentsOnly ? "" : from);
    say(opts.quiet, `Successfully copied ${humanSize(bytes, 4)} to ${dest}`);
    return;
  }
  if (destExists && srcIsDir) throw new RunFailure(`cannot copy directory to file: ${dest}`, 1);
  if (!destExists && dest.endsWith("/")) throw new RunFailure(`destination directory ${dest} does not exist`, 1);
  const parent = dirname(resolve(dest));
  if (!existsSync(parent)) throw new RunFailure(`no such directory: ${parent}`, 1);
  const bytes = await extractHere(body, parent, from, basename(resolve(dest)));
  say(opts.quiet, `Successfully copied ${humanSize(bytes, 4)} to ${dest}`);
}

async function toContainer(client: DockerClient, src: string, container: string, destPath: string, opts: { follow: boolean; quiet: boolean; copyUidGid: boolean }): Promise<void> {
  const put = (dir: string, body: Readable) =>
    client.request("PUT", `/containers/${encodeURIComponent(container)}/archive`, {
      query: { path: dir, noOverwriteDirNonDir: "true", copyUIDGID: opts.copyUidGid ? "true" : undefined },
      data: webStream(body as AsyncIterable<Uint8Array>),
    });
  const destStat = await statInContainer(client, container, destPath);
  if (src === "-") {
    if (!destStat || !(destStat.mode & goDir)) throw new RunFailure(`destination "${container}:${destPath}" must be a directory`, 1);
    await put(destPath, process.stdin as unknown as Readable);
    return;
  }
  if (!existsSync(src) && !(lstatSync(src, { throwIfNoEntry: false }))) throw new RunFailure(`stat ${src}: no such file or directory`, 1);
  const srcPath = opts.follow ? realpathSync(src) : src;
  const srcIsDir = statSync(srcPath).isDirectory() && !(lstatSync(srcPath).isSymbolicLink() && !opts.follow);
  const contentsOnly = srcIsDir && /\/\.$/.test(src);
  let dir: string;
  let top: string;
  if (destStat && destStat.mode & goDir) {
    dir = destPath;
    top = contentsOnly ? "" : basename(resolve(src));
  } else {
    if (destStat && srcIsDir) throw new RunFailure(`cannot copy directory to file: ${container}:${destPath}`, 1);
    if (!destStat && destPath.endsWith("/")) throw new RunFailure(`destination directory ${container}:${destPath} does not exist`, 1);
    dir = posix.dirname(posix.resolve("/", destPath));
    top = posix.basename(destPath);
  }
  const packed = packHost(srcPath, top, opts.follow);
  await put(dir, packed.stream);
  say(opts.quiet, `Successfully copied ${humanSize(packed.size(), 4)} to ${container}:${destPath}`);
}

export default command({
  meta: { name: "cp", description: "Copy files/folders between a container and the local filesystem" },
  args: {
    src: { type: "positional", required: false, description: "CONTAINER:SRC_PATH | SRC_PATH | -" },
    dest: { type: "positional", required: false, description: "DEST_PATH | - | CONTAINER:DEST_PATH" },
    archive: { type: "boolean", alias: "a", description: "Archive mode (copy all uid/gid information)" },
    "follow-link": { type: "boolean", alias: "L", description: "Always follow symbol link in SRC_PATH" },
    quiet: { type: "boolean", alias: "q", description: "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached" },
  },
  async run({ args, data }) {
    if (!args.src || !args.dest) throw new UsageError("'bunker cp' requires 2 arguments");
    const src = splitSpec(args.src);
    const dest = splitSpec(args.dest);
    if (src.container && dest.container) throw new RunFailure("copying between containers is not supported", 1);
    if (!src.container && !dest.container) throw new RunFailure("must specify at least one container source", 1);
    const client = await connectDaemon((data as CliData).globals);
    const opts = { follow: !!args["follow-link"], quiet: !!args.quiet, copyUidGid: !!args.archive };
    if (src.container) {
      if (!src.path) throw new RunFailure("filepath can not be empty", 1);
      await fromContainer(client, src.container, posix.isAbsolute(src.path) ? src.path : `/${src.path}`, dest.path, opts);
    } else {
      await toContainer(client, src.path, dest.container!, posix.isAbsolute(dest.path) ? dest.path : `/${dest.path}`, opts);
    }
    return 0;
  },
});
