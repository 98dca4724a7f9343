import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chooseSnapshotter, FuseOverlaySnapshotter } from "../../../src/store/index.ts";
import { isRoot, snapshotterConformance, unshareSkip } from "./snapshotter-conformance.ts";

// Detection as the daemon does it: the program on PATH and a usable /dev/fuse.
const scratch = mkdtempSync(join(tmpdir(), "bunker-fuse-probe-"));
const program = chooseSnapshotter({ dataRoot: scratch, rootless: !isRoot }).fuseOverlayfs;
rmSync(scratch, { recursive: true, force: true });
const mountSkip = program ? unshareSkip() : "fuse-overlayfs is not installed or /dev/fuse is not usable";

snapshotterConformance("fuse-overlayfs", { make: (root) => new FuseOverlaySnapshotter(root, { rootless: !isRoot }, program ?? "fuse-overlayfs"), mountSkip });
