import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary, dockerCliPath, runBunker, runDocker, waitFor, type Result } from "../helpers/bunker-command.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const skipReason = !existsSync(compiledBinary) ? `${compiledBinary} is not built` : !busyboxPath ? "busybox-static is missing" : !existsSync("/dev/net/tun") ? "/dev/net/tun is missing" : "";
if (skipReason) console.log(`skip: container verbs CLI tests: ${skipReason}`);

const dirs = tempBunkerDirs("bk-verbs-");
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
const bunker = (args: string[], env: Record<string, string> = {}) => runBunker("binary", args, { ...dirs.env, ...env });
const docker = (args: string[]) => runDocker(dirs.paths.socket, dirs.base, args);

/** bunker with `input` written to its stdin (closed after `holdMs`, so a detach can happen first). */
async function bunkerWithStdin(args: string[], input: (string | number)[]): Promise<Result> {
  const proc = Bun.spawn([compiledBinary, ...args], { env: { ...process.env, ...dirs.env }, stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  const out = Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  for (const part of input) {
    if (typeof part === "number") await Bun.sleep(part);
    else {
      proc.stdin.write(part);
      proc.stdin.flush();
    }
  }
  const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
  const code = await proc.exited;
  clearTimeout(timer);
  proc.stdin.end();
  const [stdout, stderr] = await out;
  return { code, stdout, stderr };
}

const ok = (r: Result) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r.stdout;
};

describe.skipIf(!!skipReason)("container verbs, groups, prune and system df with the compiled binary", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    const tar = Bun.spawnSync(["tar", "-C", rootfs.dir, "--numeric-owner", "--owner=0", "--group=0", "-cf", "-", "."]).stdout;
    const imported = Bun.spawn([compiledBinary, "import", "-", "verbs-bb:1"], { env: { ...process.env, ...dirs.env }, stdin: new Blob([tar]), stdout: "pipe", stderr: "pipe" });
    expect(await imported.exited).toBe(0);
  });
  afterAll(async () => {
    const ids = (await bunker(["ps", "-aq"])).stdout.split("\n").filter(Boolean);
    if (ids.length) await bunker(["rm", "-f", ...ids]);
    await bunker(["daemon", "stop"]);
    dirs.cleanup();
    rootfs?.cleanup();
  });

  test("create prints the id; start; attach streams until the exit and returns its status; attach to a stopped one is refused", async () => {
    const id = ok(await bunker(["create", "--name", "v-att", "verbs-bb:1", "sh", "-c", "sleep 1; echo out-line; echo err-line >&2; exit 3"])).trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(ok(await bunker(["container", "inspect", "v-att"])))[0].State.Status).toBe("created");
    expect(ok(await bunker(["start", "v-att"]))).toBe("v-att\n");
    const attached = await bunker(["attach", "v-att"]);
    expect(attached).toEqual({ code: 3, stdout: "out-line\n", stderr: "err-line\n" });
    const stopped = await bunker(["attach", "v-att"]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain("You cannot attach to a stopped container, start it first");
    const usage = await bunker(["create"]);
    expect(usage.code).toBe(125);
  });

  test("attach -i: stdin reaches the container; the detach keys leave it running; --detach-keys chooses them", async () => {
    ok(await bunker(["run", "-d", "-i", "--name", "v-cat", "verbs-bb:1", "cat"]));
    const first = await bunkerWithStdin(["attach", "v-cat"], ["hello\n", 800, "\x10\x11", 3000]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("hello\n");
    expect(ok(await bunker(["inspect", "-f", "{{.State.Running}}", "v-cat"]))).toBe("true\n");
    const second = await bunkerWithStdin(["attach", "--detach-keys", "ctrl-x,x", "v-cat"], ["again\n", 800, "\x18x", 3000]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe("again\n");
    expect(ok(await bunker(["logs", "v-cat"]))).toBe("hello\nagain\n");
    // run -i detaches the same way: exit 0, the container runs on.
    const run = await bunkerWithStdin(["run", "-i", "--name", "v-rund", "verbs-bb:1", "cat"], ["ran\n", 800, "\x10\x11", 3000]);
    expect(run).toMatchObject({ code: 0, stdout: "ran\n" });
    expect(ok(await bunker(["inspect", "-f", "{{.State.Running}}", "v-rund"]))).toBe("true\n");
    // --sig-proxy (the default without a terminal): the container's process gets this process's SIGINT.
    ok(await bunker(["run", "-d", "--name", "v-sig", "verbs-bb:1", "sh", "-c", "trap 'echo got-int; exit 7' INT; while true; do sleep 0.1; done"]));
    const proc = Bun.spawn([compiledBinary, "attach", "v-sig"], { env: { ...process.env, ...dirs.env }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    await Bun.sleep(1500);
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(7);
    expect(await new Response(proc.stdout).text()).toBe("got-int\n");
    const bad = await bunker(["attach", "--detach-keys", "ctrl-", "v-cat"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Invalid detach keys (ctrl-) provided");
  });

  test("restart -t, top with ps options, diff", async () => {
    ok(await bunker(["run", "-d", "--name", "v-top", "verbs-bb:1", "sh", "-c", "echo changed > /etc/motd; mkdir /newdir; rm /etc/group; exec sleep 300"]));
    await waitFor(async () => (await bunker(["diff", "v-top"])).stdout.includes("/newdir"), 10_000, "the container's changes");
    const before = JSON.parse(ok(await bunker(["inspect", "v-top"])))[0].State.StartedAt;
    expect(ok(await bunker(["restart", "-t", "1", "v-top"]))).toBe("v-top\n");
    expect(ok(await bunker(["container", "restart", "--time=1", "v-top"]))).toBe("v-top\n");
    const after = JSON.parse(ok(await bunker(["inspect", "v-top"])))[0];
    expect(after.State.Running).toBe(true);
    expect(after.State.StartedAt).not.toBe(before);
    const missing = await bunker(["restart", "v-nope"]);
    expect(missing).toMatchObject({ code: 1, stderr: "Error response from daemon: No such container: v-nope\n" });
    const top = ok(await bunker(["top", "v-top"])).split("\n");
    expect(top[0]).toMatch(/^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
    expect(top[1]).toMatch(/\s+sleep 300$/);
    const pids = ok(await bunker(["container", "top", "v-top", "-o", "pid,comm"])).trim().split("\n");
    expect(pids[0]).toMatch(/^PID\s+COMMAND$/);
    expect(pids.slice(1).map((l) => l.split(/\s+/)[1])).toEqual(["sleep"]);
    expect(pids[1]!.split(/\s+/)[0]).toBe(String(after.State.Pid));
    const diff = ok(await bunker(["diff", "v-top"])).trim().split("\n");
    expect(diff).toContain("C /etc");
    expect(diff).toContain("A /etc/motd");
    expect(diff).toContain("D /etc/group");
    expect(diff).toContain("A /newdir");
    if (dockerCliPath) {
      expect((await docker(["diff", "v-top"])).stdout).toBe(`${diff.join("\n")}\n`);
      expect((await docker(["top", "v-top", "-o", "pid,comm"])).stdout.trim().split("\n")).toEqual(pids);
    }
  });

  test("cp both ways: files, directories, contents with /., tar on stdin and stdout; a missing path", async () => {
    const host = join(dirs.base, "cp");
    mkdirSync(join(host, "tree", "sub"), { recursive: true });
    writeFileSync(join(host, "one.txt"), "one\n");
    writeFileSync(join(host, "tree", "sub", "two.txt"), "two\n");
    ok(await bunker(["run", "-d", "--name", "v-cp", "verbs-bb:1", "sleep", "300"]));
    ok(await bunker(["cp", join(host, "one.txt"), "v-cp:/tmp/"]));
    ok(await bunker(["cp", join(host, "one.txt"), "v-cp:/tmp/renamed.txt"]));
    ok(await bunker(["container", "cp", join(host, "tree"), "v-cp:/tree"]));
    expect(ok(await bunker(["exec", "v-cp", "sh", "-c", "cat /tmp/one.txt /tmp/renamed.txt /tree/sub/two.txt"]))).toBe("one\none\ntwo\n");
    ok(await bunker(["cp", "v-cp:/tree", join(host, "back")]));
    expect(readFileSync(join(host, "back", "sub", "two.txt"), "utf8")).toBe("two\n");
    mkdirSync(join(host, "into"));
    ok(await bunker(["cp", "v-cp:/tree/.", join(host, "into")]));
    expect(readFileSync(join(host, "into", "sub", "two.txt"), "utf8")).toBe("two\n");
    ok(await bunker(["cp", "v-cp:/tmp/renamed.txt", join(host, "file-copy")]));
    expect(readFileSync(join(host, "file-copy"), "utf8")).toBe("one\n");
    const out = Bun.spawnSync({ cmd: ["sh", "-c", `"${compiledBinary}" cp v-cp:/tree - | tar -tf - | sort`], env: { ...process.env, ...dirs.env } });
    expect(out.stdout.toString().split("\n").filter(Boolean)).toEqual(["tree/", "tree/sub/", "tree/sub/two.txt"]);
    const tarIn = Bun.spawnSync({ cmd: ["sh", "-c", `tar -C "${host}" -cf - one.txt | "${compiledBinary}" cp - v-cp:/home`], env: { ...process.env, ...dirs.env } });
    expect(tarIn.exitCode).toBe(0);
    expect(ok(await bunker(["exec", "v-cp", "cat", "/home/one.txt"]))).toBe("one\n");
    const missing = await bunker(["cp", "v-cp:/nope", host]);
    expect(missing).toMatchObject({ code: 1, stderr: "Error response from daemon: Could not find the file /nope in container v-cp\n" });
    const both = await bunker(["cp", join(host, "one.txt"), join(host, "x")]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("must specify at least one container source");
  });

  test("the container and image groups are the top-level verbs; container ls/ps/list", async () => {
    const ps = ok(await bunker(["ps", "-a", "--format", "{{.Names}}"]));
    for (const verb of [["container", "ls"], ["container", "ps"], ["container", "list"]]) expect(ok(await bunker([...verb, "-a", "--format", "{{.Names}}"]))).toBe(ps);
    expect(ok(await bunker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]))).toBe("verbs-bb:1\n");
    ok(await bunker(["image", "tag", "verbs-bb:1", "verbs-bb:2"]));
    expect(ok(await bunker(["image", "rm", "verbs-bb:2"]))).toBe("Untagged: verbs-bb:2\n");
    const help = ok(await bunker(["container", "--help"]));
    for (const verb of ["attach", "cp", "create", "diff", "restart", "top", "ls", "prune", "exec", "logs"]) expect(help).toMatch(new RegExp(`^  ${verb}\\s`, "m"));
    const imageHelp = ok(await bunker(["image", "--help"]));
    for (const verb of ["build", "history", "import", "inspect", "load", "ls", "prune", "pull", "push", "rm", "save", "tag"]) expect(imageHelp).toMatch(new RegExp(`^  ${verb}\\s`, "m"));
  });

  test("system df (and -v, --format) in Docker's shape; the prunes report what they reclaimed", async () => {
    for (const name of ["v-att", "v-cat", "v-rund", "v-sig", "v-top", "v-cp"]) await bunker(["rm", "-f", name]);
    ok(await bunker(["run", "--name", "v-writer", "verbs-bb:1", "dd", "if=/dev/zero", "of=/blob", "bs=1000", "count=300"]));
    ok(await bunker(["run", "--name", "v-anon", "-v", "/data", "verbs-bb:1", "sh", "-c", "echo 12345 > /data/f"]));
    ok(await bunker(["volume", "create", "v-named"]));
    const df = ok(await bunker(["system", "df"])).split("\n");
    expect(df[0]).toMatch(/^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE$/);
    expect(df[1]).toMatch(/^Images\s+1\s+1\s+\S+\s+0B \(0%\)$/);
    expect(df[2]).toMatch(/^Containers\s+2\s+0\s+300(\.\d+)?kB\s+300(\.\d+)?kB \(100%\)$/);
    expect(df[3]).toMatch(/^Local Volumes\s+2\s+1\s+6B\s+0B \(0%\)$/);
    expect(df[4]).toMatch(/^Build Cache\s+0\s+0\s+0B\s+0B$/);
    const rows = ok(await bunker(["system", "df", "--format", "{{json .}}"])).trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => r.Type)).toEqual(["Images", "Containers", "Local Volumes", "Build Cache"]);
    const verbose = ok(await bunker(["system", "df", "-v"]));
    expect(verbose).toContain("Images space usage:\n\nREPOSITORY");
    expect(verbose).toMatch(/v-writer\n/);
    if (dockerCliPath) {
      expect((await docker(["system", "df"])).stdout).toBe(df.join("\n"));
      // The verbose JSON too (times masked: the two runs may straddle a second).
      const mask = (t: string) => t.replace(/(Less than a second|About an? \w+|\d+ \w+) ago/g, "… ago");
      const ours = ok(await bunker(["system", "df", "-v", "--format", "json"]));
      expect(Object.keys(JSON.parse(ours))).toEqual(["Images", "Containers", "Volumes", "BuildCache"]);
      expect(mask((await docker(["system", "df", "-v", "--format", "json"])).stdout)).toBe(mask(ours));
    }
    // Not confirmed: nothing is removed.
    const declined = await bunkerWithStdin(["container", "prune"], ["n\n"]);
    expect(declined.stdout).toBe("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ");
    expect(ok(await bunker(["ps", "-aq"])).trim().split("\n")).toHaveLength(2);
    const pruned = ok(await bunker(["container", "prune", "-f", "--filter", "label!=keep"]));
    expect(pruned).toMatch(/^Deleted Containers:\n[0-9a-f]{64}\n[0-9a-f]{64}\n\nTotal reclaimed space: 300(\.\d+)?kB\n$/);
    // Anonymous volumes only, unless -a.
    expect(ok(await bunker(["volume", "prune", "-f"]))).toMatch(/^Deleted Volumes:\n[0-9a-f]{64}\n\nTotal reclaimed space: 6B\n$/);
    expect(ok(await bunker(["volume", "prune", "-f", "-a"]))).toBe("Deleted Volumes:\nv-named\n\nTotal reclaimed space: 0B\n");
    expect(ok(await bunker(["image", "prune", "-f"]))).toBe("Total reclaimed space: 0B\n");
  });

  test("system prune: Docker's warning, then containers, networks, volumes, images, build cache", async () => {
    ok(await bunker(["network", "create", "v-net"]));
    ok(await bunker(["run", "--name", "v-gone", "-v", "/anon", "verbs-bb:1", "true"]));
    const declined = await bunkerWithStdin(["system", "prune", "-a", "--volumes"], ["no\n"]);
    expect(declined.stdout).toBe(
      [
        "WARNING! This will remove:",
        "  - all stopped containers",
        "  - all networks not used by at least one container",
        "  - all anonymous volumes not used by at least one container",
        "  - all images without at least one container associated to them",
        "  - all build cache",
        "",
        "Are you sure you want to continue? [y/N] ",
      ].join("\n"),
    );
    const r = ok(await bunkerWithStdin(["system", "prune", "-a", "--volumes"], ["y\n"]));
    expect(r).toMatch(/Deleted Containers:\n[0-9a-f]{64}\n\nDeleted Networks:\nv-net\n\nDeleted Volumes:\n[0-9a-f]{64}\n\nDeleted Images:\nuntagged: verbs-bb:1\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: \d+(\.\d+)?MB\n$/);
    expect(ok(await bunker(["images", "-q"]))).toBe("");
    expect(ok(await bunker(["system", "prune", "-f"]))).toBe("Total reclaimed space: 0B\n");
    // system info and system events are info and events (--until 0s is now in whole seconds, as the docker CLI computes it).
    await Bun.sleep(1100);
    expect(ok(await bunker(["system", "info", "-f", "{{.ServerVersion}}"]))).toBe(ok(await bunker(["info", "-f", "{{.ServerVersion}}"])));
    const events = ok(await bunker(["system", "events", "--since", "5m", "--until", "0s", "--filter", "type=network", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}"]));
    expect(events.split("\n").filter((l) => l.endsWith(" v-net"))).toEqual(["network create v-net", "network destroy v-net"]);
  });
});
