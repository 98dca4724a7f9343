import { describe, expect, test } from "bun:test";
import { formatTable } from "../../../src/cli/table.ts";

describe("formatTable", () => {
  test("columns as wide as their widest cell plus three spaces, the last one unpadded", () => {
    expect(formatTable([["ID", "NAME"], ["abc", "x"], ["a", "longer"]])).toBe("ID    NAME\nabc   x\na     longer");
    expect(formatTable([["A", "B", ""], ["1", "2", ""]])).toBe("A   B\n1   2");
  });
});
