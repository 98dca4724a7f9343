import type { Guest } from "./guest.ts";

/** How long a leaving guest is carried: a quiet link for `quietMs`, at most `maxMs` in all. */
export interface DrainLimits {
  maxMs?: number;
  quietMs?: number;
}

/**
 * Resolves once a leaving guest has nothing more to send: every TCP flow has the guest's FIN
 * with its bytes written to the host, and no frame came for `quietMs`. Also when `maxMs` has
 * passed, or the guest was detached meanwhile (detach calls its `wake`).
 */
export async function guestDrained(g: Guest, limits: DrainLimits = {}): Promise<void> {
  const quietMs = limits.quietMs ?? 50;
  const until = performance.now() + (limits.maxMs ?? 5000);
  let seen = -1;
  while (g.attached && performance.now() < until) {
    const carrying = [...g.tcp.values()].some((f) => !f.guestDone);
    if (!carrying && g.framesIn === seen) return;
    seen = g.framesIn;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, quietMs);
      g.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
