import { lstatSync } from "node:fs";
import { join } from "node:path";
import { treeSize } from "../../lib/index.ts";
import { treeChanges, type Snapshotter } from "../../store/index.ts";

/**
 * Bytes a container wrote to its writable layer (ps -s SIZE, SizeRw, what a prune frees): the
 * overlay upper dir, or with vfs the files that differ from the image; 0 for a --rootfs
 * container, which has no layer of its own.
 */
export async function writableSize(snapshotter: Snapshotter, id: string): Promise<number> {
  let diff;
  try {
    diff = await snapshotter.diffDir(id);
  } catch {
    return 0;
  }
  if (diff.kind === "overlay") return treeSize(diff.dir);
  let total = 0;
  try {
    for (const rel of treeChanges(diff.dir, diff.parentDir).changed) {
      const st = lstatSync(join(diff.dir, rel), { throwIfNoEntry: false });
      if (st && !st.isDirectory()) total += st.size;
    }
  } catch {
    // A tree being removed meanwhile: count what was seen.
  }
  return total;
}
