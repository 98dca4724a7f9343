import { describe, expect, test } from "bun:test";
import { prunable, pruneFilter } from "../../../src/engine/index.ts";

describe("prune filters", () => {
  const now = new Date("2026-01-02T00:00:00Z");

  test("until: a duration ago, an RFC 3339 time or a Unix timestamp; only older objects go", () => {
    const f = pruneFilter({ until: ["24h"] }, [], now);
    expect(prunable(f, "2025-12-31T23:00:00Z", {})).toBe(true);
    expect(prunable(f, "2026-01-01T01:00:00Z", {})).toBe(false);
    expect(prunable(pruneFilter({ until: ["2026-01-01T00:00:00Z"] }, [], now), "2025-12-31T00:00:00Z", {})).toBe(true);
    expect(prunable(pruneFilter({ until: ["1767225600"] }, [], now), "2026-01-01T00:00:01Z", {})).toBe(false);
    expect(() => pruneFilter({ until: ["soon"] }, [], now)).toThrow("failed to parse value as time or duration");
  });

  test("label and label!: with all of the ones asked for, none of the excluded ones", () => {
    const f = pruneFilter({ label: ["a", "b=2"], "label!": ["keep"] });
    expect(prunable(f, "2020-01-01T00:00:00Z", { a: "", b: "2" })).toBe(true);
    expect(prunable(f, "2020-01-01T00:00:00Z", { a: "", b: "3" })).toBe(false);
    expect(prunable(f, "2020-01-01T00:00:00Z", { a: "", b: "2", keep: "yes" })).toBe(false);
    expect(prunable(pruneFilter({ "label!": ["keep=yes"] }), "2020-01-01T00:00:00Z", { keep: "no" })).toBe(true);
  });

  test("keys outside Docker's set are refused, each kind adding its own", () => {
    expect(() => pruneFilter({ dangling: ["true"] })).toThrow("invalid filter 'dangling'");
    expect(pruneFilter({ dangling: ["true"] }, ["dangling"])).toEqual({ until: undefined, labels: [], notLabels: [] });
  });
});
