/**
 * A container's network interface end to end: ContainerRuntime.spawn with `interfaces` makes
 * the container's init create a TAP device (ffi/net-tap.c) and hand it to the monitor, which
 * relays its frames on ContainerRuntime.netSocketPath (ffi/monitor-net.c) as
 * [u32 BE length][Ethernet frame]. The test plays the gateway: it answers ARP and ICMP echo by
 * hand. Also: --network container:<id> (joinPid) and a client replaced by a new connection.
 * As root: no user namespace; as a user: the shared user namespace (newuidmap).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { join } from "node:path";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { isRoot, newgidmap, newuidmap, subgid, subuid } from "../helpers/id-maps.ts";
import { ContainerRuntime, probeTun, type ContainerConfig, type MonitorLink, type ProcessHandle } from "../../src/runtime/index.ts";

const tun = probeTun();
const skip =
  busyboxPath === undefined
    ? "busybox-static is not installed"
    : !tun.ok
      ? tun.reason
      : !isRoot && (!newuidmap || !newgidmap || !subuid || !subgid)
        ? "rootless runs need newuidmap/newgidmap and subordinate ids"
        : undefined;
if (skip) console.log(`skip: net-tap relay tests: ${skip}`);

const fixture = skip ? undefined : makeBusyboxRootfs("bk-nettap-");
const execRoot = mkdtempSync("/tmp/bk-nt-");
const dataRoot = mkdtempSync("/tmp/bk-ntd-");
const runtime = new ContainerRuntime(execRoot);
const handles: ProcessHandle[] = [];
const sockets: Socket[] = [];

afterAll(() => {
  for (const s of sockets) s.destroy();
  for (const h of handles) {
    for (const pid of [h.pid, h.monitorPid])
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
  }
  try {
    const holder = Number(readFileSync(join(execRoot, "userns.pid"), "utf8"));
    if (holder > 0) process.kill(holder, "SIGKILL");
  } catch {}
  rmSync(execRoot, { recursive: true, force: true });
  rmSync(dataRoot, { recursive: true, force: true });
  fixture?.cleanup();
});

const MAC = "02:42:ac:11:00:02";
const GW_MAC = Buffer.from([0x52, 0x55, 0x0a, 0x00, 0x02, 0x02]);
const eth0 = { name: "eth0", mac: MAC, ipv4: "10.0.2.15", prefixLength: 24, gateway: "10.0.2.2", mtu: 65520 };

function config(args: string[], extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return {
    rootfs: fixture?.dir ?? "/nonexistent",
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

let seq = 0;
async function spawn(cfg: ContainerConfig): Promise<{ id: string; handle: ProcessHandle; link: MonitorLink; output: () => string; exited: Promise<number> }> {
  const id = `${(++seq).toString(16).padStart(4, "0")}${process.pid.toString(16).padStart(8, "0")}`.padEnd(64, "a");
  const containerDir = mkdtempSync(join(dataRoot, "c-"));
  runtime.validate(cfg);
  const handle = await runtime.spawn(id, cfg, { containerDir, waitStart: true });
  handles.push(handle);
  const link = await runtime.connect(handle.socketPath, { output: true });
  let out = "";
  link.onStdout((d) => (out += d.toString()));
  link.onStderr((d) => (out += d.toString()));
  const exited = new Promise<number>((resolve) => link.onExit((e) => resolve(e.exitCode)));
  return { id, handle, link, output: () => out, exited };
}

/** A client of a network socket: collects whole frames, can send some. */
class FrameClient {
  readonly frames: Buffer[] = [];
  closed = false;
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  readonly ready: Promise<void>;

