import { existsSync, statSync } from "node:fs";
import type { HostFacts } from "../runtime/index.ts";
import type { SnapshotterChoice } from "../store/index.ts";
import type { ProbeResult } from "../sys/index.ts";
import { deviceFacts } from "./device-facts.ts";
import { packageManager } from "./package-manager.ts";
import { warningText } from "./render-step.ts";
import { runChecks } from "./run-checks.ts";
import type { SetupFacts } from "./setup-facts.ts";
import { subidNextStart } from "./subid-next-start.ts";

/** What the engine knows, as SetupFacts without the client side. */
export function engineSetupFacts(host: HostFacts, userNamespaceProbe: ProbeResult, snapshotter: SnapshotterChoice, env: Record<string, string | undefined> = process.env): SetupFacts {
  const value = env.XDG_RUNTIME_DIR || undefined;
  let ownerUid: number | undefined;
  try {
    if (value) ownerUid = statSync(value).uid;
  } catch {
    ownerUid = undefined;
  }
  const userDir = `/run/user/${host.uid}`;
  return {
    host,
    gid: process.getgid?.() ?? 0,
    userNamespaceProbe,
    storage: { nativeOverlay: snapshotter.nativeOverlay, nativeOverlayReason: snapshotter.nativeOverlayReason, fuseOverlayfs: snapshotter.fuseOverlayfs, best: snapshotter.nativeOverlay ? "overlay" : snapshotter.fuseOverlayfs ? "fuse-overlayfs" : "vfs" },
    fuse: deviceFacts("/dev/fuse"),
    runtimeDir: { value, ownerUid, userDir, userDirExists: existsSync(userDir) },
    subidNextStart: subidNextStart(),
    packageManager: packageManager(),
  };
}

/**
 * The warnings GET /info shows (and so `bunker info`): one line per problem the engine's
 * checks find, the same checks and texts as `bunker setup --check`.
 */
export function engineWarnings(host: HostFacts, userNamespaceProbe: ProbeResult, snapshotter: SnapshotterChoice): string[] {
  return runChecks(engineSetupFacts(host, userNamespaceProbe, snapshotter))
    .filter((r) => r.status === "problem")
    .map((r) => warningText(r, host.uid));
}
