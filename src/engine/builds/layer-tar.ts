import tar from "tar-stream";
import type { LayerFile } from "./copy-plan.ts";

/** The files as one layer tar (names relative, directories before their contents, as given). */
export async function layerTar(files: LayerFile[]): Promise<Uint8Array> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    pack.on("end", resolve);
    pack.on("error", reject);
  });
  const put = (header: Parameters<typeof pack.entry>[0], body?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body) pack.entry(header, body, cb);
      else pack.entry(header, cb);
    });
  for (const f of files) {
    const name = f.path.replace(/^\/+/, "");
    // A non-zero type bit keeps tar-stream from replacing a zero mode with its default.
    const base = { name, mode: f.mode | (f.type === "dir" ? 0o40000 : f.type === "symlink" ? 0o120000 : 0o100000), uid: f.uid, gid: f.gid, mtime: f.mtime };
    if (f.type === "dir") await put({ ...base, name: `${name}/`, type: "directory" });
    else if (f.type === "symlink") await put({ ...base, type: "symlink", linkname: f.linkname ?? "" });
    else if (f.type === "link") await put({ ...base, type: "link", linkname: (f.linkname ?? "").replace(/^\/+/, "") });
    else {
      const data = f.data?.() ?? new Uint8Array(0);
      await put({ ...base, type: "file", size: data.length }, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    }
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}
