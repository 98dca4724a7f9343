/** Small tar helpers for tests: a whole archive in memory as name → bytes (a link: its target; a directory: empty). */
export async function readTar(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = (await import("tar-stream")).default.extract();
  extract.on("entry", (h, stream, next) => {
    const parts: Buffer[] = [];
    stream.on("data", (d: unknown) => parts.push(d as Buffer));
    stream.on("end", () => {
      files.set(h.name, h.type === "file" ? Buffer.concat(parts) : Buffer.from(h.linkname ?? ""));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on("finish", resolve);
    extract.on("error", reject);
    extract.end(Buffer.from(bytes));
  });
  return files;
}

export async function writeTar(files: Map<string, Buffer>): Promise<Uint8Array> {
  const pack = (await import("tar-stream")).default.pack();
  for (const [name, data] of files) pack.entry({ name }, data);
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack) parts.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}
