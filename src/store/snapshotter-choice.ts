import { accessSync, constants, mkdirSync, mkdtempSync } from "node:fs";
import { removeTree } from "./remove-tree.ts";
import { join } from "node:path";
import { InvalidArgument } from "../lib/index.ts";
import { probeOverlay } from "../sys/index.ts";

export type SnapshotterName = "overlay" | "fuse-overlayfs" | "vfs";

/** Which snapshotter the daemon uses, and what it found out choosing. */
export interface SnapshotterChoice {
  name: SnapshotterName;
  /** Native overlayfs works here (in a user namespace when rootless). */
  nativeOverlay: boolean;
  /** Why native overlay does not work, when it does not. */
  nativeOverlayReason?: string;
  fuseOverlayfs?: string;
  /** Key/value lines for `info` (Docker's DriverStatus). */
  status: [string, string][];
}

interface ChooseOptions {
  dataRoot: string;
  /** The storage-driver from daemon.json; unset means the best that works. */
  preferred?: SnapshotterName;
  rootless: boolean;
  /** For tests: where to look for fuse-overlayfs, and the overlay probe. */
  which?: (cmd: string) => string | null;
  probe?: typeof probeOverlay;
}

function fuseUsable(which: (cmd: string) => string | null): string | undefined {
  const bin = which("fuse-overlayfs");
  if (!bin) return undefined;
  try {
    accessSync("/dev/fuse", constants.R_OK | constants.W_OK);
    return bin;
  } catch {
    return undefined;
  }
}

/**
 * Pick the snapshotter, in DESIGN.md's order: native overlayfs (in a user namespace, with
 * userxattr, when rootless), fuse-overlayfs when installed and /dev/fuse is usable, vfs last.
 * The overlay probe mounts a real overlay under the data root, so it tests that filesystem.
 */
export function chooseSnapshotter(opts: ChooseOptions): SnapshotterChoice {
  const which = opts.which ?? ((cmd: string) => Bun.which(cmd));
  const probe = opts.probe ?? probeOverlay;
  const scratchParent = join(opts.dataRoot, "tmp");
  mkdirSync(scratchParent, { recursive: true, mode: 0o700 });
  const scratch = mkdtempSync(join(scratchParent, "overlay-probe-"));
  let result;
  try {
    for (const sub of ["lower", "upper", "work", "merged"]) mkdirSync(join(scratch, sub));
    result = probe(scratch, opts.rootless);
  } finally {
    removeTree(scratch); // a rootless overlay mount leaves work/work at mode 000

  }
  const fuse = fuseUsable(which);
  const nativeOverlay = result.ok;
  const available: Record<SnapshotterName, boolean> = { overlay: nativeOverlay, "fuse-overlayfs": !!fuse, vfs: true };
  let name: SnapshotterName;
  if (opts.preferred) {
    if (!available[opts.preferred]) {
      const why = opts.preferred === "overlay" && !result.ok ? result.reason : `${opts.preferred} is not usable here`;
      throw new InvalidArgument(`storage-driver ${opts.preferred} was asked for but cannot be used: ${why}`);
    }
    name = opts.preferred;
  } else {
    name = nativeOverlay ? "overlay" : fuse ? "fuse-overlayfs" : "vfs";
  }
  const status: [string, string][] = [
    ["Native Overlay Diff", String(nativeOverlay)],
    ["Using metacopy", "false"],
  ];
  if (opts.rootless) status.push(["Native overlay in user namespace (userxattr)", String(nativeOverlay)]);
  if (fuse) status.push(["fuse-overlayfs", fuse]);
  return {
    name,
    nativeOverlay,
    nativeOverlayReason: result.ok ? undefined : result.reason,
    fuseOverlayfs: fuse,
    status,
  };
}
