import { lstatSync } from "node:fs";
import { join } from "node:path";
import { diffDirectory } from "./diff-layer.ts";
import { ffiLayerSys } from "./ffi-layer-sys.ts";
import { treeChanges } from "./tree-changes.ts";

/** Which tar of a snapshot tree is wanted. */
export type TreeTarRequest =
  /** An overlay upper directory: its changes, whiteouts as `.wh.` entries (commit). */
  | { kind: "upper"; dir: string }
  /** A whole tree (vfs) against its parent's whole tree (none for a base): the changes only (commit). */
  | { kind: "compare"; dir: string; parentDir?: string }
  /** The merged view of an upper directory over its lowers, top first (export; vfs: no lowers);
   * with `under`, only that subtree, names relative to it (a volume's first content). */
  | { kind: "merged"; dir: string; lowers: string[]; under?: string };

const statOf = (p: string) => {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
};

/** An overlay whiteout: a 0/0 character device (or a file marked with the whiteout xattr, which we don't write). */
const isWhiteout = (p: string) => {
  const st = statOf(p);
  return !!st && st.isCharacterDevice() && st.rdev === 0;
};

/**
 * The layers (top first) that contribute to the directory `under`: a layer that removed it
 * or an ancestor (a whiteout), or holds something else than a directory there, hides all
 * below it; an opaque directory on the way hides what is below that layer.
 */
function layersUnder(layers: string[], under: string, opaque: (dir: string) => boolean): string[] {
  const parts = under.split("/").filter(Boolean);
  const out: string[] = [];
  for (const layer of layers) {
    let hidden = false;
    let stopAfter = false;
    for (let i = 1; i <= parts.length; i++) {
      const p = join(layer, ...parts.slice(0, i));
      if (isWhiteout(p)) hidden = true;
      const st = statOf(p);
      if (st && !st.isDirectory() && !hidden) hidden = true;
      if (hidden) break;
      if (st && opaque(p)) stopAfter = true;
    }
    if (hidden) break;
    if (statOf(join(layer, ...parts))?.isDirectory()) out.push(join(layer, ...parts));
    if (stopAfter) break;
  }
  return out;
}

/** The tar for a request, read in this process (see the engine's user-namespace runner). */
export function treeTar(req: TreeTarRequest): ReadableStream<Uint8Array> {
  if (req.kind === "compare") return diffDirectory(req.dir, { changes: treeChanges(req.dir, req.parentDir) });
  if (req.kind === "merged" && req.under) {
    const [top, ...rest] = layersUnder([req.dir, ...req.lowers], req.under, isOpaque);
    return top ? diffDirectory(top, { lowers: rest }) : emptyTar();
  }
  if (req.kind === "merged") return diffDirectory(req.dir, { lowers: req.lowers });
  return diffDirectory(req.dir);
}

/** overlay's opaque marker, as the unpacker writes it (user.* rootless, trusted.* as root). */
function isOpaque(dir: string): boolean {
  for (const name of ["user.overlay.opaque", "trusted.overlay.opaque"]) {
    const v = ffiLayerSys?.lgetxattr?.(dir, name);
    if (v && v.length === 1 && v[0] === 0x79) return true;
  }
  return false;
}

/** A tar with no entries (two zero blocks). */
function emptyTar(): ReadableStream<Uint8Array> {
  return new Response(new Uint8Array(1024)).body!;
}
