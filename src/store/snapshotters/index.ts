/** Snapshotters: copy-on-write trees for layers and containers, behind one interface. */
export type { PreparedSnapshot, SnapshotDiff, SnapshotInfo, SnapshotMount, Snapshotter } from "./snapshotter.ts";
export { OverlaySnapshotter, type OverlayOptions } from "./overlay-snapshotter.ts";
export { FuseOverlaySnapshotter } from "./fuse-overlay-snapshotter.ts";
export { VfsSnapshotter } from "./vfs-snapshotter.ts";
export { copyTree, type CopyTreeResult } from "./copy-tree.ts";
export { removeTree, setForeignTreeRemover } from "../remove-tree.ts";
export { createSnapshotter } from "./create-snapshotter.ts";
