import { describe, expect, test } from "bun:test";
import { UsageError, flagSpec, scanFlags } from "../../../src/cli/scan-flags.ts";
import { resolveInvocation } from "../../../src/cli/dispatch.ts";
import { root } from "../../../src/cli/root.ts";
import { command } from "../../../src/cli/command.ts";

const spec = flagSpec({
  host: { type: "string", alias: "H" },
  debug: { type: "boolean", alias: "D" },
  "log-level": { type: "enum", options: ["info", "debug"] },
  interactive: { type: "boolean", alias: "i" },
  tty: { type: "boolean", alias: "t" },
});

describe("scanFlags", () => {
  test("accepts known flags in every spelling", () => {
    expect(scanFlags(["-H", "unix:///x", "--debug", "--log-level=info", "-it", "-Hunix:///y", "--host", "z"], spec, false)).toEqual({ help: false, firstPositional: -1, positionals: 0 });
  });
  test("refuses unknown flags with Docker's wording", () => {
    expect(() => scanFlags(["--bogus"], spec, false)).toThrow(new UsageError("unknown flag: --bogus"));
    expect(() => scanFlags(["-x"], spec, false)).toThrow(new UsageError("unknown shorthand flag: 'x' in -x"));
    expect(() => scanFlags(["-ix"], spec, false)).toThrow(new UsageError("unknown shorthand flag: 'x' in -ix"));
    expect(() => scanFlags(["--host"], spec, false)).toThrow(new UsageError("flag needs an argument: --host"));
    expect(() => scanFlags(["-H"], spec, false)).toThrow(new UsageError("flag needs an argument: 'H' in -H"));
  });
  test("counts positionals and stops at the first one when asked", () => {
    expect(scanFlags(["a", "--debug", "b"], spec, false)).toEqual({ help: false, firstPositional: 0, positionals: 2 });
    expect(scanFlags(["-D", "image", "--bogus", "x"], spec, true)).toEqual({ help: false, firstPositional: 1, positionals: 3 });
    expect(scanFlags(["-D", "--", "--bogus"], spec, false)).toEqual({ help: false, firstPositional: 2, positionals: 1 });
  });
  test("sees --help and -h", () => {
    expect(scanFlags(["--help"], spec, false).help).toBe(true);
    expect(scanFlags(["-Dh"], spec, false).help).toBe(true);
  });
});

describe("resolveInvocation", () => {
  test("walks to the subcommand and keeps the root's flags apart", async () => {
    const inv = await resolveInvocation(root, ["-H", "unix:///s", "daemon", "stop", "-t", "5"]);
    expect(inv.path).toEqual(["bunker", "daemon", "stop"]);
    expect(inv.rootTokens).toEqual(["-H", "unix:///s"]);
    expect(inv.tokens).toEqual(["-t", "5"]);
  });
  test("unknown commands, misplaced flags and extra arguments are usage errors", async () => {
    await expect(resolveInvocation(root, ["nope"])).rejects.toThrow("unknown command: bunker nope (see 'bunker --help')");
    await expect(resolveInvocation(root, ["info", "-H", "x"])).rejects.toThrow("unknown shorthand flag: 'H' in -H (see 'bunker info --help')");
    await expect(resolveInvocation(root, ["version", "x"])).rejects.toThrow("'bunker version' accepts no arguments");
  });
  test("a command that stops at its first positional passes the rest on untouched", async () => {
    const run = command({ meta: { name: "run" }, args: { image: { type: "positional" }, detach: { type: "boolean", alias: "d" } }, variadic: true, stopAtPositional: true });
    const top = command({ meta: { name: "bunker" }, subCommands: { run } });
    const inv = await resolveInvocation(top, ["run", "-d", "busybox", "ls", "-la", "--weird"]);
    expect(inv.tokens).toEqual(["-d", "busybox", "ls", "-la", "--weird"]);
    expect(inv.firstPositional).toBe(1);
  });
});

describe("citty's own complaints", () => {
  test("a missing operand or a value outside an enum is a usage error naming the help", async () => {
    const { parseCommandArgs } = await import("../../../src/cli/dispatch.ts");
    const { UsageError } = await import("../../../src/cli/scan-flags.ts");
    await expect(parseCommandArgs(["--log-level", "loud"], root, ["bunker"])).rejects.toBeInstanceOf(UsageError);
    await expect(parseCommandArgs(["--log-level", "loud"], root, ["bunker"])).rejects.toThrow(
      "Invalid value for argument: --log-level (loud). Expected one of: debug, info, warn, error, fatal. (see 'bunker --help')",
    );
  });
});
