import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { SnapshotterName } from "../snapshotter-choice.ts";
import { copyTree } from "./copy-tree.ts";
import { SnapshotBase, type ParentSnapshot } from "./snapshot-base.ts";
import type { PreparedSnapshot, SnapshotDiff, SnapshotInfo } from "./snapshotter.ts";

/**
 * vfs: every snapshot's fs/ is the whole tree, a full copy of its parent's (cp -a semantics).
 * Works everywhere, costs a copy per layer and per container. No mount: the runtime uses
 * rootfs as it is (bind-mounting it as the root).
 */
export class VfsSnapshotter extends SnapshotBase {
  readonly name: SnapshotterName = "vfs";

  protected override async populate(dir: string, parents: ParentSnapshot[]): Promise<void> {
    const top = parents[0];
    if (top) await copyTree(join(top.dir, "fs"), join(dir, "fs"));
    else await mkdir(join(dir, "fs"), { mode: 0o755 });
  }

  protected override describe(info: SnapshotInfo, dir: string): PreparedSnapshot {
    const fs = join(dir, "fs");
    return { key: info.key, kind: "dir", rootfs: fs, diffDir: fs };
  }

  protected override diff(info: SnapshotInfo, dir: string, parentDirs: string[]): SnapshotDiff {
    const parent = parentDirs[0];
    return { kind: "dir", dir: join(dir, "fs"), ...(parent ? { parentDir: join(parent, "fs") } : {}) };
  }
}
