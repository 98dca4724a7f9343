import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DockerClient, parseHost } from "../../src/client/index.ts";
import { bunkerArgv, runBunker, waitFor } from "../helpers/bunker-command.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

type Dirs = ReturnType<typeof tempBunkerDirs>;
const started: { proc: ReturnType<typeof Bun.spawn>; dirs: Dirs }[] = [];

function spawnDaemon(dirs: Dirs, extraArgs: string[] = []) {
  const proc = Bun.spawn([...bunkerArgv("source"), ...extraArgs, "daemon"], {
    env: { ...process.env, ...dirs.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  started.push({ proc, dirs });
  return proc;
}

async function answering(dirs: Dirs): Promise<boolean> {
  return new DockerClient(parseHost(`unix://${dirs.paths.socket}`)).ping(500);
}

afterEach(async () => {
  for (const { proc, dirs } of started.splice(0)) {
    proc.kill("SIGKILL");
    await proc.exited;
    dirs.cleanup();
  }
});

describe("bunker daemon", () => {
  test("serves on a 0600 socket, writes a pid file, and SIGTERM shuts it down cleanly", async () => {
    const dirs = tempBunkerDirs();
    const proc = spawnDaemon(dirs);
    await waitFor(() => answering(dirs), 15_000, "the daemon to answer");
    expect(statSync(dirs.paths.socket).mode & 0o777).toBe(0o600);
    expect(statSync(dirs.paths.execRoot).mode & 0o777).toBe(0o700);
    const pidFile = join(dirs.paths.execRoot, "bunker.pid");
    expect(readFileSync(pidFile, "utf8").trim()).toBe(String(proc.pid));
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(existsSync(dirs.paths.socket)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });

  test("SIGINT also shuts it down with status 0", async () => {
    const dirs = tempBunkerDirs();
    const proc = spawnDaemon(dirs);
    await waitFor(() => answering(dirs), 15_000, "the daemon to answer");
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(0);
    expect(existsSync(dirs.paths.socket)).toBe(false);
  });

  test("a second daemon for the same user is refused while the first runs", async () => {
    const dirs = tempBunkerDirs();
    const first = spawnDaemon(dirs);
    await waitFor(() => answering(dirs), 15_000, "the daemon to answer");
    const second = await runBunker("source", ["daemon"], dirs.env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`another bunker daemon is already running (pid ${first.pid})`);
    expect(await answering(dirs)).toBe(true); // the first one is untouched
  });

  test("after a SIGKILL the next daemon takes over the stale socket and lock", async () => {
    const dirs = tempBunkerDirs();
    const first = spawnDaemon(dirs);
    await waitFor(() => answering(dirs), 15_000, "the daemon to answer");
    first.kill("SIGKILL");
    await first.exited;
    expect(existsSync(dirs.paths.socket)).toBe(true); // left behind by the kill
    const second = spawnDaemon(dirs);
    await waitFor(() => answering(dirs), 15_000, "the new daemon to answer");
    expect(readFileSync(join(dirs.paths.execRoot, "bunker.pid"), "utf8").trim()).toBe(String(second.pid));
  });

  test("a bad config file stops the daemon with a message naming the key", async () => {
    const dirs = tempBunkerDirs();
    writeFileSync(dirs.paths.configFile, JSON.stringify({ "log-level": "loud" }));
    const bad = await runBunker("source", ["daemon"], dirs.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`invalid configuration file ${dirs.paths.configFile}`);
    expect(bad.stderr).toContain('"log-level"');
    writeFileSync(dirs.paths.configFile, JSON.stringify({ "no-such-option": true }));
    const unknown = await runBunker("source", ["daemon"], dirs.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"no-such-option": unknown key');
    writeFileSync(dirs.paths.configFile, "{ nope");
    const garbage = await runBunker("source", ["daemon"], dirs.env);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain("not valid JSON");
    expect(existsSync(dirs.paths.socket)).toBe(false);
    dirs.cleanup();
  });

  test("`bunker daemon stop` stops it and waits until it has exited", async () => {
    const dirs = tempBunkerDirs();
    const proc = spawnDaemon(dirs);
    await waitFor(() => answering(dirs), 15_000, "the daemon to answer");
    const stop = await runBunker("source", ["daemon", "stop"], dirs.env);
    expect(stop.stdout).toContain(`Stopped the Bunker daemon (pid ${proc.pid})`);
    expect(stop.code).toBe(0);
    // It has already exited when stop returns: the socket is gone, nothing answers.
    expect(existsSync(dirs.paths.socket)).toBe(false);
    expect(await proc.exited).toBe(0);
    const again = await runBunker("source", ["daemon", "stop"], dirs.env);
    expect(again.stdout).toContain("No Bunker daemon is running.");
    expect(again.code).toBe(0);
  });

  test("-H puts the daemon on another socket", async () => {
    const dirs = tempBunkerDirs();
    const other = join(dirs.base, "other.sock");
    spawnDaemon(dirs, ["-H", `unix://${other}`]);
    await waitFor(() => new DockerClient(parseHost(`unix://${other}`)).ping(500), 15_000, "the daemon on -H");
    expect(existsSync(dirs.paths.socket)).toBe(false);
  });
});
