import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";

/** "6.1.0-18-amd64" → [6, 1]; [0, 0] when unreadable. */
export function kernelVersion(release: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(release);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

const atLeast = (v: [number, number], major: number, minor: number) => v[0] > major || (v[0] === major && v[1] >= minor);

/** Kernel version: 4.18 runs rootless containers (FUSE in user namespaces); 5.11 mounts overlay in them. */
export function checkKernel(facts: SetupFacts): CheckResult {
  const release = facts.host.kernelRelease;
  const v = kernelVersion(release);
  if (!atLeast(v, 4, 18)) {
    return {
      id: "kernel",
      status: "problem",
      summary: `Linux ${release} is older than 4.18`,
      explanation: "Rootless containers need user namespaces with FUSE and overlay support that older kernels lack.",
      fixes: [{ title: "Upgrade the kernel", steps: [{ kind: "print", text: "boot a kernel of version 5.11 or later (your distribution's current one)" }] }],
    };
  }
  if (facts.host.rootless && !atLeast(v, 5, 11)) {
    return {
      id: "kernel",
      status: "advice",
      summary: `Linux ${release}: older than 5.11, so no native overlay in user namespaces`,
      explanation: "Images are stored with fuse-overlayfs (or copied) instead of the faster native overlay.",
      fixes: [],
    };
  }
  return { id: "kernel", status: "ok", summary: `Linux ${release}`, fixes: [] };
}
