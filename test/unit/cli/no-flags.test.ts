import { expect, test } from "bun:test";
import { parseCommandArgs } from "../../../src/cli/dispatch.ts";
import { command } from "../../../src/cli/command.ts";

test("Docker's --no-X flags are flags of their own, not X=false", async () => {
  const cmd = command({ meta: { name: "x" }, args: { "no-trunc": { type: "boolean" }, "no-stream": { type: "boolean" }, all: { type: "boolean" } } });
  const args: Record<string, unknown> = await parseCommandArgs(["--no-trunc", "--no-stream", "-a"], cmd, ["bunker", "x"]);
  expect(args["no-trunc"]).toBe(true);
  expect(args["no-stream"]).toBe(true);
  const none: Record<string, unknown> = await parseCommandArgs([], cmd, ["bunker", "x"]);
  expect(none["no-trunc"]).toBeFalsy();
});
