import { formatGoDuration, log, shortId } from "../../lib/index.ts";
import type { HealthConfig, HealthProbe, HealthState, HealthStatus } from "./container-record.ts";

/** Docker's defaults, in nanoseconds. */
const defaults = { interval: 30e9, timeout: 30e9, startPeriod: 0, startInterval: 5e9, retries: 3 };
/** Docker keeps the last five results and 4 KiB of each probe's output. */
const keepProbes = 5;
const maxOutput = 4096;

/** How a probe runs: a process in the container, killed after `timeoutMs`. */
export type ProbeRunner = (containerId: string, args: string[], timeoutMs: number) => Promise<{ exitCode: number; output: string; timedOut: boolean }>;

export interface HealthCheckerDeps {
  run: ProbeRunner;
  /** The container's current health, or undefined once it is gone or stopped. */
  current(id: string): HealthState | undefined;
  /** False while the container is paused: the probe waits for the next turn. */
  probeable(id: string): boolean;
  /** Store the new health state (and emit `health_status: X` when the status changed). */
  record(id: string, health: HealthState, changed: boolean): void;
}

/** The probe's argv, or null when the healthcheck is off. */
export function probeArgs(config: HealthConfig | undefined): string[] | null {
  const [kind, ...rest] = config?.test ?? [];
  if (kind === "CMD" && rest.length) return rest;
  if (kind === "CMD-SHELL" && rest.length) return ["/bin/sh", "-c", rest.join(" ")];
  return null;
}

/** The settings with Docker's defaults filled in (nanoseconds). */
export function effectiveHealth(config: HealthConfig): Omit<HealthConfig, "test"> {
  return {
    interval: config.interval || defaults.interval,
    timeout: config.timeout || defaults.timeout,
    startPeriod: config.startPeriod || defaults.startPeriod,
    startInterval: config.startInterval || defaults.startInterval,
    retries: config.retries || defaults.retries,
  };
}

/**
 * The next health state after a probe, as Docker decides it: a success makes the container
 * healthy; a failure counts only after the start period, and `retries` failures in a row make
 * it unhealthy.
 */
export function nextHealth(prev: HealthState, probe: HealthProbe, inStartPeriod: boolean, retries: number): HealthState {
  const log = [...prev.log, probe].slice(-keepProbes);
  if (probe.exitCode === 0) return { status: "healthy", failingStreak: 0, log };
  if (inStartPeriod && prev.status === "starting") return { ...prev, log };
  const failingStreak = prev.failingStreak + 1;
  const status: HealthStatus = failingStreak >= retries ? "unhealthy" : prev.status;
  return { status, failingStreak, log };
}

/**
 * Runs each running container's healthcheck on its schedule: every start-interval during the
 * start period, every interval after it, one probe at a time, never while the previous runs.
 */
export class HealthChecker {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: HealthCheckerDeps) {}

  /** A container (re)started at `startedAt`: schedule its first probe. Returns its initial state. */
  start(id: string, config: HealthConfig | undefined, startedAt: number): HealthState | undefined {
    this.stop(id);
    const args = probeArgs(config);
    if (!args || !config) return undefined;
    const settings = effectiveHealth(config);
    const schedule = () => {
      const inStart = Date.now() - startedAt < settings.startPeriod / 1e6;
      const wait = (inStart ? settings.startInterval : settings.interval) / 1e6;
      this.timers.set(id, setTimeout(() => void probe(), wait));
    };
    const probe = async () => {
      if (!this.timers.has(id)) return;
      if (!this.deps.probeable(id)) return schedule();
      const begun = new Date();
      const result = await this.deps.run(id, args, settings.timeout / 1e6).catch((err: unknown) => ({ exitCode: -1, output: String((err as Error).message ?? err), timedOut: false }));
      const prev = this.deps.current(id);
      if (!prev || !this.timers.has(id)) return; // stopped meanwhile
      const output = result.timedOut ? `Health check exceeded timeout (${formatGoDuration(settings.timeout)})` : result.output.slice(0, maxOutput);
      const entry: HealthProbe = { start: begun.toISOString(), end: new Date().toISOString(), exitCode: result.timedOut ? -1 : result.exitCode, output };
      const inStart = begun.getTime() - startedAt < settings.startPeriod / 1e6;
      const next = nextHealth(prev, entry, inStart, settings.retries);
      this.deps.record(id, next, next.status !== prev.status);
      if (next.status !== prev.status) log.debug("health changed", { id: shortId(id), status: next.status });
      schedule();
    };
    schedule();
    return { status: "starting", failingStreak: 0, log: [] };
  }

  /** The container stopped or went away: no more probes. */
  stop(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  close(): void {
    for (const id of [...this.timers.keys()]) this.stop(id);
  }
}
