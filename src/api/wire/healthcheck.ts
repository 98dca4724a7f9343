import * as v from "valibot";
import { InvalidArgument } from "../../lib/index.ts";
import type { ContainerRecord } from "../../engine/index.ts";

type HealthConfig = NonNullable<ContainerRecord["requested"]["healthcheck"]>;
type HealthState = NonNullable<ContainerRecord["state"]["health"]>;

/** Config.Healthcheck of POST /containers/create (durations in nanoseconds). */
export const HealthcheckBody = v.nullish(
  v.object({
    Test: v.nullish(v.array(v.string())),
    Interval: v.nullish(v.number()),
    Timeout: v.nullish(v.number()),
    Retries: v.nullish(v.number()),
    StartPeriod: v.nullish(v.number()),
    StartInterval: v.nullish(v.number()),
  }),
);

/** Docker's checks: each duration 0 (default) or at least 1 ms, retries not negative. */
export function healthFrom(body: v.InferOutput<typeof HealthcheckBody>): HealthConfig | undefined {
  if (!body) return undefined;
  const duration = (name: string, value: number | null | undefined) => {
    const n = value ?? 0;
    if (n !== 0 && n < 1e6) throw new InvalidArgument(`${name} in Healthcheck cannot be less than 1ms`);
    return n;
  };
  const retries = body.Retries ?? 0;
  if (retries < 0) throw new InvalidArgument("Retries in Healthcheck cannot be negative");
  const test = body.Test ?? [];
  if (test.length && !["NONE", "CMD", "CMD-SHELL"].includes(test[0]!)) throw new InvalidArgument(`invalid healthcheck test ${JSON.stringify(test[0])}: want NONE, CMD or CMD-SHELL`);
  return {
    test,
    interval: duration("Interval", body.Interval),
    timeout: duration("Timeout", body.Timeout),
    startPeriod: duration("StartPeriod", body.StartPeriod),
    startInterval: duration("StartInterval", body.StartInterval),
    retries,
  };
}

/** Config.Healthcheck in inspect (zero fields left out, as Go's omitempty does). */
export function healthConfigWire(h: HealthConfig | undefined): Record<string, unknown> | undefined {
  if (!h) return undefined;
  const out: Record<string, unknown> = { Test: h.test };
  if (h.interval) out.Interval = h.interval;
  if (h.timeout) out.Timeout = h.timeout;
  if (h.startPeriod) out.StartPeriod = h.startPeriod;
  if (h.startInterval) out.StartInterval = h.startInterval;
  if (h.retries) out.Retries = h.retries;
  return out;
}

/** State.Health in inspect. */
export function healthStateWire(h: HealthState | undefined): Record<string, unknown> | undefined {
  if (!h) return undefined;
  return { Status: h.status, FailingStreak: h.failingStreak, Log: h.log.map((p) => ({ Start: p.start, End: p.end, ExitCode: p.exitCode, Output: p.output })) };
}
