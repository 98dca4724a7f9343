import { closeSync, openSync, readSync } from "node:fs";

/** Bytes, or a file on disk read when the archive is streamed. */
type Part = Uint8Array | { path: string };

/**
 * A tar archive assembled as parts: 512-byte ustar headers (a pax record first when a name or
 * link does not fit) followed by the file itself, read from disk only while the archive is
 * streamed, so a large build context goes to the socket without being held in memory.
 */
export class TarWriter {
  private readonly parts: Part[] = [];
  /** Bytes of the finished archive. */
  size = 1024;

  /**
   * The archive, closed with the two zero blocks, as a stream of chunks of about `chunkSize`
   * bytes: headers and small files are gathered, large files read straight into the chunk
   * (a few large writes move a context to the daemon faster than many small ones).
   */
  stream(chunkSize = 4 << 20): ReadableStream<Uint8Array> {
    const parts = [...this.parts, new Uint8Array(1024)];
    const sizes = this.sizes;
    let index = 0;
    let fileOffset = 0;
    let fd: number | null = null;
    const closeFile = () => {
      if (fd !== null) closeSync(fd);
      fd = null;
    };
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        try {
          const chunk = new Uint8Array(chunkSize);
          let used = 0;
          while (used < chunkSize && index < parts.length) {
            const p = parts[index]!;
            if (p instanceof Uint8Array) {
              const n = Math.min(p.length - fileOffset, chunkSize - used);
              chunk.set(p.subarray(fileOffset, fileOffset + n), used);
              used += n;
              fileOffset += n;
              if (fileOffset === p.length) [index, fileOffset] = [index + 1, 0];
              continue;
            }
            const want = sizes.get(p) ?? 0;
            fd ??= openSync(p.path, "r");
            const n = want === fileOffset ? 0 : readSync(fd, chunk, used, Math.min(want - fileOffset, chunkSize - used), null);
            if (n === 0 && fileOffset < want) throw new Error(`${p.path} shrank while the build context was being read`);
            used += n;
            fileOffset += n;
            if (fileOffset === want) {
              closeFile();
              [index, fileOffset] = [index + 1, 0];
            }
          }
          if (used > 0) controller.enqueue(used === chunkSize ? chunk : chunk.subarray(0, used));
          if (index === parts.length) controller.close();
        } catch (err) {
          closeFile();
          controller.error(err);
        }
      },
      cancel: closeFile,
    });
  }

  /** The archive in one buffer, each file read straight into its place (one copy from disk). */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let off = 0;
    for (const p of [...this.parts, new Uint8Array(1024)]) {
      if (p instanceof Uint8Array) {
        out.set(p, off);
        off += p.length;
        continue;
      }
      const fd = openSync(p.path, "r");
      try {
        const want = this.sizes.get(p)!;
        let got = 0;
        while (got < want) {
          const n = readSync(fd, out, off + got, want - got, null);
          if (n === 0) throw new Error(`${p.path} shrank while the build context was being read`);
          got += n;
        }
        off += want;
      } finally {
        closeSync(fd);
      }
    }
    return out;
  }

  private readonly sizes = new Map<Part, number>();

  private push(p: Part, size: number): void {
    this.parts.push(p);
    this.sizes.set(p, size);
    this.size += size;
  }

  /** An entry; a file's body is bytes, or `{ path }` to read it from disk when streamed (its size must be `size`). */
  add(header: { name: string; type: "file" | "dir" | "symlink"; mode: number; mtime: Date; size?: number; linkname?: string }, body?: Part): void {
    const name = header.type === "dir" && !header.name.endsWith("/") ? `${header.name}/` : header.name;
    const linkname = header.linkname ?? "";
    const size = header.type === "file" ? (header.size ?? 0) : 0;
    const enc = new TextEncoder();
    const fits = (s: string, n: number) => enc.encode(s).length === s.length && s.length <= n;
    let ustarName = name;
    let prefix = "";
    if (!fits(name, 100)) {
      const cut = name.lastIndexOf("/", name.length - 2);
      if (cut > 0 && fits(name.slice(0, cut), 155) && fits(name.slice(cut + 1), 100)) {
        prefix = name.slice(0, cut);
        ustarName = name.slice(cut + 1);
      } else ustarName = "";
    }
    const records: string[] = [];
    if (ustarName === "") records.push(paxRecord("path", name));
    if (linkname && !fits(linkname, 100)) records.push(paxRecord("linkpath", linkname));
    if (size > 0o77777777777) records.push(paxRecord("size", String(size)));
    if (records.length) {
      const body = enc.encode(records.join(""));
      this.push(encodeHeader({ name: "PaxHeaders/entry", flag: "x", mode: 0o644, size: body.length, mtime: header.mtime }), 512);
      this.push(body, body.length);
      this.push(pad(body.length), pad(body.length).length);
    }
    const flag = header.type === "dir" ? "5" : header.type === "symlink" ? "2" : "0";
    this.push(encodeHeader({ name: ustarName.slice(0, 100), prefix, flag, mode: header.mode, size, mtime: header.mtime, linkname: fits(linkname, 100) ? linkname : "" }), 512);
    if (body && size > 0) {
      this.push(body, size);
      this.push(pad(size), pad(size).length);
    }
  }
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bytes = new TextEncoder().encode(body).length;
  let len = bytes + String(bytes).length;
  if (String(len).length !== String(bytes).length) len = bytes + String(len).length;
  return `${len}${body}`;
}

const pad = (size: number) => new Uint8Array((512 - (size % 512)) % 512);

function encodeHeader(h: { name: string; prefix?: string; flag: string; mode: number; size: number; mtime: Date; linkname?: string }): Uint8Array {
  const b = new Uint8Array(512);
  const enc = new TextEncoder();
  const put = (s: string, off: number) => b.set(enc.encode(s), off);
  const oct = (n: number, width: number) => n.toString(8).padStart(width - 1, "0");
  put(h.name, 0);
  put(oct(h.mode & 0o7777, 8), 100);
  put(oct(0, 8), 108);
  put(oct(0, 8), 116);
  put(oct(Math.min(h.size, 0o77777777777), 12), 124);
  put(oct(Math.max(0, Math.floor(h.mtime.getTime() / 1000)), 12), 136);
  put("        ", 148);
  put(h.flag, 156);
  if (h.linkname) put(h.linkname, 157);
  put("ustar\u000000", 257);
  if (h.prefix) put(h.prefix, 345);
  let sum = 0;
  for (const x of b) sum += x;
  put(`${oct(sum, 7)}\u0000`, 148);
  return b;
}
