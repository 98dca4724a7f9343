/**
 * `bunker setup --check` and `--yes` with the compiled binary: on this machine (with a temp
 * config and data root), and against an empty fake root (BUNKER_SETUP_ROOT) where devices,
 * cgroups and the rest are missing. Nothing outside the temp dirs is changed.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { detectCgroups, readSubordinateIds, lookupUserName } from "../../src/runtime/index.ts";
import { dockerCliPath, runBunker } from "../helpers/bunker-command.ts";

const base = mkdtempSync("/tmp/bk-setup-");
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;

/** A fresh config file, data root, docker config dir and (empty) fake root. */
function sandbox() {
  const dir = join(base, String(n++));
  mkdirSync(join(dir, "root"), { recursive: true });
  return {
    dir,
    configFile: join(dir, "daemon.json"),
    dockerConfig: join(dir, "docker"),
    env: { BUNKER_CONFIG_FILE: join(dir, "daemon.json"), BUNKER_DATA_ROOT: join(dir, "data"), BUNKER_EXEC_ROOT: join(dir, "run"), DOCKER_CONFIG: join(dir, "docker") },
    fakeRoot: join(dir, "root"),
  };
}

const uid = process.getuid?.() ?? 0;
const lines = (out: string) => out.trimEnd().split("\n");
const problemIds = (out: string) => lines(out).filter((l) => l.startsWith("problem ")).map((l) => l.split(/\s+/)[1]);

describe("bunker setup --check on this machine", () => {
  test("one line per check, the cgroup version as detected, and exit 1 exactly when a problem is listed", async () => {
    const s = sandbox();
    const r = await runBunker("binary", ["setup", "--check"], s.env, 60_000);
    const out = lines(r.stdout);
    expect(out.slice(0, -1).map((l) => l.split(/\s+/)[1])).toEqual(["kernel", "userns", "subids", "idmap-tools", "tun", "fuse", "storage", "cgroups", "runtime-dir", "ports", "ping", "linger", "daemon-config", "systemd", "docker-cli"]);
    for (const l of out.slice(0, -1)) expect(l).toMatch(/^(ok|problem|advice|skip) +[a-z-]+ +\S/);
    const cgroups = out.find((l) => l.split(/\s+/)[1] === "cgroups")!;
    const cg = detectCgroups();
    expect(cgroups).toContain(cg.version === 1 ? "cgroup v1 (legacy hierarchies)" : "cgroup v2");
    // ok exactly when every limit controller is delegated, as the runtime itself detects it.
    expect(cgroups.startsWith(cg.controllers.length === 5 ? "ok " : "problem ")).toBe(true);
    console.log(`this machine: ${cgroups}`);
    const problems = problemIds(r.stdout);
    expect(r.code).toBe(problems.length ? 1 : 0);
    expect(out.at(-1)).toBe(problems.length ? `${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.join(", ")} (bunker setup offers the fixes)` : "no problems found");
    // The daemon.json of the sandbox is missing: setup proposes the storage driver it found best.
    expect(out.find((l) => l.includes(" daemon-config "))).toContain(`${s.configFile} does not name a storage driver`);
    // A prepared user (CI's bunkerci, bunkerdev here; or root) passes every other check.
    const ids = readSubordinateIds({ name: lookupUserName(uid) ?? String(uid), uid });
    const prepared = uid === 0 || (ids.uids.length > 0 && ids.gids.length > 0 && !!process.env.XDG_RUNTIME_DIR);
    if (prepared) expect(problems.filter((id) => id !== "cgroups")).toEqual([]);
    else console.log(`skip: this user has no subordinate ids or XDG_RUNTIME_DIR, so problems are expected: ${problems.join(", ")}`);
  }, 60_000);

  test("without a terminal and without flags it checks, and says why it does not ask", async () => {
    const s = sandbox();
    const r = await runBunker("binary", ["setup"], s.env, 60_000);
    expect(r.stderr).toContain("bunker setup: not a terminal, so only checking");
    expect(lines(r.stdout).at(-1)).toMatch(/^(no problems found|\d+ problems?: )/);
  }, 60_000);
});

describe("bunker setup against a fake root", () => {
  test("--check lists each problem with its fix and exits 1", async () => {
    const s = sandbox();
    const r = await runBunker("binary", ["setup", "--check"], { ...s.env, BUNKER_SETUP_ROOT: s.fakeRoot }, 60_000);
    expect(r.code).toBe(1);
    const tun = lines(r.stdout).find((l) => l.startsWith("problem  tun "))!;
    expect(tun).toContain(`cannot open ${s.fakeRoot}/dev/net/tun: no such device node — fix: ${uid === 0 ? "" : "sudo "}sh -c 'modprobe tun`);
    expect(problemIds(r.stdout)).toContain("cgroups");
    if (uid !== 0) expect(lines(r.stdout).find((l) => l.startsWith("problem  subids "))).toContain(`sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535`);
    expect(lines(r.stdout).at(-1)).toContain("problems: ");
  }, 60_000);

  test("--yes writes daemon.json, applies the user-level fixes, and prints the root commands it did not run", async () => {
    const s = sandbox();
    const r = await runBunker("binary", ["setup", "--yes"], { ...s.env, BUNKER_SETUP_ROOT: s.fakeRoot }, 60_000);
    const config = JSON.parse(readFileSync(s.configFile, "utf8")) as Record<string, unknown>;
    expect(["overlay", "fuse-overlayfs", "vfs"]).toContain(config["storage-driver"] as string);
    expect(Object.keys(config)).toEqual(["storage-driver"]); // unenforced-limits is a choice --yes never makes
    expect(r.stdout).toContain(`${s.configFile}: + "storage-driver": ${JSON.stringify(config["storage-driver"])}`);
    expect(r.stdout).toContain("These need root and were not run");
    expect(r.stdout).toContain("# tun: Create /dev/net/tun (mode 0666)");
    expect(r.stdout).toContain("mknod /dev/net/tun c 10 200");
    expect(existsSync(join(s.fakeRoot, "dev/net/tun"))).toBe(false);
    if (dockerCliPath) {
      // The docker context went into the sandbox's DOCKER_CONFIG.
      const ctx = Bun.spawnSync([dockerCliPath, "context", "inspect", "bunker", "--format", "{{.Endpoints.docker.Host}}"], { env: { ...process.env, DOCKER_CONFIG: s.dockerConfig }, stdout: "pipe" });
      expect(ctx.stdout.toString().trim()).toMatch(/^unix:\/\/.*bunker\.sock$/);
    } else console.log("skip: no docker CLI, so no docker context to check");
    // After the fixes it checks again: the root problems remain, so the status is 1.
    expect(r.code).toBe(1);
    // A second run keeps what is there and changes nothing.
    const again = await runBunker("binary", ["setup", "--yes"], { ...s.env, BUNKER_SETUP_ROOT: s.fakeRoot }, 60_000);
    expect(JSON.parse(readFileSync(s.configFile, "utf8"))).toEqual(config);
    expect(again.stdout).toContain("ok       daemon-config");
  }, 120_000);
});
