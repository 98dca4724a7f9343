import { mkdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { InvalidArgument } from "../../lib/index.ts";
import type { SnapshotterName } from "../snapshotter-choice.ts";
import { removeTree } from "../remove-tree.ts";
import { SnapshotBase, type ParentSnapshot } from "./snapshot-base.ts";
import type { PreparedSnapshot, SnapshotDiff, SnapshotInfo, SnapshotMount } from "./snapshotter.ts";

/** mount(2) takes one page of data, NUL included. */
const MOUNT_DATA_MAX = 4095;

export interface OverlayOptions {
  /** The daemon runs rootless: the mount happens in its user namespace, with "userxattr". */
  rootless: boolean;
}

/**
 * Native overlayfs. Each snapshot has fs/ (the upper dir: this layer's own changes, with
 * overlay whiteouts), work/ (overlay's work dir) and merged/ (where the runtime mounts it).
 * Nothing is mounted here: the runtime mounts `mount` inside the container's mount namespace.
 * A snapshot without parents is a bind mount of its fs/.
 */
export class OverlaySnapshotter extends SnapshotBase {
  readonly name: SnapshotterName = "overlay";

  constructor(root: string, protected readonly opts: OverlayOptions) {
    super(root);
    // These would change the meaning of the comma/colon separated mount options.
    if (/[,:\\=\s]/.test(root)) throw new InvalidArgument(`snapshot root ${JSON.stringify(root)} may not contain , : \\ = or spaces for ${this.name}`);
  }

  protected override async populate(dir: string, _parents: ParentSnapshot[]): Promise<void> {
    for (const sub of ["fs", "work", "merged"]) await mkdir(join(dir, sub), { mode: 0o755 });
  }

  protected override async sealed(dir: string): Promise<void> {
    // A committed layer is only ever a lower dir.
    removeTree(join(dir, "work"));
    removeTree(join(dir, "merged"));
  }

  /** The xattr overlay reads for opaque directories in an upper dir. */
  protected opaqueXattr(): string {
    return this.opts.rootless ? "user.overlay.opaque" : "trusted.overlay.opaque";
  }

  /** Options with the given path form; the driver may add its own. */
  protected overlayOptions(lowers: string[], upper: string, work: string): string[] {
    const options = [`lowerdir=${lowers.join(":")}`, `upperdir=${upper}`, `workdir=${work}`];
    if (this.opts.rootless) options.push("userxattr");
    return options;
  }

  protected overlayMount(options: string[], cwd?: string): SnapshotMount {
    return { type: "overlay", source: "overlay", options, ...(cwd ? { cwd } : {}) };
  }

  protected override describe(info: SnapshotInfo, dir: string, parentDirs: string[]): PreparedSnapshot {
    const fs = join(dir, "fs");
    const base = { key: info.key, kind: "overlay" as const, rootfs: join(dir, "merged"), diffDir: fs, opaqueXattr: this.opaqueXattr() };
    if (parentDirs.length === 0) return { ...base, mount: { type: "bind", source: fs, options: ["bind", "rw"] } };
    const lowers = parentDirs.map((p) => join(p, "fs"));
    const absolute = this.overlayOptions(lowers, fs, join(dir, "work"));
    if (absolute.join(",").length <= MOUNT_DATA_MAX) return { ...base, mount: this.overlayMount(absolute) };
    const rel = (p: string) => relative(this.root, p);
    const short = this.overlayOptions(lowers.map(rel), rel(fs), rel(join(dir, "work")));
    if (short.join(",").length > MOUNT_DATA_MAX) {
      throw new InvalidArgument(`snapshot ${info.key}: ${parentDirs.length} lower layers do not fit one overlay mount (${short.join(",").length} bytes of options)`);
    }
    return { ...base, mount: this.overlayMount(short, this.root) };
  }

  protected override diff(info: SnapshotInfo, dir: string): SnapshotDiff {
    return { kind: "overlay", dir: join(dir, "fs"), opaqueXattr: this.opaqueXattr() };
  }
}
