/**
 * TEST-ONLY: busybox containers with network interfaces through ContainerRuntime (the real
 * monitor), for the net-tap-*.test.ts files: why they cannot run here, a config, spawn, and
 * the cleanup of everything started. Each test file makes its own NetTapEnv (and cleans it
 * up in afterAll).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { busyboxPath, makeBusyboxRootfs } from "./busybox-rootfs.ts";
import { isRoot, newgidmap, newuidmap, subgid, subuid } from "./id-maps.ts";
import { ContainerRuntime, probeTun, type ContainerConfig, type MonitorLink, type ProcessHandle } from "../../src/runtime/index.ts";

const tun = probeTun();
/** Why these tests cannot run here; undefined = they can. */
export const netTapSkip =
  busyboxPath === undefined
    ? "busybox-static is not installed"
    : !tun.ok
      ? tun.reason
      : !isRoot && (!newuidmap || !newgidmap || !subuid || !subgid)
        ? "rootless runs need newuidmap/newgidmap and subordinate ids"
        : undefined;
export const MAC = "02:42:ac:11:00:02";
export const eth0 = { name: "eth0", mac: MAC, ipv4: "10.0.2.15", prefixLength: 24, gateway: "10.0.2.2", mtu: 65520 };

export interface Started {
  id: string;
  handle: ProcessHandle;
  link: MonitorLink;
  output: () => string;
  exited: Promise<number>;
}

/** A busybox rootfs, an exec root and a ContainerRuntime of its own. */
export class NetTapEnv {
  readonly execRoot = mkdtempSync("/tmp/bk-nt-");
  readonly runtime = new ContainerRuntime(this.execRoot);
  private readonly dataRoot = mkdtempSync("/tmp/bk-ntd-");
  private readonly fixture = netTapSkip ? undefined : makeBusyboxRootfs("bk-nettap-");
  private readonly handles: ProcessHandle[] = [];
  private seq = 0;

  config(args: string[], extra: Partial<ContainerConfig> = {}): ContainerConfig {
    return {
      rootfs: this.fixture?.dir ?? "/nonexistent",
      args,
      env: ["PATH=/bin"],
      hostname: "nettap",
      tty: false,
      openStdin: false,
      readonlyRootfs: false,
      binds: [],
      tmpfs: [],
      capAdd: [],
      capDrop: [],
      privileged: false,
      seccomp: "default",
      noNewPrivileges: false,
      ulimits: [],
      init: false,
      network: "private",
      interfaces: [eth0],
      extraHosts: [],
      dns: [],
      dnsSearch: [],
      dnsOptions: [],
      stopSignal: "SIGTERM",
      log: { maxSize: 0, maxFiles: 1 },
      ...extra,
    };
  }

  /** Spawns (held before exec: call link.start()) with output collected. */
  async spawn(cfg: ContainerConfig): Promise<Started> {
    const id = `${(++this.seq).toString(16).padStart(4, "0")}${process.pid.toString(16).padStart(8, "0")}`.padEnd(64, "a");
    const containerDir = mkdtempSync(join(this.dataRoot, "c-"));
    this.runtime.validate(cfg);
    const handle = await this.runtime.spawn(id, cfg, { containerDir, waitStart: true });
    this.handles.push(handle);
    const link = await this.runtime.connect(handle.socketPath, { output: true });
    let out = "";
    link.onStdout((d) => (out += d.toString()));
    link.onStderr((d) => (out += d.toString()));
    const exited = new Promise<number>((resolve) => link.onExit((e) => resolve(e.exitCode)));
    return { id, handle, link, output: () => out, exited };
  }

  /** Kills what was started (and the shared user namespace's holder), removes the dirs. */
  cleanup(): void {
    for (const h of this.handles) {
      for (const pid of [h.pid, h.monitorPid])
        try {
          process.kill(pid, "SIGKILL");
        } catch {}
    }
    try {
      const holder = Number(readFileSync(join(this.execRoot, "userns.pid"), "utf8"));
      if (holder > 0) process.kill(holder, "SIGKILL");
    } catch {}
    rmSync(this.execRoot, { recursive: true, force: true });
    rmSync(this.dataRoot, { recursive: true, force: true });
    this.fixture?.cleanup();
  }
}
