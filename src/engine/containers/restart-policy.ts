import { InvalidArgument } from "../../lib/index.ts";

export interface RestartPolicy {
  name: string;
  maximumRetryCount: number;
}

const names = ["", "no", "always", "unless-stopped", "on-failure"];

/** Docker's checks of HostConfig.RestartPolicy (and its refusal of --rm with a policy). */
export function validateRestartPolicy(policy: RestartPolicy, autoRemove: boolean): void {
  if (!names.includes(policy.name)) throw new InvalidArgument(`invalid restart policy: unknown policy '${policy.name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`);
  if (policy.maximumRetryCount < 0) throw new InvalidArgument("invalid restart policy: maximum retry count cannot be negative");
  if (policy.maximumRetryCount > 0 && policy.name !== "on-failure") throw new InvalidArgument(`invalid restart policy: maximum retry count can only be used with 'on-failure'`);
  if (autoRemove && policy.name !== "" && policy.name !== "no") throw new InvalidArgument("can't create 'AutoRemove' container with restart policy");
}

/**
 * Docker's rule for a container that exited: always restarts; unless-stopped unless the user
 * stopped it; on-failure on a non-zero status while RestartCount is under the maximum (0 = no
 * maximum); no never does.
 */
export function wantsRestart(policy: RestartPolicy, exitCode: number, manuallyStopped: boolean, restartCount: number): boolean {
  switch (policy.name) {
    case "always":
      return true;
    case "unless-stopped":
      return !manuallyStopped;
    case "on-failure":
      return exitCode !== 0 && (policy.maximumRetryCount === 0 || restartCount < policy.maximumRetryCount);
    default:
      return false;
  }
}

/** At daemon start (Docker's restore): the policy's verdict on the container's last exit. */
export function restartAtDaemonStart(record: { host: { restartPolicy: RestartPolicy }; state: { exitCode: number }; manuallyStopped?: boolean; restartCount: number }): boolean {
  return wantsRestart(record.host.restartPolicy, record.state.exitCode, !!record.manuallyStopped, record.restartCount);
}

const firstDelayMs = 100;
const maxDelayMs = 60_000;
/** A run at least this long resets the delay to the first one. */
const resetAfterMs = 10_000;

/** Docker's backoff between restarts: 100 ms, doubling up to a minute; reset after a run of 10 s or more. */
export class RestartBackoff {
  private delay = 0;

  /** The wait before the next restart, given how long the run that just ended lasted. */
  next(ranForMs: number): number {
    if (ranForMs >= resetAfterMs) this.delay = 0;
    this.delay = this.delay === 0 ? firstDelayMs : Math.min(this.delay * 2, maxDelayMs);
    return this.delay;
  }
}