  constructor(path: string) {
    const sock = createConnection({ path });
    sockets.push(sock);
    this.sock = sock;
    this.ready = new Promise((resolve, reject) => {
      sock.once("connect", () => resolve());
      sock.once("error", reject);
    });
    sock.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 4) {
        const len = this.buf.readUInt32BE(0);
        if (this.buf.length < 4 + len) break;
        this.frames.push(this.buf.subarray(4, 4 + len));
        this.buf = this.buf.subarray(4 + len);
      }
      this.wake();
    });
    sock.on("close", () => {
      this.closed = true;
      this.wake();
    });
    sock.on("error", () => {});
  }
  private readonly sock: Socket;

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  send(frame: Buffer) {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(frame.length);
    this.sock.write(Buffer.concat([head, frame]));
  }

  sendRaw(bytes: Buffer) {
    this.sock.write(bytes);
  }

  /** The first frame (from `from` on) that matches, or throws after timeoutMs. */
  async waitFor(match: (f: Buffer) => boolean, what: string, timeoutMs = 10000, from = 0): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = this.frames.slice(from).find(match);
      if (f) return f;
      if (this.closed) throw new Error(`socket closed before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms (got ${this.frames.length} frames)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await Bun.sleep(20);
    return this.closed;
  }

  close() {
    this.sock.destroy();
  }
}

const macOf = (s: string) => Buffer.from(s.split(":").map((h) => Number.parseInt(h, 16)));
const ip = (s: string) => Buffer.from(s.split(".").map(Number));

function isArpWhoHas(f: Buffer, target: string): boolean {
  return f.length >= 42 && f.readUInt16BE(12) === 0x0806 && f.readUInt16BE(20) === 1 && f.subarray(38, 42).equals(ip(target));
}

function isEchoRequest(f: Buffer, dst: string): boolean {
  return f.length >= 42 && f.readUInt16BE(12) === 0x0800 && f[23] === 1 && f.subarray(30, 34).equals(ip(dst)) && f[14 + ((f[14] ?? 0) & 15) * 4] === 8;
}

function arpReply(request: Buffer): Buffer {
  const f = Buffer.alloc(42);
  request.copy(f, 0, 6, 12); // to the asker
  GW_MAC.copy(f, 6);
  f.writeUInt16BE(0x0806, 12);
  f.writeUInt16BE(1, 14); // Ethernet
  f.writeUInt16BE(0x0800, 16); // IPv4
  f[18] = 6;
  f[19] = 4;
  f.writeUInt16BE(2, 20); // reply
  GW_MAC.copy(f, 22);
  request.copy(f, 28, 38, 42); // the address asked for is ours
  request.copy(f, 32, 22, 28); // their MAC
  request.copy(f, 38, 28, 32); // their IP
  return f;
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < b.length; i += 2) sum += b.readUInt16BE(i);
  if (b.length % 2) sum += (b[b.length - 1] ?? 0) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

function echoReply(request: Buffer): Buffer {
  const f = Buffer.from(request);
  request.copy(f, 0, 6, 12);
  request.copy(f, 6, 0, 6);
  const ihl = ((f[14] ?? 0) & 15) * 4;
  request.copy(f, 26, 30, 34);
  request.copy(f, 30, 26, 30);
  f.writeUInt16BE(0, 24);
  f.writeUInt16BE(checksum(f.subarray(14, 14 + ihl)), 24);
  const icmp = 14 + ihl;
  f[icmp] = 0; // echo reply
  f.writeUInt16BE(0, icmp + 2);
  f.writeUInt16BE(checksum(f.subarray(icmp, 14 + f.readUInt16BE(16))), icmp + 2);
  return f;
}

describe.skipIf(skip !== undefined)("container network interface over the monitor's socket", () => {
  test("eth0 is configured; ARP and ICMP echo travel both ways as length-prefixed frames", async () => {
    const c = await spawn(config(["sh", "-c", "ip addr show eth0; ip route; ping -c 1 -W 5 10.0.2.2"]));
    expect(c.handle.netSocketPaths).toEqual([runtime.netSocketPath(c.id, 0)]);
    expect(runtime.netSocketPath(c.id, 0)).toBe(join(execRoot, "s", `${c.id.slice(0, 16)}.n0.sock`));
    const client = new FrameClient(c.handle.netSocketPaths[0] ?? "");
    await client.ready;
    await c.link.start();

    const arp = await client.waitFor((f) => isArpWhoHas(f, "10.0.2.2"), "ARP who-has 10.0.2.2");
    expect(arp.subarray(0, 6)).toEqual(Buffer.alloc(6, 0xff)); // broadcast
    expect(arp.subarray(6, 12)).toEqual(macOf(MAC));
    expect(arp.subarray(22, 28)).toEqual(macOf(MAC)); // sender hardware address
    expect(arp.subarray(28, 32)).toEqual(ip("10.0.2.15"));
    client.send(arpReply(arp));

    const echo = await client.waitFor((f) => isEchoRequest(f, "10.0.2.2"), "ICMP echo request to 10.0.2.2");
    expect(echo.subarray(0, 6)).toEqual(GW_MAC); // the ARP answer was taken
    expect(echo.subarray(6, 12)).toEqual(macOf(MAC));
    expect(echo.subarray(26, 30)).toEqual(ip("10.0.2.15"));
    client.send(echoReply(echo));

    const code = await c.exited;
    const out = c.output();
    expect(out).toContain("eth0");
    expect(out).toMatch(/eth0: <[^>]*UP[^>]*> mtu 65520/);
    expect(out).toContain(`link/ether ${MAC}`);
    expect(out).toContain("inet 10.0.2.15/24");
    expect(out).toMatch(/default via 10\.0\.2\.2 dev eth0/);
    expect(out).toMatch(/1 packets transmitted, 1 packets received/);
    expect(code).toBe(0);
    // The monitor is gone with the container, and so is the socket.
    expect(await client.waitClosed()).toBe(true);
  });

  test("a second container with joinPid sees the first one's eth0", async () => {
    const first = await spawn(config(["sleep", "30"]));
    await first.link.start();
    const second = await spawn(config(["ip", "addr"], { network: { joinPid: first.handle.pid }, interfaces: [] }));
    expect(second.handle.netSocketPaths).toEqual([]);
    await second.link.start();
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain("inet 10.0.2.15/24");
    expect(second.output()).toContain(`link/ether ${MAC}`);
    first.link.signal(9);
    await first.exited;
  });

  test("a new connection replaces the client; a bad length closes it", async () => {
    const c = await spawn(config(["ping", "-W", "1", "10.0.2.2"]));
    const path = c.handle.netSocketPaths[0] ?? "";
    const a = new FrameClient(path);
    await a.ready;
    await c.link.start();
    await a.waitFor((f) => isArpWhoHas(f, "10.0.2.2"), "ARP on the first client");

    const b = new FrameClient(path);
    await b.ready;
    expect(await a.waitClosed()).toBe(true);
    const arp = await b.waitFor((f) => isArpWhoHas(f, "10.0.2.2"), "ARP on the replacing client");
    b.send(arpReply(arp));
    await b.waitFor((f) => isEchoRequest(f, "10.0.2.2"), "ICMP echo on the replacing client");

    b.sendRaw(Buffer.from([0, 0, 0, 0])); // length 0
    expect(await b.waitClosed()).toBe(true);
    const d = new FrameClient(path);
    await d.ready;
    const from = d.frames.length;
    await d.waitFor((f) => isEchoRequest(f, "10.0.2.2"), "ICMP echo after a reconnect", 10000, from);
    d.sendRaw(Buffer.from([0, 1, 0, 0xff])); // 65791 > 65535 + 14
    expect(await d.waitClosed()).toBe(true);

    c.link.signal(9);
    expect(await c.exited).toBe(137);
  });
});
