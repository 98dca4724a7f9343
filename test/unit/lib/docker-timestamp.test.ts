import { describe, expect, test } from "bun:test";
import { dockerTimestamp, timestampNanos } from "../../../src/lib/index.ts";

describe("Docker's --since/--until timestamps", () => {
  const ref = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 600));

  test("Go durations, relative to the reference time", () => {
    const before = (ms: number) => String(Math.floor((ref.getTime() - ms) / 1000));
    expect(dockerTimestamp("10m", ref)).toBe(before(600_000));
    expect(dockerTimestamp("1h30m", ref)).toBe(before(5_400_000));
    expect(dockerTimestamp("1.5s", ref)).toBe(before(1500));
    expect(dockerTimestamp("-2h", ref)).toBe(before(-7_200_000));
    expect(dockerTimestamp("10", ref)).toBe("10"); // a bare number is a Unix time, not a duration
  });

  test("RFC 3339 with a zone, with nanoseconds, and dates", () => {
    expect(dockerTimestamp("2024-01-02T03:04:05Z")).toBe("1704164645.000000000");
    expect(dockerTimestamp("2024-01-02T03:04:05.123456789Z")).toBe("1704164645.123456789");
    expect(dockerTimestamp("2024-01-02T05:04:05+02:00")).toBe("1704164645.000000000");
    expect(dockerTimestamp("2024-01-02Z")).toBe("1704153600.000000000");
  });

  test("without a zone the time is local", () => {
    const local = new Date(2024, 0, 2, 3, 4, 5).getTime() / 1000;
    expect(dockerTimestamp("2024-01-02T03:04:05")).toBe(`${local}.000000000`);
  });

  test("Unix timestamps pass unchanged; nonsense is refused", () => {
    expect(dockerTimestamp("1700000000")).toBe("1700000000");
    expect(dockerTimestamp("1700000000.5")).toBe("1700000000.5");
    expect(() => dockerTimestamp("yesterday")).toThrow('failed to parse value as time or duration: "yesterday"');
    expect(() => dockerTimestamp("2024-13-45T99")).toThrow();
  });

  test("the daemon's reading: seconds with a fraction in nanoseconds", () => {
    expect(timestampNanos("1700000000.5")).toBe(1_700_000_000_500_000_000n);
    expect(timestampNanos("1700000000.000000001")).toBe(1_700_000_000_000_000_001n);
    expect(timestampNanos("")).toBeUndefined();
    expect(timestampNanos("2024-01-02T03:04:05Z")).toBe(1_704_164_645_000_000_000n);
  });
});
