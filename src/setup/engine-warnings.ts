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

/** Where the engine's own reads go: the real host, unless tests give a fake root and env. */
export interface EngineFactsSource {
  root?: string;
  env?: Record<string, string | undefined>;
}

/** What the engine knows, as SetupFacts without the client side. */
export function engineSetupFacts(host: HostFacts, userNamespaceProbe: ProbeResult, snapshotter: SnapshotterChoice, source: EngineFactsSource = {}): SetupFacts {
  const root = source.root ?? "";
  const env = source.env ?? process.env;
  const value = env.XDG_RUNTIME_DIR || undefined;
  let ownerUid: number | undefined;
  try {
    if (value) ownerUid = statSync(root + value).uid;
  } catch {
    ownerUid = undefined;
  }
  const userDir = `/run/user/${host.uid}`;
  return {
    host,
    gid: process.getgid?.() ?? 0,
    userNamespaceProbe,
    storage: { nativeOverlay: snapshotter.nativeOverlay, nativeOverlayReason: snapshotter.nativeOverlayReason, fuseOverlayfs: snapshotter.fuseOverlayfs, best: snapshotter.nativeOverlay ? "overlay" : snapshotter.fuseOverlayfs ? "fuse-overlayfs" : "vfs" },
    fuse: deviceFacts(`${root}/dev/fuse`),
    runtimeDir: { value, ownerUid, userDir, userDirExists: existsSync(root + userDir) },
    subidNextStart: subidNextStart(root),
    packageManager: packageManager(root),
  };
}

/**
 * The warnings GET /info shows (and so `bunker info`): one line per problem the engine's
 * checks find, the same checks and texts as `bunker setup --check`.
 */
export function engineWarnings(host: HostFacts, userNamespaceProbe: ProbeResult, snapshotter: SnapshotterChoice, source: EngineFactsSource = {}): string[] {
  return runChecks(engineSetupFacts(host, userNamespaceProbe, snapshotter, source))
    .filter((r) => r.status === "problem")
    .map((r) => warningText(r, host.uid));
}
