import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, statSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runBunker, compiledBinary } from "../helpers/bunker-command.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

// The compiled binary is what users run; `scripts/test.sh` builds it before the suite.
const haveBinary = existsSync(compiledBinary);
if (!haveBinary) console.log(`skip: ${compiledBinary} is not built (run 'bun run build')`);

const dirs = tempBunkerDirs("bk-e2e-");
const bunker = (args: string[], env: Record<string, string> = {}) => runBunker("binary", args, { ...dirs.env, ...env });

afterAll(async () => {
  if (haveBinary) await bunker(["daemon", "stop"]);
  dirs.cleanup();
});

describe.skipIf(!haveBinary)("the compiled binary", () => {
  beforeAll(async () => {
    await bunker(["daemon", "stop"]);
  });

  test("is one self-contained executable", () => {
    expect(statSync(compiledBinary).mode & 0o111).not.toBe(0);
  });

  test("`bunker info` starts the daemon on first use and prints host facts", async () => {
    expect(existsSync(dirs.paths.socket)).toBe(false);
    const r = await bunker(["info"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Host:       unix://${dirs.paths.socket}`);
    expect(r.stdout).toContain(`Kernel Version: ${require("node:os").release()}`);
    expect(r.stdout).toMatch(/Storage Driver: (overlay|fuse-overlayfs|vfs)/);
    expect(r.stdout).toMatch(/Cgroup Version: [12]/);
    expect(r.stdout).toContain(`Rootless: ${process.getuid!() === 0 ? "no" : "yes"}`);
    expect(existsSync(dirs.paths.socket)).toBe(true);
    expect(existsSync(join(dirs.paths.execRoot, "bunker.log"))).toBe(true);
  });

  test("`bunker version` shows client and server, and the embedded C helper answers", async () => {
    const r = await bunker(["version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Client: Bunker");
    expect(r.stdout).toContain("Server: Bunker Engine");
    expect(r.stdout).toContain("API version:      1.44 (minimum version 1.24)");
    expect(r.stdout).toMatch(/bunker-helper:\n  Version:          abi 1/);
    const json = JSON.parse((await bunker(["version", "--format", "json"])).stdout);
    expect(json.Server.ApiVersion).toBe("1.44");
  });

  test("`bunker info --format json` is the API's /info", async () => {
    const info = JSON.parse((await bunker(["info", "-f", "json"])).stdout);
    expect(info.OSType).toBe("linux");
    expect(info.Swarm.LocalNodeState).toBe("inactive");
    expect(info.Bunker.Uid).toBe(process.getuid!());
  });

  test("unknown commands and flags: one line and exit 125", async () => {
    for (const args of [["frobnicate"], ["info", "--bogus"], ["-Z", "info"], ["daemon", "nope"], ["info", "extra"]]) {
      const r = await bunker(args);
      expect(r.code).toBe(125);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toStartWith("bunker: ");
    }
  });

  test("--help works on every command", async () => {
    for (const args of [["--help"], ["info", "--help"], ["version", "-h"], ["daemon", "--help"], ["daemon", "stop", "--help"]]) {
      const r = await bunker(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toStartWith("Usage:  bunker");
    }
  });

  test("-H selects the daemon; a socket nobody serves is a clear error, not a hang", async () => {
    const r = await bunker(["-H", `unix://${dirs.base}/nobody.sock`, "info"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Cannot connect to the Bunker daemon at unix://${dirs.base}/nobody.sock`);
    const viaEnv = await bunker(["info"], { BUNKER_HOST: `unix://${dirs.base}/nobody.sock` });
    expect(viaEnv.code).toBe(1);
    const ok = await bunker(["-H", `unix://${dirs.paths.socket}`, "version", "-f", "json"]);
    expect(ok.code).toBe(0);
  });

  test("`bunker daemon stop` stops the auto-started daemon", async () => {
    const r = await bunker(["daemon", "stop"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Stopped the Bunker daemon \(pid \d+\)/);
    expect(existsSync(dirs.paths.socket)).toBe(false);
  });

  test("when the daemon cannot start, the CLI says why with the end of its log", async () => {
    const bad = tempBunkerDirs("bk-bad-");
    try {
      writeFileSync(bad.paths.configFile, JSON.stringify({ mtu: "big" }));
      const started = Date.now();
      const r = await runBunker("binary", ["info"], bad.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Cannot start the Bunker daemon (it exited with status 1)");
      expect(r.stderr).toContain('"mtu"');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      bad.cleanup();
    }
  });
});

describe.skipIf(!haveBinary || process.getuid!() === 0)("defaults without XDG_RUNTIME_DIR (non-root)", () => {
  test("the socket lives in a private /tmp/bunker-<uid>", async () => {
    const home = mkdtempSync("/tmp/bk-home-");
    const env = { XDG_RUNTIME_DIR: "", BUNKER_EXEC_ROOT: "", BUNKER_DATA_ROOT: "", BUNKER_CONFIG_FILE: "", HOME: home, XDG_DATA_HOME: "", XDG_CONFIG_HOME: "" };
    try {
      const r = await runBunker("binary", ["info"], env);
      expect(r.code).toBe(0);
      const dir = `/tmp/bunker-${process.getuid!()}`;
      expect(r.stdout).toContain(`Host:       unix://${dir}/bunker.sock`);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(`${dir}/bunker.sock`).mode & 0o777).toBe(0o600);
      expect(r.stdout).toContain(`Docker Root Dir: ${home}/.local/share/bunker`);
    } finally {
      await runBunker("binary", ["daemon", "stop"], env);
      rmSync(home, { recursive: true, force: true });
    }
  });
});
if (process.getuid!() === 0) console.log("skip: the /tmp/bunker-<uid> default applies to non-root users only (root uses /run/bunker.sock)");
