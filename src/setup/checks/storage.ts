import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";
import { installFix } from "./_steps.ts";

/** Native overlay (in a user namespace when rootless), else fuse-overlayfs; vfs copies are the last resort. */
export function checkStorage(facts: SetupFacts): CheckResult {
  const id = "storage";
  const s = facts.storage;
  if (s.nativeOverlay) return { id, status: "ok", summary: facts.host.rootless ? "native overlay works in a user namespace" : "native overlay works", fixes: [] };
  if (s.fuseOverlayfs) return { id, status: "ok", summary: `fuse-overlayfs (${s.fuseOverlayfs}); native overlay does not work: ${s.nativeOverlayReason ?? "unknown"}`, fixes: [] };
  return {
    id,
    status: "problem",
    summary: `neither native overlay (${s.nativeOverlayReason ?? "it does not mount"}) nor fuse-overlayfs works, so storage falls back to vfs`,
    explanation: "With vfs every container and layer is a full copy of its image: slow and large.",
    fixes: [installFix(facts.packageManager, "fuse-overlayfs")],
  };
}
