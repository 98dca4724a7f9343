import { log, shortId } from "../../lib/index.ts";
import type { ContainerRuntime, MonitorLink } from "../../runtime/index.ts";
import { freshState, type ContainerRecord } from "./container-record.ts";
import type { ContainerStore } from "./container-store.ts";
import { restartAtDaemonStart } from "./restart-policy.ts";

/** What live restore needs from the container service. */
export interface RestoreHooks {
  store: ContainerStore;
  runtime: ContainerRuntime;
  /** Follow a running container's monitor. */
  watch(id: string, link: MonitorLink): void;
  /** Record an exit of a container on record as running (policies and --rm apply). */
  exited(id: string, exitCode: number, error: string, finishedAt?: string): void;
  /** A user-style start (fresh restart series). */
  start(id: string): Promise<void>;
  /** A running container was re-adopted: reconnect what else it uses (its networks). */
  adopted(record: ContainerRecord): Promise<void>;
}

/**
 * Live restore, after a daemon restart: follow the containers whose monitors still run; record
 * the exits that happened meanwhile from the monitors' state files (then restart policies and
 * --rm apply as to any exit); and start again what Docker's daemon would: `always`, and
 * `unless-stopped` unless the user stopped it (containers that ran at least once).
 */
export async function liveRestore(h: RestoreHooks): Promise<void> {
  for (const record of h.store.list()) {
    if (record.state.status === "restarting") {
      // The daemon died during a backoff: the exit is on record, decide again.
      h.store.update(record.id, (r) => {
        r.state.status = "running";
        r.restartCount = Math.max(0, r.restartCount - 1); // the restart it counted never happened
      });
      h.exited(record.id, record.state.exitCode, record.state.error, record.state.finishedAt);
      continue;
    }
    if (record.state.status !== "running") continue;
    try {
      const control = await h.runtime.connect(record.socketPath ?? "", { output: false });
      h.watch(record.id, control);
      if (record.stateDir && h.runtime.readState(record.stateDir)?.status === "created") {
        // The last daemon died between spawning it and starting it: it would wait for ever. Its
        // process goes; the exit is recorded as any other (restart policies and --rm apply).
        log.warn("container was never started (the daemon stopped during its start): ending it", { id: shortId(record.id) });
        control.signal(9);
        continue;
      }
      await h.adopted(record);
      log.info("re-adopted container", { id: shortId(record.id), pid: record.state.pid });
    } catch {
      const state = record.stateDir ? h.runtime.readState(record.stateDir) : undefined;
      const exitedMeanwhile = state?.status === "exited";
      h.exited(record.id, exitedMeanwhile ? (state.exitCode ?? 0) : 137, exitedMeanwhile ? (state.error ?? "") : "the container's monitor is gone", state?.finishedAt);
    }
  }
  const never = freshState().startedAt;
  const again = h.store.list().filter((r) => (r.state.status === "exited" || r.state.status === "created") && r.state.startedAt !== never && restartAtDaemonStart(r));
  await Promise.all(again.map((r) => h.start(r.id).catch((err) => log.warn("could not restart the container at daemon start", { id: shortId(r.id), error: String(err) }))));
}
