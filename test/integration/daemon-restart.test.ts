import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { demux } from "../helpers/api-daemon.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { daemonProcesses } from "../helpers/daemon-processes.ts";

const skip = !busyboxPath;
if (skip) console.log("skip: daemon restart tests need busybox-static");

const daemon = daemonProcesses("bk-adopt-");
const { client, daemons, start: startDaemon } = daemon;
let rootfs: ReturnType<typeof makeBusyboxRootfs> | undefined;

afterAll(async () => {
  await daemon.stop();
  rootfs?.cleanup();
});

describe.skipIf(skip)("a daemon killed with SIGKILL", () => {
  test("loses no container: it keeps running, its log stays whole, and the next daemon adopts it", async () => {
    rootfs = makeBusyboxRootfs();
    const first = await startDaemon();
    const { Id: id } = await client.json<{ Id: string }>("POST", "/containers/create", {
      body: { Rootfs: rootfs.dir, Cmd: ["sh", "-c", "i=0; while [ $i -lt 30 ]; do echo tick$i; i=$((i+1)); sleep 0.1; done"] },
    });
    await client.request("POST", `/containers/${id}/start`);
    const pid = (await client.json<{ State: { Pid: number } }>("GET", `/containers/${id}/json`)).State.Pid;
    await Bun.sleep(500);
    first.kill("SIGKILL");
    await first.exited;
    await Bun.sleep(500);
    expect(existsSync(`/proc/${pid}`)).toBe(true); // still running with no daemon at all
    await startDaemon();
    const info = await client.json<{ State: { Running: boolean; Pid: number } }>("GET", `/containers/${id}/json`);
    expect(info.State.Running).toBe(true);
    expect(info.State.Pid).toBe(pid);
    const wait = await client.json<{ StatusCode: number }>("POST", `/containers/${id}/wait`);
    expect(wait.StatusCode).toBe(0);
    const logs = demux(Buffer.from(await (await client.request("GET", `/containers/${id}/logs`, { query: { stdout: 1 } })).arrayBuffer())).stdout;
    expect(logs).toBe(Array.from({ length: 30 }, (_, i) => `tick${i}\n`).join(""));
  }, 60_000);

  test("a container that exited while no daemon ran is settled from its state file", async () => {
    const current = daemons.at(-1)!;
    const { Id: id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Rootfs: rootfs!.dir, Cmd: ["sh", "-c", "sleep 1; exit 5"] } });
    await client.request("POST", `/containers/${id}/start`);
    current.kill("SIGKILL");
    await current.exited;
    await Bun.sleep(2000);
    await startDaemon();
    const info = await client.json<{ State: { Status: string; ExitCode: number } }>("GET", `/containers/${id}/json`);
    expect(info.State).toMatchObject({ Status: "exited", ExitCode: 5 });
  }, 60_000);
});
