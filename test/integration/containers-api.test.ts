import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import type { DockerClient } from "../../src/client/index.ts";
import { apiDaemon, demux, stopApiDaemon } from "../helpers/api-daemon.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";

const skip = !busyboxPath;
if (skip) console.log("skip: containers API tests need busybox-static");

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let client: DockerClient;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;

async function create(body: Record<string, unknown>, name?: string): Promise<string> {
  const r = await client.json<{ Id: string }>("POST", "/containers/create", { query: { name }, body: { Rootfs: rootfs.dir, ...body } });
  return r.Id;
}

async function runToEnd(cmd: string[], body: Record<string, unknown> = {}) {
  const id = await create({ Cmd: cmd, ...body });
  await client.request("POST", `/containers/${id}/start`);
  const wait = await client.json<{ StatusCode: number }>("POST", `/containers/${id}/wait`);
  const logs = demux(Buffer.from(await (await client.request("GET", `/containers/${id}/logs`, { query: { stdout: 1, stderr: 1 } })).arrayBuffer()));
  return { id, code: wait.StatusCode, ...logs };
}

describe.skipIf(skip)("containers through the API", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    ctx = await apiDaemon();
    client = ctx.client;
  });
  afterAll(async () => {
    await stopApiDaemon(ctx);
    rootfs.cleanup();
  });

  test("create, start, wait, logs: output lands in Docker's json-file log", async () => {
    const r = await runToEnd(["sh", "-c", "echo hello; echo oops >&2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("hello\n");
    expect(r.stderr).toBe("oops\n");
    const info = await client.json<{ LogPath: string; State: { Status: string; ExitCode: number; Running: boolean } }>("GET", `/containers/${r.id}/json`);
    expect(info.State).toMatchObject({ Status: "exited", ExitCode: 0, Running: false });
    const lines = readFileSync(info.LogPath, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.log, l.stream])).toEqual([["hello\n", "stdout"], ["oops\n", "stderr"]]);
    expect(lines[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
  });

  test("the exit code is the process's", async () => {
    expect((await runToEnd(["sh", "-c", "exit 3"])).code).toBe(3);
  });

  test("a missing command: start fails with Docker's message, exit code 127 recorded", async () => {
    const id = await create({ Cmd: ["/no/such/binary"] });
    const res = await fetch(`http://x/v1.44/containers/${id}/start`, { method: "POST", unix: ctx.dirs.paths.socket } as RequestInit);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain("no such file or directory");
    const info = await client.json<{ State: { Status: string; ExitCode: number } }>("GET", `/containers/${id}/json`);
    expect(info.State).toMatchObject({ Status: "exited", ExitCode: 127 });
    const notFound = await create({ Cmd: ["nosuchprogram"] });
    const res2 = await fetch(`http://x/v1.44/containers/${notFound}/start`, { method: "POST", unix: ctx.dirs.paths.socket } as RequestInit);
    expect(((await res2.json()) as { message: string }).message).toContain("executable file not found in $PATH");
  });

  test("bad input is refused at create with a clear message", async () => {
    const before = (await client.json<unknown[]>("GET", "/containers/json", { query: { all: 1 } })).length;
    const dirsBefore = require("node:fs").readdirSync(`${ctx.dirs.paths.dataRoot}/containers`).length;
    const bad = async (body: Record<string, unknown>) => {
      const res = await fetch("http://x/v1.44/containers/create", { method: "POST", unix: ctx.dirs.paths.socket, body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } as RequestInit);
      return { status: res.status, message: ((await res.json()) as { message: string }).message };
    };
    expect(await bad({ Rootfs: "/no/such/rootfs", Cmd: ["true"] })).toEqual({ status: 400, message: "rootfs /no/such/rootfs does not exist" });
    expect((await bad({ Rootfs: rootfs.dir, Cmd: ["true"], User: "ghost" })).message).toBe("unable to find user ghost: no matching entries in passwd file");
    expect((await bad({ Rootfs: rootfs.dir, Cmd: ["true"], HostConfig: { Binds: ["/no/such/dir:/x"] } })).message).toContain("bind source path does not exist: /no/such/dir");
    expect((await bad({ Rootfs: rootfs.dir, Cmd: ["true"], HostConfig: { CapAdd: ["NOPE"] } })).message).toBe('invalid capability: "CAP_NOPE"');
    expect((await bad({ Image: "busybox", Cmd: ["true"] })).status).toBe(404);
    // Refused input leaves nothing behind: no record, no container directory.
    expect((await client.json<unknown[]>("GET", "/containers/json", { query: { all: 1 } })).length).toBe(before);
    expect(require("node:fs").readdirSync(`${ctx.dirs.paths.dataRoot}/containers`).length).toBe(dirsBefore);
  });

  test("names are unique and resolve like ids", async () => {
    const id = await create({ Cmd: ["true"] }, "named-one");
    const again = await fetch("http://x/v1.44/containers/create?name=named-one", { method: "POST", unix: ctx.dirs.paths.socket, body: JSON.stringify({ Rootfs: rootfs.dir, Cmd: ["true"] }), headers: { "Content-Type": "application/json" } } as RequestInit);
    expect(again.status).toBe(409);
    expect((await client.json<{ Id: string; Name: string }>("GET", "/containers/named-one/json")).Id).toBe(id);
    expect((await client.json<{ Id: string }>("GET", `/containers/${id.slice(0, 8)}/json`)).Id).toBe(id);
    await expect(client.request("GET", "/containers/nope/json")).rejects.toThrow("No such container: nope");
  });

  test("rename checks names as create does; prune removes what is not running", async () => {
    const id = await create({ Cmd: ["true"] }, "before-rename");
    await client.request("POST", `/containers/${id}/rename`, { query: { name: "after-rename" } });
    expect((await client.json<{ Name: string }>("GET", `/containers/${id}/json`)).Name).toBe("/after-rename");
    await expect(client.request("POST", `/containers/${id}/rename`, { query: { name: "bad name!" } })).rejects.toThrow("Invalid container name");
    const other = await create({ Cmd: ["true"] }, "taken-name");
    await expect(client.request("POST", `/containers/${id}/rename`, { query: { name: "taken-name" } })).rejects.toThrow('The container name "/taken-name" is already in use');
    const running = await create({ Cmd: ["sleep", "60"] });
    await client.request("POST", `/containers/${running}/start`);
    const pruned = await client.json<{ ContainersDeleted: string[]; SpaceReclaimed: number }>("POST", "/containers/prune");
    // --rootfs containers have no writable layer of their own: nothing to reclaim.
    expect(pruned.SpaceReclaimed).toBe(0);
    expect(pruned.ContainersDeleted).toContain(id);
    expect(pruned.ContainersDeleted).toContain(other);
    expect(pruned.ContainersDeleted).not.toContain(running);
    expect((await client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: 1 } })).map((c) => c.Id)).toEqual([running]);
    await client.request("DELETE", `/containers/${running}`, { query: { force: 1 } });
  });

  test("attach before start gets all output, and stdin reaches the process", async () => {
    const id = await create({ Cmd: ["sh", "-c", "echo first; cat; echo last"], OpenStdin: true, StdinOnce: true, AttachStdin: true });
    const { socket, head } = await client.hijack("POST", `/containers/${id}/attach?stream=1&stdin=1&stdout=1&stderr=1`);
    const chunks: Buffer[] = [head];
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.resume();
    const ended = new Promise((r) => socket.once("end", r));
    await client.request("POST", `/containers/${id}/start`);
    socket.write("piped\n");
    socket.end();
    await ended;
    expect(demux(Buffer.concat(chunks)).stdout).toBe("first\npiped\nlast\n");
  });

  test("a fast command attached before start never loses its output (the attach is wired before START)", async () => {
    for (let i = 0; i < 20; i++) {
      const id = await create({ Cmd: ["sh", "-c", `echo out${i}; exit 3`] });
      const { socket, head } = await client.hijack("POST", `/containers/${id}/attach?stream=1&stdout=1&stderr=1`);
      const chunks: Buffer[] = [head];
      socket.on("data", (d: Buffer) => chunks.push(d));
      socket.resume();
      const ended = new Promise((r) => socket.once("end", r));
      await client.request("POST", `/containers/${id}/start`);
      await ended;
      expect(demux(Buffer.concat(chunks)).stdout).toBe(`out${i}\n`);
      await client.request("DELETE", `/containers/${id}`, { query: { force: "1" } });
    }
  }, 60_000);

  test("exec detach keys: the sequence ends the stream and leaves the process running; bad keys are refused", async () => {
    const id = await create({ Cmd: ["sleep", "60"] });
    await client.request("POST", `/containers/${id}/start`);
    await expect(client.json("POST", `/containers/${id}/exec`, { body: { Cmd: ["cat"], AttachStdin: true, DetachKeys: "ctrl-" } })).rejects.toThrow("Invalid detach keys (ctrl-) provided");
    for (const [keys, sequence] of [[undefined, "\x10\x11"], ["ctrl-x,y", "\x18y"]] as const) {
      const { Id } = await client.json<{ Id: string }>("POST", `/containers/${id}/exec`, { body: { Cmd: ["cat"], AttachStdin: true, AttachStdout: true, ...(keys ? { DetachKeys: keys } : {}) } });
      const { socket, head } = await client.hijack("POST", `/exec/${Id}/start`, { Detach: false, Tty: false });
      const chunks: Buffer[] = [head];
      socket.on("data", (d: Buffer) => chunks.push(d));
      const ended = new Promise((r) => socket.once("end", r));
      socket.resume();
      socket.write("echoed\n");
      const deadline = Date.now() + 5000;
      while (!demux(Buffer.concat(chunks)).stdout.includes("echoed") && Date.now() < deadline) await Bun.sleep(20);
      socket.write(sequence);
      await ended;
      expect(demux(Buffer.concat(chunks)).stdout).toBe("echoed\n");
      const inspected = await client.json<{ Running: boolean; DetachKeys: string }>("GET", `/exec/${Id}/json`);
      expect(inspected.Running).toBe(true); // detached, not ended
      expect(inspected.DetachKeys).toBe(keys ?? "");
      socket.destroy();
    }
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });

  test("a detached container: exec joins it, stop ends it", async () => {
    const id = await create({ Cmd: ["sleep", "60"] });
    await client.request("POST", `/containers/${id}/start`);
    const info = await client.json<{ State: { Running: boolean; Pid: number } }>("GET", `/containers/${id}/json`);
    expect(info.State.Running).toBe(true);
    expect(info.State.Pid).toBeGreaterThan(0);
    const exec = async (cmd: string[]) => {
      const { Id } = await client.json<{ Id: string }>("POST", `/containers/${id}/exec`, { body: { Cmd: cmd, AttachStdout: true, AttachStderr: true } });
      const { socket, head } = await client.hijack("POST", `/exec/${Id}/start`, { Detach: false, Tty: false });
      const chunks: Buffer[] = [head];
      socket.on("data", (d: Buffer) => chunks.push(d));
      socket.resume();
      await new Promise((r) => socket.once("end", r));
      const e = await client.json<{ ExitCode: number }>("GET", `/exec/${Id}/json`);
      return { out: demux(Buffer.concat(chunks)).stdout, code: e.ExitCode };
    };
    expect(await exec(["hostname"])).toEqual({ out: `${id.slice(0, 12)}\n`, code: 0 });
    expect((await exec(["sh", "-c", "exit 4"])).code).toBe(4);
    expect((await exec(["cat", "/proc/1/cmdline"])).out).toBe("sleep\u000060\u0000");
    const top = await client.json<{ Titles: string[]; Processes: string[][] }>("GET", `/containers/${id}/top`);
    expect(top.Titles).toEqual(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]);
    expect(top.Processes.map((p) => [p[1], p[7]])).toEqual([[String(info.State.Pid), "sleep 60"]]);
    const list = await client.json<{ Id: string; Status: string }[]>("GET", "/containers/json");
    expect(list.find((c) => c.Id === id)?.Status).toMatch(/^Up /);
    const started = Date.now();
    await client.request("POST", `/containers/${id}/stop`, { query: { t: 1 } });
    expect(Date.now() - started).toBeLessThan(5000);
    const after = await client.json<{ State: { Status: string; ExitCode: number } }>("GET", `/containers/${id}/json`);
    // sleep as pid 1 has no SIGTERM handler, so the kernel ignores TERM: SIGKILL after 1 s (Docker's behaviour too)
    expect(after.State).toMatchObject({ Status: "exited", ExitCode: 137 });
  });

  test("the monitor is the small program of its own, not a copy of the daemon", async () => {
    const id = await create({ Cmd: ["sleep", "60"] });
    await client.request("POST", `/containers/${id}/start`);
    const pid = (await client.json<{ State: { Pid: number } }>("GET", `/containers/${id}/json`)).State.Pid;
    const status = (p: number | string) => readFileSync(`/proc/${p}/status`, "utf8");
    const monitor = /PPid:\s+(\d+)/.exec(status(pid))![1]!;
    expect(readFileSync(`/proc/${monitor}/cmdline`, "utf8")).toBe("bunker-monitor\0");
    const anonKiB = Number(/RssAnon:\s+(\d+)/.exec(status(monitor))![1]);
    expect(anonKiB).toBeLessThan(8 * 1024); // a fork of the daemon would hold tens of MiB
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });

  test("kill sends any signal; --init makes TERM work for pid-1-unaware programs", async () => {
    const id = await create({ Cmd: ["sleep", "60"], HostConfig: { Init: true } });
    await client.request("POST", `/containers/${id}/start`);
    await client.request("POST", `/containers/${id}/kill`, { query: { signal: "TERM" } });
    expect((await client.json<{ StatusCode: number }>("POST", `/containers/${id}/wait`)).StatusCode).toBe(143);
  });

  test("stop sends the container's stop signal, and its stop timeout applies", async () => {
    const id = await create({ Cmd: ["sh", "-c", "trap 'exit 9' USR1; while true; do sleep 0.1; done"], StopSignal: "SIGUSR1", StopTimeout: 30 });
    await client.request("POST", `/containers/${id}/start`);
    await Bun.sleep(200); // let the shell set its trap
    await client.request("POST", `/containers/${id}/stop`);
    expect((await client.json<{ State: { ExitCode: number } }>("GET", `/containers/${id}/json`)).State.ExitCode).toBe(9);
    const stubborn = await create({ Cmd: ["sh", "-c", "trap '' TERM; while true; do sleep 0.1; done"], StopTimeout: 1 });
    await client.request("POST", `/containers/${stubborn}/start`);
    await Bun.sleep(200);
    const started = Date.now();
    await client.request("POST", `/containers/${stubborn}/stop`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await client.json<{ State: { ExitCode: number } }>("GET", `/containers/${stubborn}/json`)).State.ExitCode).toBe(137);
  });

  test("AutoRemove removes the container when it exits", async () => {
    const id = await create({ Cmd: ["true"], HostConfig: { AutoRemove: true } });
    // As docker's CLI does for --rm: wait for "removed" before starting.
    const removed = await client.request("POST", `/containers/${id}/wait`, { query: { condition: "removed" } });
    await client.request("POST", `/containers/${id}/start`);
    expect(((await removed.json()) as { StatusCode: number }).StatusCode).toBe(0);
    await expect(client.request("GET", `/containers/${id}/json`)).rejects.toThrow("No such container");
  });

  test("rm refuses a running container without force, and force kills it", async () => {
    const id = await create({ Cmd: ["sleep", "60"] });
    await client.request("POST", `/containers/${id}/start`);
    await expect(client.request("DELETE", `/containers/${id}`)).rejects.toThrow("You cannot remove a running container");
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
    await expect(client.request("GET", `/containers/${id}/json`)).rejects.toThrow("No such container");
  });

  test("named volumes: made on first use, shared between containers, kept until removed", async () => {
    const write = await runToEnd(["sh", "-c", "echo kept > /data/f"], { HostConfig: { Binds: ["cf_vol:/data"] } });
    expect(write.code).toBe(0);
    const vol = await client.json<{ Name: string; Mountpoint: string; Driver: string }>("GET", "/volumes/cf_vol");
    expect(vol).toMatchObject({ Name: "cf_vol", Driver: "local" });
    expect(readFileSync(`${vol.Mountpoint}/f`, "utf8")).toBe("kept\n");
    const read = await runToEnd(["cat", "/data/f"], { HostConfig: { Mounts: [{ Type: "volume", Source: "cf_vol", Target: "/data", ReadOnly: true }] } });
    expect(read.stdout).toBe("kept\n");
    const info = await client.json<{ Mounts: { Type: string; Name: string; RW: boolean }[] }>("GET", `/containers/${read.id}/json`);
    expect(info.Mounts[0]).toMatchObject({ Type: "volume", Name: "cf_vol", RW: false });
    await expect(client.request("DELETE", "/volumes/cf_vol")).rejects.toThrow("volume is in use");
    await client.request("DELETE", `/containers/${write.id}`);
    await client.request("DELETE", `/containers/${read.id}`);
    await client.request("DELETE", "/volumes/cf_vol");
    await expect(client.request("GET", "/volumes/cf_vol")).rejects.toThrow("no such volume");
    expect(existsSync(vol.Mountpoint)).toBe(false);
  });

  test("archive (docker cp): stat, get and put; a symlink in the container never leads out of it", async () => {
    const id = await create({ Cmd: ["sh", "-c", "echo back > /tmp/b.txt; ln -s /etc /tmp/evil; exec sleep 60"] });
    await client.request("POST", `/containers/${id}/start`);
    await Bun.sleep(300);
    const head = await client.request("HEAD", `/containers/${id}/archive`, { query: { path: "/tmp/b.txt" } });
    const stat = JSON.parse(Buffer.from(head.headers.get("x-docker-container-path-stat")!, "base64").toString());
    expect(stat).toMatchObject({ name: "b.txt", size: 5, linkTarget: "" });
    const got = new Uint8Array(await (await client.request("GET", `/containers/${id}/archive`, { query: { path: "/tmp/b.txt" } })).arrayBuffer());
    const tarStream = (await import("tar-stream")).default;
    const entries: [string, string][] = [];
    const ex = tarStream.extract();
    ex.on("entry", (h, stream, next) => {
      let body = "";
      stream.on("data", (d: unknown) => (body += String(d)));
      stream.on("end", () => {
        entries.push([h.name, body]);
        next();
      });
    });
    await new Promise<void>((resolve) => {
      ex.on("finish", resolve);
      ex.end(Buffer.from(got));
    });
    expect(entries).toEqual([["b.txt", "back\n"]]);
    const pack = tarStream.pack();
    pack.entry({ name: "planted.txt", mode: 0o644 }, "inside\n");
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    const put = await fetch(`http://x/v1.44/containers/${id}/archive?path=/tmp/evil`, { method: "PUT", body: Buffer.concat(chunks), unix: ctx.dirs.paths.socket } as RequestInit);
    expect(put.status).toBe(200);
    expect(existsSync("/etc/planted.txt")).toBe(false); // the host's /etc is untouched
    expect(readFileSync(`${rootfs.dir}/etc/planted.txt`, "utf8")).toBe("inside\n"); // the container's got it
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });

  test("--group-add: numbers and names from the container's /etc/group join the user's groups", async () => {
    const r = await runToEnd(["id", "-G"], { User: "worker", HostConfig: { GroupAdd: ["4321", "root"] } });
    expect(r.stdout.trim().split(" ").sort()).toEqual(["0", "1000", "2000", "4321"]);
    const info = await client.json<{ HostConfig: { GroupAdd: string[] } }>("GET", `/containers/${r.id}/json`);
    expect(info.HostConfig.GroupAdd).toEqual(["4321", "root"]);
    await expect(create({ Cmd: ["true"], HostConfig: { GroupAdd: ["nope"] } })).rejects.toThrow("Unable to find group nope: no matching entries in group file");
  });

  test("log options are kept and shown back; an unknown log driver gets Docker's message", async () => {
    const id = await create({ Cmd: ["true"], HostConfig: { LogConfig: { Type: "json-file", Config: { "max-file": "100", "max-size": "1m" } } } });
    const info = await client.json<{ HostConfig: { LogConfig: unknown } }>("GET", `/containers/${id}/json`);
    expect(info.HostConfig.LogConfig).toEqual({ Type: "json-file", Config: { "max-file": "100", "max-size": "1m" } });
    await expect(create({ Cmd: ["true"], HostConfig: { LogConfig: { Type: "asdf" } } })).rejects.toThrow("logger: no log driver named 'asdf' is registered");
    await expect(create({ Cmd: ["true"], HostConfig: { LogConfig: { Type: "syslog" } } })).rejects.toThrow("logging driver syslog is not supported by Bunker (json-file, local and none are)");
    await client.request("DELETE", `/containers/${id}`);
  });

  test("namespace modes and runtimes Bunker does not offer are refused by name; inspect shows what each container has", async () => {
    for (const [hc, message] of [
      [{ PidMode: "host" }, 'PidMode "host" is not supported by Bunker'],
      [{ UTSMode: "host" }, 'UTSMode "host" is not supported by Bunker'],
      [{ IpcMode: "host" }, 'IpcMode "host" is not supported by Bunker'],
      [{ Runtime: "kata" }, 'Runtime "kata" is not supported by Bunker'],
      [{ VolumeDriver: "nfs" }, 'VolumeDriver "nfs" is not supported by Bunker'],
    ] as const) {
      await expect(create({ Cmd: ["true"], HostConfig: hc })).rejects.toThrow(message);
    }
    const id = await create({ Cmd: ["true"], HostConfig: { IpcMode: "private", Runtime: "runc" } });
    const info = await client.json<{ HostConfig: Record<string, unknown> }>("GET", `/containers/${id}/json`);
    expect(info.HostConfig).toMatchObject({ PidMode: "", UTSMode: "", IpcMode: "private", Runtime: "bunker", VolumeDriver: "" });
    await client.request("DELETE", `/containers/${id}`);
  });

  test("log driver none keeps nothing: logs is a 501 with Docker's message; local keeps logs", async () => {
    const none = await create({ Cmd: ["echo", "unseen"], HostConfig: { LogConfig: { Type: "none" } } });
    await client.request("POST", `/containers/${none}/start`);
    expect((await client.json<{ StatusCode: number }>("POST", `/containers/${none}/wait`)).StatusCode).toBe(0);
    const info = await client.json<{ LogPath: string; HostConfig: { LogConfig: unknown } }>("GET", `/containers/${none}/json`);
    expect(info.HostConfig.LogConfig).toEqual({ Type: "none", Config: {} });
    expect(existsSync(info.LogPath)).toBe(false);
    const res = await fetch(`http://x/v1.44/containers/${none}/logs?stdout=1`, { unix: ctx.dirs.paths.socket } as RequestInit);
    expect(res.status).toBe(501);
    expect(((await res.json()) as { message: string }).message).toBe("configured logging driver does not support reading");
    await expect(create({ Cmd: ["true"], HostConfig: { LogConfig: { Type: "none", Config: { "max-size": "1m" } } } })).rejects.toThrow("unknown log opt 'max-size' for none log driver");
    const local = await runToEnd(["echo", "kept"], { HostConfig: { LogConfig: { Type: "local" } } });
    expect(local.stdout).toBe("kept\n");
    for (const id of [none, local.id]) await client.request("DELETE", `/containers/${id}`);
  });

  test("the monitor keeps the log file even for output after detaching", async () => {
    const id = await create({ Cmd: ["sh", "-c", "for i in 1 2 3; do echo line$i; done"] });
    await client.request("POST", `/containers/${id}/start`);
    await client.json("POST", `/containers/${id}/wait`);
    const info = await client.json<{ LogPath: string }>("GET", `/containers/${id}/json`);
    expect(existsSync(info.LogPath)).toBe(true);
    const tail = demux(Buffer.from(await (await client.request("GET", `/containers/${id}/logs`, { query: { stdout: 1, tail: 2 } })).arrayBuffer()));
    expect(tail.stdout).toBe("line2\nline3\n");
  });
});
