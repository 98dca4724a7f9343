import { lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from "node:fs";
import { posix } from "node:path";
import { InvalidArgument, NotFound } from "../../lib/index.ts";

/** One entry of an image's merged filesystem, as seen from the host. */
export interface FsEntry {
  /** Absolute path inside the image. */
  path: string;
  /** Where the bytes are on the host (in the topmost layer holding it). */
  hostPath: string;
  stat: Stats;
}

const isWhiteout = (st: Stats) => st.isCharacterDevice() && st.rdev === 0;

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * A read-only view of an image's filesystem from its layer directories (top first): overlay
 * diff directories, whose whiteouts (0/0 character devices) hide what is below, or a single
 * whole tree (vfs). Symlinks in the middle of a path are followed inside the image, never out.
 * Opaque directories are not detected here (their lower contents would show through).
 */
export class ImageFs {
  constructor(private readonly layers: string[]) {}

  /** The layer directories, top first (for the runtime's user lookup). */
  get layerDirs(): string[] {
    return this.layers;
  }

  /** The entry at an absolute path, without following a final symlink. */
  lstat(path: string): FsEntry | undefined {
    const p = posix.normalize(`/${path}`);
    if (p === "/") return { path: "/", hostPath: this.layers[this.layers.length - 1] ?? "/", stat: lstatSync(this.layers[0] ?? "/") };
    for (const layer of this.layers) {
      const st = lstatOrNull(layer + p);
      if (!st) continue;
      if (isWhiteout(st)) return undefined;
      return { path: p, hostPath: layer + p, stat: st };
    }
    return undefined;
  }

  /** Resolve every symlink of `path` inside the image (the last one too when `followLast`). */
  resolve(path: string, followLast = true): string {
    let parts = posix.normalize(`/${path}`).split("/").filter(Boolean);
    let out = "";
    for (let i = 0, hops = 0; i < parts.length; i++) {
      const candidate = `${out}/${parts[i]}`;
      const last = i === parts.length - 1;
      const e = this.lstat(candidate);
      if (e?.stat.isSymbolicLink() && (!last || followLast)) {
        if (++hops > 40) throw new InvalidArgument(`too many levels of symbolic links: ${path}`);
        const target = readlinkSync(e.hostPath);
        const rest = parts.slice(i + 1);
        parts = [...(target.startsWith("/") ? [] : out.split("/").filter(Boolean)), ...target.split("/").filter(Boolean), ...rest];
        parts = posix.normalize(`/${parts.join("/")}`).split("/").filter(Boolean);
        out = "";
        i = -1;
        continue;
      }
      out = candidate;
    }
    return out || "/";
  }

  /** stat with symlinks followed. */
  stat(path: string): FsEntry | undefined {
    return this.lstat(this.resolve(path));
  }

  readFile(path: string): Uint8Array {
    const e = this.stat(path);
    if (!e || !e.stat.isFile()) throw new NotFound(`${path}: no such file`);
    return readFileSync(e.hostPath);
  }

  readLink(entry: FsEntry): string {
    return readlinkSync(entry.hostPath);
  }

  /** The names in a directory (merged over the layers, whiteouts applied), sorted. */
  list(dir: string): string[] {
    const p = posix.normalize(`/${dir}`);
    const names = new Set<string>();
    const hidden = new Set<string>();
    for (const layer of this.layers) {
      const base = p === "/" ? layer : layer + p;
      const st = lstatOrNull(base);
      if (!st) continue;
      if (!st.isDirectory()) break;
      for (const name of readdirSync(base)) {
        if (hidden.has(name) || names.has(name)) continue;
        const cst = lstatOrNull(`${base}/${name}`);
        if (cst && isWhiteout(cst)) hidden.add(name);
        else names.add(name);
      }
    }
    return [...names].sort();
  }
}
