import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import tar from "tar-stream";
import { DockerIgnore } from "../build/index.ts";

/**
 * A build context directory as the tar the docker CLI sends: .dockerignore applied here (so
 * ignored trees are never read), owners 0:0, modes and times kept. When the Dockerfile lives
 * outside the context, it is added under a generated name, which is returned as `dockerfile`.
 */
export async function buildContextTar(dir: string, dockerfile: string | undefined, dockerfileText?: string): Promise<{ tar: Uint8Array; dockerfile: string }> {
  const root = resolve(dir);
  let name = dockerfile ?? "Dockerfile";
  let extra: { name: string; text: string } | undefined;
  if (dockerfileText !== undefined) {
    name = `.dockerfile.${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
    extra = { name, text: dockerfileText };
  } else if (dockerfile) {
    const abs = resolve(dockerfile);
    const rel = relative(root, abs);
    if (rel.startsWith("..") || rel === "") {
      name = `.dockerfile.${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
      extra = { name, text: readFileSync(abs, "utf8") };
    } else name = rel.split(sep).join("/");
  }
  let ignoreText = "";
  try {
    ignoreText = readFileSync(join(root, ".dockerignore"), "utf8");
  } catch {
    // no .dockerignore
  }
  const ignore = new DockerIgnore(ignoreText, { dockerfile: extra ? "" : name });
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => chunks.push(c as Buffer));
  const ended = new Promise<void>((res, rej) => {
    pack.on("end", res);
    pack.on("error", rej);
  });
  const put = (header: Parameters<typeof pack.entry>[0], body?: Buffer) =>
    new Promise<void>((res, rej) => {
      const cb = (err?: Error | null) => (err ? rej(err) : res());
      if (body) pack.entry(header, body, cb);
      else pack.entry(header, cb);
    });
  const walk = async (rel: string): Promise<void> => {
    const abs = rel ? join(root, rel) : root;
    for (const child of readdirSync(abs).sort()) {
      const path = rel ? `${rel}/${child}` : child;
      const st = lstatSync(join(root, path));
      const ignored = ignore.ignores(path);
      if (ignored && !(st.isDirectory() && ignore.mayReincludeUnder(path))) continue;
      const base = { name: path, mode: st.mode & 0o7777, uid: 0, gid: 0, mtime: st.mtime };
      if (st.isDirectory()) {
        if (!ignored) await put({ ...base, type: "directory" });
        await walk(path);
      } else if (st.isSymbolicLink()) await put({ ...base, type: "symlink", linkname: readlinkSync(join(root, path)) });
      else if (st.isFile()) await put({ ...base, type: "file", size: st.size }, readFileSync(join(root, path)));
    }
  };
  await walk("");
  if (extra) await put({ name: extra.name, mode: 0o600, uid: 0, gid: 0, mtime: new Date() }, Buffer.from(extra.text));
  pack.finalize();
  await ended;
  return { tar: Buffer.concat(chunks), dockerfile: name };
}
