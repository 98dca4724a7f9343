/**
 * Unpacks one image layer (gzip, zstd or plain tar) into a directory, computing its diff_id
 * (sha256 of the uncompressed tar) on the way.
 *
 * Where it lands: when `dest` does not exist or is an empty directory, the layer is unpacked
 * into a temporary sibling (`.NAME.unpack-XXXXXX`) that is renamed onto `dest` at the end, so
 * a refused or broken layer leaves nothing behind. When `dest` already holds files (a vfs
 * snapshot: a copy of the parent being changed in place), the layer is applied in place; on an
 * error that copy is left half-changed and the caller throws it away.
 *
 * Safety: entry names are made relative ("/etc/passwd" → "etc/passwd", as Docker does), and an
 * entry whose path climbs out of the root, or would be written through a symlink that is
 * absolute or leads out, is refused (InvalidArgument naming the entry), as is a hardlink whose
 * target is not a non-directory already inside the root. Symlinks are created verbatim and
 * never followed. Only user.*, trusted.* and security.capability xattrs are restored, never
 * overlayfs' own (user.overlay.*, trusted.overlay.*).
 *
 * Ownership: owner "chown" (the default for root) lchowns each entry to its tar uid/gid,
 * mapped through `idMap` when given, and fails when that is not permitted; "ignore" (the
 * default otherwise) leaves everything owned by the caller. A rootless unpack that must keep
 * ownership runs inside the user namespace (ids then map to subordinate ids) with "chown".
 *
 * Device nodes are made where mknod is permitted and skipped with a note otherwise (rootless).
 * The work is synchronous file-system calls between stream reads; run it off the daemon's
 * request path for big layers.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import tar from "tar-stream";
import { BunkerError, InvalidArgument } from "../../lib/index.ts";
import { decompressLayer, type LayerCompression } from "./_decompress.ts";
import { LayerWriter, type LayerIdMap, type OwnerStrategy, type WhiteoutFormat } from "./_layer-writer.ts";
import type { LayerSys } from "./layer-sys.ts";
import { ffiLayerSys } from "./ffi-layer-sys.ts";
import { PaxRecordWindow } from "./_pax-records.ts";
import { removeTree } from "../remove-tree.ts";

export type { LayerIdMap, OwnerStrategy, WhiteoutFormat };

export interface UnpackOptions {
  /**
   * "vfs" (default): whiteouts delete from the tree below (dest holds the parent's files).
   * "overlay": dest is this layer's own overlay directory; `.wh.NAME` becomes a 0/0 character
   * device and `.wh..wh..opq` the `<overlayXattr>.overlay.opaque=y` xattr.
   */
  whiteoutFormat?: WhiteoutFormat;
  /** "user" for overlays mounted with userxattr (rootless; the default when not root), else "trusted". */
  overlayXattr?: "user" | "trusted";
  owner?: OwnerStrategy;
  idMap?: LayerIdMap;
  /** mknod and xattr calls; defaults to ffiLayerSys (the C helper: devices and xattrs). */
  sys?: LayerSys;
  /** How messages name the layer (e.g. its digest); defaults to dest's base name. */
  layerName?: string;
  /** Write into `dest` itself, never a staged sibling renamed over it: for docker cp, where
   * `dest` may be a mount point (a volume) whose parent is another filesystem. */
  inPlace?: boolean;
}

export interface UnpackResult {
  /** "sha256:<hex>" of the uncompressed tar. */
  diffId: string;
  /** Bytes of the uncompressed tar. */
  size: number;
  /** What was left out, one note per entry or attribute (device nodes rootless, xattrs). */
  skipped: string[];
  compression: LayerCompression;
}

function isEmptyDirOrMissing(path: string): boolean {
  try {
    if (!lstatSync(path).isDirectory()) throw new InvalidArgument(`unpack destination ${path} is not a directory`);
    return readdirSync(path).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw err;
  }
}

function tarError(err: unknown, layer: string): unknown {
  if (err instanceof BunkerError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/Unexpected end of data/.test(message)) return new InvalidArgument(`layer ${layer}: truncated tar: the stream ends inside an entry`, { cause: err });
  if (/Invalid tar header|Invalid header|Header exceeds max size|unknown format/i.test(message)) return new InvalidArgument(`layer ${layer}: corrupt tar: ${message}`, { cause: err });
  return err;
}

export async function unpackLayer(input: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, dest: string, opts: UnpackOptions = {}): Promise<UnpackResult> {
  const layer = opts.layerName ?? basename(dest);
  const root = process.getuid?.() === 0;
  const staged = !opts.inPlace && isEmptyDirOrMissing(dest);
  if (staged) mkdirSync(dirname(dest), { recursive: true });
  const target = staged ? mkdtempSync(join(dirname(dest), `.${basename(dest)}.unpack-`)) : dest;
  if (staged) chmodSync(target, 0o755);
  const skipped: string[] = [];
  const writer = new LayerWriter({
    root: target,
    layer,
    format: opts.whiteoutFormat ?? "vfs",
    overlayXattr: opts.overlayXattr ?? (root ? "trusted" : "user"),
    owner: opts.owner ?? (root ? "chown" : "ignore"),
    idMap: opts.idMap,
    sys: opts.sys ?? ffiLayerSys,
    skipped,
    ownRoot: staged,
  });
  const hash = new Bun.CryptoHasher("sha256");
  let size = 0;
  const window = new PaxRecordWindow();
  const extract = tar.extract();
  const { chunks, info } = decompressLayer(input, layer);

  const feeder = (async () => {
    try {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        window.push(chunk);
        if (!extract.write(chunk)) await (extract.constructor as unknown as { drained(s: unknown): Promise<boolean> }).drained(extract);
        if (extract.destroyed) return;
      }
      extract.end(null);
    } catch (err) {
      extract.destroy(err as Error);
    }
  })();

  try {
    try {
      for await (const entry of extract) {
        const records = window.recordsFor(entry.offset, entry.header.size ?? 0);
        await writer.entry(entry.header, records, entry as unknown as AsyncIterable<Uint8Array>);
        for await (const _ of entry as unknown as AsyncIterable<Uint8Array>); // whatever the writer did not read (data of a link, a skipped entry)
      }
    } catch (err) {
      extract.destroy(null);
      throw err;
    } finally {
      await feeder;
    }
    writer.finish();
    if (staged) renameSync(target, dest);
  } catch (err) {
    if (staged) removeTree(target);
    throw tarError(err, layer);
  }
  return { diffId: `sha256:${hash.digest("hex")}`, size, skipped, compression: info.compression };
}
