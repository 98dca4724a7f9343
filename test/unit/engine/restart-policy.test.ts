import { describe, expect, test } from "bun:test";
import { RestartBackoff, validateRestartPolicy, wantsRestart } from "../../../src/engine/containers/restart-policy.ts";

describe("restart policies", () => {
  test("Docker's decisions", () => {
    const p = (name: string, maximumRetryCount = 0) => ({ name, maximumRetryCount });
    expect(wantsRestart(p("no"), 1, false, 0)).toBe(false);
    expect(wantsRestart(p("always"), 0, true, 9)).toBe(true);
    expect(wantsRestart(p("unless-stopped"), 0, false, 0)).toBe(true);
    expect(wantsRestart(p("unless-stopped"), 0, true, 0)).toBe(false);
    expect(wantsRestart(p("on-failure"), 0, false, 0)).toBe(false);
    expect(wantsRestart(p("on-failure"), 1, false, 100)).toBe(true);
    expect(wantsRestart(p("on-failure", 2), 1, false, 1)).toBe(true);
    expect(wantsRestart(p("on-failure", 2), 1, false, 2)).toBe(false);
  });

  test("backoff: 100 ms doubling, capped at a minute, reset after a run of 10 s", () => {
    const b = new RestartBackoff();
    expect([b.next(0), b.next(0), b.next(0), b.next(0)]).toEqual([100, 200, 400, 800]);
    for (let i = 0; i < 20; i++) b.next(0);
    expect(b.next(0)).toBe(60_000);
    expect(b.next(10_000)).toBe(100);
  });

  test("bad policies are refused with Docker's messages", () => {
    expect(() => validateRestartPolicy({ name: "sometimes", maximumRetryCount: 0 }, false)).toThrow("invalid restart policy: unknown policy 'sometimes'");
    expect(() => validateRestartPolicy({ name: "always", maximumRetryCount: 3 }, false)).toThrow("maximum retry count can only be used with 'on-failure'");
    expect(() => validateRestartPolicy({ name: "on-failure", maximumRetryCount: -1 }, false)).toThrow("cannot be negative");
    expect(() => validateRestartPolicy({ name: "always", maximumRetryCount: 0 }, true)).toThrow("can't create 'AutoRemove' container with restart policy");
    expect(() => validateRestartPolicy({ name: "no", maximumRetryCount: 0 }, true)).not.toThrow();
  });
});
