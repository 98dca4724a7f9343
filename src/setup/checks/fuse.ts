import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";

/** /dev/fuse: needed by fuse-overlayfs, which stores images when native overlay does not work. */
export function checkFuse(facts: SetupFacts): CheckResult {
  const id = "fuse";
  if (facts.fuse.ok) return { id, status: "ok", summary: "/dev/fuse opens", fixes: [] };
  if (facts.storage.nativeOverlay) return { id, status: "skip", summary: `${facts.fuse.reason}; not needed: native overlay works`, fixes: [] };
  return {
    id,
    status: "problem",
    summary: facts.fuse.reason,
    explanation: "Without native overlay, images are stored with fuse-overlayfs, which needs /dev/fuse; otherwise every container copies its image (vfs).",
    fixes: [
      facts.fuse.missing
        ? { title: "Load the fuse module", steps: [{ kind: "run", argv: ["modprobe", "fuse"], root: true }] }
        : { title: "Let every user open /dev/fuse, as udev does", steps: [{ kind: "run", argv: ["chmod", "0666", "/dev/fuse"], root: true }] },
    ],
  };
}
