import { describe, expect, test } from "bun:test";
import { takeListenFd } from "../../../src/daemon/listen-fds.ts";

describe("takeListenFd (sd_listen_fds)", () => {
  test("fd 3 when LISTEN_PID is this process and LISTEN_FDS ≥ 1; the variables are removed either way", () => {
    const env: Record<string, string | undefined> = { LISTEN_FDS: "1", LISTEN_PID: "42", LISTEN_FDNAMES: "bunker.socket", OTHER: "x" };
    expect(takeListenFd(env, 42)).toBe(3);
    expect(env).toEqual({ OTHER: "x" });
    const other: Record<string, string | undefined> = { LISTEN_FDS: "1", LISTEN_PID: "41" };
    expect(takeListenFd(other, 42)).toBeUndefined();
    expect(other).toEqual({});
  });

  test("none without the variables, with zero fds, or with garbage", () => {
    expect(takeListenFd({}, 42)).toBeUndefined();
    expect(takeListenFd({ LISTEN_FDS: "0", LISTEN_PID: "42" }, 42)).toBeUndefined();
    expect(takeListenFd({ LISTEN_FDS: "x", LISTEN_PID: "42" }, 42)).toBeUndefined();
  });
});
