import { InvalidArgument } from "../../lib/index.ts";
import type { SnapshotterChoice } from "../snapshotter-choice.ts";
import { FuseOverlaySnapshotter } from "./fuse-overlay-snapshotter.ts";
import { OverlaySnapshotter } from "./overlay-snapshotter.ts";
import type { Snapshotter } from "./snapshotter.ts";
import { VfsSnapshotter } from "./vfs-snapshotter.ts";

/** The driver chooseSnapshotter picked, keeping its snapshots under `root`. */
export function createSnapshotter(choice: SnapshotterChoice, root: string, rootless: boolean): Snapshotter {
  switch (choice.name) {
    case "overlay":
      return new OverlaySnapshotter(root, { rootless });
    case "fuse-overlayfs":
      if (!choice.fuseOverlayfs) throw new InvalidArgument("fuse-overlayfs was chosen but its program was not found");
      return new FuseOverlaySnapshotter(root, { rootless }, choice.fuseOverlayfs);
    case "vfs":
      return new VfsSnapshotter(root);
  }
}
