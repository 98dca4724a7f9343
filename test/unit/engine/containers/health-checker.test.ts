import { describe, expect, test } from "bun:test";
import { HealthChecker, effectiveHealth, nextHealth, probeArgs } from "../../../../src/engine/containers/health-checker.ts";
import type { HealthState } from "../../../../src/engine/containers/container-record.ts";

const probe = (exitCode: number) => ({ start: "s", end: "e", exitCode, output: "" });
const starting: HealthState = { status: "starting", failingStreak: 0, log: [] };

describe("healthcheck rules", () => {
  test("the probe's argv: CMD as given, CMD-SHELL through /bin/sh -c, NONE and empty are off", () => {
    expect(probeArgs({ test: ["CMD", "curl", "-f", "x"], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 })).toEqual(["curl", "-f", "x"]);
    expect(probeArgs({ test: ["CMD-SHELL", "test -f /ok"], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 })).toEqual(["/bin/sh", "-c", "test -f /ok"]);
    expect(probeArgs({ test: ["NONE"], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 })).toBeNull();
    expect(probeArgs({ test: [], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 })).toBeNull();
    expect(probeArgs(undefined)).toBeNull();
  });

  test("Docker's defaults for zero settings", () => {
    expect(effectiveHealth({ test: [], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 })).toEqual({ interval: 30e9, timeout: 30e9, startPeriod: 0, startInterval: 5e9, retries: 3 });
    expect(effectiveHealth({ test: [], interval: 1e9, timeout: 2e9, startPeriod: 3e9, startInterval: 4e9, retries: 5 })).toEqual({ interval: 1e9, timeout: 2e9, startPeriod: 3e9, startInterval: 4e9, retries: 5 });
  });

  test("retries failures in a row make it unhealthy; one success makes it healthy again", () => {
    let h = nextHealth(starting, probe(1), false, 2);
    expect(h).toMatchObject({ status: "starting", failingStreak: 1 });
    h = nextHealth(h, probe(1), false, 2);
    expect(h).toMatchObject({ status: "unhealthy", failingStreak: 2 });
    h = nextHealth(h, probe(0), false, 2);
    expect(h).toMatchObject({ status: "healthy", failingStreak: 0 });
  });

  test("failures in the start period do not count while it is still starting", () => {
    let h = nextHealth(starting, probe(1), true, 1);
    expect(h).toMatchObject({ status: "starting", failingStreak: 0 });
    h = nextHealth(h, probe(0), true, 1);
    expect(h.status).toBe("healthy");
    h = nextHealth(h, probe(1), true, 1); // once healthy, a failure counts even in the start period
    expect(h).toMatchObject({ status: "unhealthy", failingStreak: 1 });
  });

  test("the log keeps the last five probes", () => {
    let h = starting;
    for (let i = 0; i < 8; i++) h = nextHealth(h, { ...probe(0), output: String(i) }, false, 3);
    expect(h.log.map((p) => p.output)).toEqual(["3", "4", "5", "6", "7"]);
  });
});

describe("HealthChecker", () => {
  test("probes on the interval, records changes, skips while paused, and stops", async () => {
    let state: HealthState | undefined;
    let paused = false;
    const calls: string[][] = [];
    const changes: string[] = [];
    let code = 1;
    const checker = new HealthChecker({
      run: async (_id, args) => {
        calls.push(args);
        return { exitCode: code, output: `code ${code}`, timedOut: false };
      },
      current: () => state,
      probeable: () => !paused,
      record: (_id, h, changed) => {
        state = h;
        if (changed) changes.push(h.status);
      },
    });
    state = checker.start("c1", { test: ["CMD", "check"], interval: 20e6, timeout: 1e9, startPeriod: 0, startInterval: 0, retries: 2 }, Date.now());
    expect(state?.status).toBe("starting");
    await Bun.sleep(100);
    expect(changes).toEqual(["unhealthy"]);
    code = 0;
    await Bun.sleep(60);
    expect(changes).toEqual(["unhealthy", "healthy"]);
    paused = true;
    await Bun.sleep(30);
    const before = calls.length;
    await Bun.sleep(80);
    expect(calls.length).toBe(before);
    paused = false;
    checker.stop("c1");
    const after = calls.length;
    await Bun.sleep(80);
    expect(calls.length).toBe(after);
    expect(calls[0]).toEqual(["check"]);
    expect(state?.log.at(-1)?.output).toBe("code 0");
  });

  test("no healthcheck, no probes", () => {
    const checker = new HealthChecker({ run: async () => ({ exitCode: 0, output: "", timedOut: false }), current: () => undefined, probeable: () => true, record: () => undefined });
    expect(checker.start("c", { test: ["NONE"], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 }, Date.now())).toBeUndefined();
    checker.close();
  });
});
