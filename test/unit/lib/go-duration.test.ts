/** HEALTHCHECK durations use Go's time.ParseDuration syntax. */
import { describe, expect, test } from "bun:test";
import { formatGoDuration, parseGoDuration } from "../../../src/lib/go-duration.ts";

test("Go duration syntax, in nanoseconds", () => {
  expect(parseGoDuration("0")).toBe(0);
  expect(parseGoDuration("0s")).toBe(0);
  expect(parseGoDuration("30s")).toBe(30e9);
  expect(parseGoDuration("1m30s")).toBe(90e9);
  expect(parseGoDuration("1h")).toBe(3600e9);
  expect(parseGoDuration("1.5s")).toBe(1.5e9);
  expect(parseGoDuration(".5ms")).toBe(500_000);
  expect(parseGoDuration("300us")).toBe(300_000);
  expect(parseGoDuration("300µs")).toBe(300_000);
  expect(parseGoDuration("10ns")).toBe(10);
  expect(parseGoDuration("-2s")).toBe(-2e9);
  expect(parseGoDuration("+2s")).toBe(2e9);
});

test("malformed durations fail with Go's messages", () => {
  expect(() => parseGoDuration("")).toThrow('time: invalid duration ""');
  expect(() => parseGoDuration("abc")).toThrow('time: invalid duration "abc"');
  expect(() => parseGoDuration("5")).toThrow('time: missing unit in duration "5"');
  expect(() => parseGoDuration("5d")).toThrow('time: unknown unit "d" in duration "5d"');
  expect(() => parseGoDuration("1s5")).toThrow('time: missing unit in duration "1s5"');
  expect(() => parseGoDuration(".s")).toThrow('time: invalid duration ".s"');
});

describe("formatGoDuration", () => {
  test("as Go's Duration.String prints them", () => {
    expect(formatGoDuration(0)).toBe("0s");
    expect(formatGoDuration(200e6)).toBe("200ms");
    expect(formatGoDuration(1.5e9)).toBe("1.5s");
    expect(formatGoDuration(30e9)).toBe("30s");
    expect(formatGoDuration(90e9)).toBe("1m30s");
    expect(formatGoDuration(7200e9)).toBe("2h0m0s");
    expect(formatGoDuration(1500)).toBe("1.5µs");
  });
});
