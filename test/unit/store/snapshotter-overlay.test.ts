import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chooseSnapshotter, OverlaySnapshotter } from "../../../src/store/index.ts";
import { isRoot, snapshotterConformance, unshareSkip } from "./snapshotter-conformance.ts";

// Native overlay must work on the filesystem the tests use (the same probe the daemon runs).
const scratch = mkdtempSync(join(tmpdir(), "bunker-ovl-probe-"));
const choice = chooseSnapshotter({ dataRoot: scratch, rootless: !isRoot, which: () => null });
rmSync(scratch, { recursive: true, force: true });
const mountSkip = choice.nativeOverlay ? unshareSkip() : `native overlay does not work here: ${choice.nativeOverlayReason}`;

snapshotterConformance("overlay", { make: (root) => new OverlaySnapshotter(root, { rootless: !isRoot }), mountSkip });
