import type { SnapshotterName } from "../snapshotter-choice.ts";

/** A mount as the runtime performs it, inside the container's mount namespace. */
export interface SnapshotMount {
  /** "overlay", "bind" (OCI-style: options hold "bind"), or "fuse.fuse-overlayfs". */
  type: string;
  source: string;
  /** mount(2) data, one option per element: join with ",". */
  options: string[];
  /**
   * Set when the options use paths relative to this directory (a long layer chain would not
   * fit mount(2)'s one page of data otherwise): chdir here before mounting.
   */
  cwd?: string;
  /** For FUSE: the program that mounts, run as `program -o <options> <target>`. */
  program?: string;
}

/** What `prepare` made: where to unpack or run, and how to mount it. */
export interface PreparedSnapshot {
  key: string;
  /**
   * "overlay": diffDir holds only this snapshot's changes (deletions as overlay whiteouts: 0:0
   * character devices, opaque directories marked with `opaqueXattr`); "dir": diffDir is the
   * whole tree (a deletion is a deletion).
   */
  kind: "overlay" | "dir";
  /** The container's root once `mount` (when given) is mounted on it. */
  rootfs: string;
  mount?: SnapshotMount;
  /** Where this snapshot's own changes go: unpack a layer here. */
  diffDir: string;
  opaqueXattr?: string;
}

/** Where a snapshot's changes are, for commit and export (diff as a tar with whiteouts). */
export interface SnapshotDiff {
  kind: "overlay" | "dir";
  dir: string;
  /** For "dir": the parent's whole tree to compare `dir` against (none for a base). */
  parentDir?: string;
  opaqueXattr?: string;
}

export interface SnapshotInfo {
  key: string;
  /** Lower snapshots, top first. */
  parents: string[];
  /** Committed snapshots are read-only and may be parents; active ones are being written. */
  committed: boolean;
  created: string;
}

/**
 * Copy-on-write trees for image layers and containers' writable layers. A layer is unpacked
 * into `prepare(chainId, parentChain).diffDir` and then `commit`ted; a container's layer is
 * `prepare(containerId, imageChain)` and its `mount` is mounted on `rootfs` by the runtime.
 * Keys are any string of [A-Za-z0-9_.:@+-] starting with a letter or digit, up to 255 long.
 */
export interface Snapshotter {
  readonly name: SnapshotterName;
  readonly root: string;
  /** A new active snapshot `key` over committed `parentKeys` (lower layers, top first). */
  prepare(key: string, parentKeys: string[]): Promise<PreparedSnapshot>;
  /** The same description again for an existing snapshot (e.g. after a daemon restart). */
  mounts(key: string): Promise<PreparedSnapshot>;
  /** Seal an active snapshot: read-only from now on, usable as a parent. */
  commit(key: string): Promise<void>;
  /** Remove a snapshot that no other snapshot has as parent; nothing of it stays on disk. */
  remove(key: string): Promise<void>;
  diffDir(key: string): Promise<SnapshotDiff>;
  stat(key: string): Promise<SnapshotInfo | undefined>;
  list(): Promise<SnapshotInfo[]>;
  /** Remove what an interrupted prepare or remove left behind (run at daemon start). */
  cleanup(): Promise<void>;
}
