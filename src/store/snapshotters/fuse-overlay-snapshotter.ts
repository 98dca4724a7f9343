import type { SnapshotterName } from "../snapshotter-choice.ts";
import { OverlaySnapshotter, type OverlayOptions } from "./overlay-snapshotter.ts";
import type { SnapshotMount } from "./snapshotter.ts";

/**
 * fuse-overlayfs: the same layout and upper-dir format as native overlay (it reads 0:0
 * character-device whiteouts), mounted by running the program instead of mount(2):
 * `fuse-overlayfs -o lowerdir=…,upperdir=…,workdir=… <rootfs>` inside the container's mount
 * namespace (which needs /dev/fuse there). Used when native overlay is not possible.
 */
export class FuseOverlaySnapshotter extends OverlaySnapshotter {
  override readonly name: SnapshotterName = "fuse-overlayfs";

  /** `program` is the fuse-overlayfs executable chooseSnapshotter found. */
  constructor(root: string, opts: OverlayOptions, private readonly program: string) {
    super(root, opts);
  }

  protected override opaqueXattr(): string {
    return this.opts.rootless ? "user.fuseoverlayfs.opaque" : "trusted.overlay.opaque";
  }

  protected override overlayOptions(lowers: string[], upper: string, work: string): string[] {
    return [`lowerdir=${lowers.join(":")}`, `upperdir=${upper}`, `workdir=${work}`];
  }

  protected override overlayMount(options: string[], cwd?: string): SnapshotMount {
    return { type: "fuse.fuse-overlayfs", source: "fuse-overlayfs", options, program: this.program, ...(cwd ? { cwd } : {}) };
  }
}
