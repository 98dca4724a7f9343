import type { ContainerRecord } from "./container-record.ts";
import { RestartBackoff, wantsRestart } from "./restart-policy.ts";

/**
 * The daemon's side of restart policies: per container, the backoff of its current series of
 * restarts, the pending restart timer, and whether the user cancelled restarts by stopping it
 * (a stop cancels until the next start, as in Docker). Kept in memory like Docker's restart
 * manager; RestartCount and the manual-stop flag live in the record.
 */
export class RestartScheduler {
  private readonly backoffs = new Map<string, RestartBackoff>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly cancelled = new Set<string>();

  /** A start by the user: a fresh series. */
  reset(id: string): void {
    this.clearTimer(id);
    this.backoffs.delete(id);
    this.cancelled.delete(id);
  }

  /** No restart until the next user start; true when a restart was pending. */
  cancel(id: string): boolean {
    this.cancelled.add(id);
    return this.clearTimer(id);
  }

  /** The container is gone. */
  forget(id: string): void {
    this.clearTimer(id);
    this.backoffs.delete(id);
    this.cancelled.delete(id);
  }

  /** How long to wait before restarting after this exit, or undefined when it stays down. */
  decide(record: ContainerRecord, exitCode: number, ranForMs: number): number | undefined {
    if (this.cancelled.has(record.id)) return undefined;
    if (!wantsRestart(record.host.restartPolicy, exitCode, !!record.manuallyStopped, record.restartCount)) return undefined;
    let backoff = this.backoffs.get(record.id);
    if (!backoff) this.backoffs.set(record.id, (backoff = new RestartBackoff()));
    return backoff.next(ranForMs);
  }

  schedule(id: string, delayMs: number, restart: () => void): void {
    this.clearTimer(id);
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        restart();
      }, delayMs),
    );
  }

  /** Drop every pending restart (the daemon is stopping). */
  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  pending(id: string): boolean {
    return this.timers.has(id);
  }

  private clearTimer(id: string): boolean {
    const t = this.timers.get(id);
    if (!t) return false;
    clearTimeout(t);
    this.timers.delete(id);
    return true;
  }
}
