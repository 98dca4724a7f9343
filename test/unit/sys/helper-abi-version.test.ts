import { expect, test } from "bun:test";
import { helperAbiVersion } from "../../../src/sys/index.ts";

test("the C helper loads and reports ABI version 1", () => {
  expect(helperAbiVersion()).toBe(1);
});
