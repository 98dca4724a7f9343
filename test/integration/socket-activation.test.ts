/**
 * The daemon under systemd socket activation: systemd-socket-activate (Debian's systemd package)
 * binds the socket, waits for the first connection, then execs the daemon with the listening
 * socket as fd 3 and LISTEN_FDS=1, LISTEN_PID=its pid, as bunker.socket does.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DockerClient, parseHost } from "../../src/client/index.ts";
import { bunkerArgv, waitFor } from "../helpers/bunker-command.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const activate = Bun.which("systemd-socket-activate") ?? (existsSync("/usr/bin/systemd-socket-activate") ? "/usr/bin/systemd-socket-activate" : null);
if (!activate) console.log("skip: socket activation needs systemd-socket-activate (Debian's systemd package)");

const started: { proc: ReturnType<typeof Bun.spawn>; dirs: ReturnType<typeof tempBunkerDirs> }[] = [];
afterEach(async () => {
  for (const { proc, dirs } of started.splice(0)) {
    proc.kill("SIGKILL");
    await proc.exited;
    dirs.cleanup();
  }
});

describe("socket activation", () => {
  test.skipIf(!activate)("the daemon serves the socket systemd passes as fd 3, started by the first connection, and leaves it in place", async () => {
    const dirs = tempBunkerDirs("bk-sd-");
    mkdirSync(dirs.paths.execRoot, { mode: 0o700 });
    const pass = ["HOME", "PATH", "XDG_RUNTIME_DIR", "USER"].filter((k) => process.env[k]).map((k) => `-E${k}=${process.env[k]}`);
    const env = Object.entries(dirs.env).map(([k, v]) => `-E${k}=${v}`);
    const proc = Bun.spawn([activate!, "-l", dirs.paths.socket, ...pass, ...env, ...bunkerArgv("source"), "daemon"], { stdout: "pipe", stderr: "pipe" });
    started.push({ proc, dirs });
    await waitFor(() => existsSync(dirs.paths.socket), 10_000, "systemd-socket-activate to listen");
    const pidFile = join(dirs.paths.execRoot, "bunker.pid");
    await Bun.sleep(300);
    expect(existsSync(pidFile)).toBe(false); // nothing runs until a client connects

    const client = new DockerClient(parseHost(`unix://${dirs.paths.socket}`));
    // The first request starts the daemon; it is answered once the daemon serves fd 3.
    expect(await client.ping(30_000)).toBe(true);
    expect(readFileSync(pidFile, "utf8").trim()).toBe(String(proc.pid)); // exec'd in place: LISTEN_PID matched
    const info = await client.json<{ ID: string; Warnings: string[] }>("GET", "/info");
    expect(info.ID).toMatch(/^[0-9a-f-]{36}$/);
    expect(await client.json<unknown[]>("GET", "/containers/json")).toEqual([]);

    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
    expect(existsSync(dirs.paths.socket)).toBe(true); // the socket is systemd's: the daemon does not remove it
    const stderr = await new Response(proc.stderr).text();
    expect(stderr).toContain("fd 3 from systemd");
  }, 60_000);
});
