import { diffDirectory } from "./diff-layer.ts";
import { treeChanges } from "./tree-changes.ts";

/** Which tar of a snapshot tree is wanted. */
export type TreeTarRequest =
  /** An overlay upper directory: its changes, whiteouts as `.wh.` entries (commit). */
  | { kind: "upper"; dir: string }
  /** A whole tree (vfs) against its parent's whole tree (none for a base): the changes only (commit). */
  | { kind: "compare"; dir: string; parentDir?: string }
  /** The merged view of an upper directory over its lowers, top first (export; vfs: no lowers). */
  | { kind: "merged"; dir: string; lowers: string[] };

/** The tar for a request, read in this process (see the engine's user-namespace runner). */
export function treeTar(req: TreeTarRequest): ReadableStream<Uint8Array> {
  if (req.kind === "compare") return diffDirectory(req.dir, { changes: treeChanges(req.dir, req.parentDir) });
  if (req.kind === "merged") return diffDirectory(req.dir, { lowers: req.lowers });
  return diffDirectory(req.dir);
}
