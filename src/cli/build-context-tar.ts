import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { TarWriter } from "./tar-writer.ts";
import { DockerIgnore } from "../build/index.ts";

/**
 * A build context directory as the tar the docker CLI sends: .dockerignore applied here (so
 * ignored trees are never read), owners 0:0, modes and times kept; file contents are read
 * while the request is sent, not before. When the Dockerfile lives
 * outside the context, it is added under a generated name, which is returned as `dockerfile`.
 */
export async function buildContextTar(dir: string, dockerfile: string | undefined, dockerfileText?: string): Promise<{ tar: TarWriter; dockerfile: string }> {
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
  const out = new TarWriter();
  const walk = (rel: string): void => {
    const abs = rel ? join(root, rel) : root;
    for (const child of readdirSync(abs).sort()) {
      const path = rel ? `${rel}/${child}` : child;
      const full = join(root, path);
      const st = lstatSync(full);
      const ignored = ignore.ignores(path);
      if (ignored && !(st.isDirectory() && ignore.mayReincludeUnder(path))) continue;
      const base = { name: path, mode: st.mode & 0o7777, mtime: st.mtime };
      if (st.isDirectory()) {
        if (!ignored) out.add({ ...base, type: "dir" });
        walk(path);
      } else if (st.isSymbolicLink()) out.add({ ...base, type: "symlink", linkname: readlinkSync(full) });
      else if (st.isFile()) out.add({ ...base, type: "file", size: st.size }, { path: full });
    }
  };
  walk("");
  if (extra) {
    const body = new TextEncoder().encode(extra.text);
    out.add({ name: extra.name, type: "file", mode: 0o600, mtime: new Date(), size: body.length }, body);
  }
  return { tar: out, dockerfile: name };
}
