#!/usr/bin/env bun
/**
 * The runtime's own share of a container start: spec → monitor → namespaces, mounts, pivot_root,
 * capabilities, seccomp → exec /bin/true → exit reported, measured in-process through the same
 * ContainerRuntime the daemon uses (no CLI, no HTTP), against the namespace floor
 * (`unshare [-U]rmpf --mount-proc chroot ROOTFS /bin/true`). Prints medians and the ratio.
 *   bun bench/runtime-share.ts [RUNS]
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ContainerRuntime, type ContainerConfig } from "../src/runtime/index.ts";

const runs = Number(process.argv[2] ?? 30);
const work = mkdtempSync("/tmp/bk-share-");
const rootfs = join(work, "rootfs");
for (const d of ["bin", "etc", "proc", "dev", "sys", "tmp"]) mkdirSync(join(rootfs, d), { recursive: true });
cpSync(Bun.which("busybox") ?? "/bin/busybox", join(rootfs, "bin/busybox"));
for (const a of ["sh", "true"]) symlinkSync("busybox", join(rootfs, "bin", a));
writeFileSync(join(rootfs, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
const runtime = new ContainerRuntime(join(work, "run"));
const config: ContainerConfig = {
  rootfs, args: ["/bin/true"], env: [], hostname: "bench", tty: false, openStdin: false, readonlyRootfs: false, binds: [], tmpfs: [],
  capAdd: [], capDrop: [], privileged: false, seccomp: "default", noNewPrivileges: false, ulimits: [], init: false, network: "private",
  extraHosts: [], dns: [], dnsSearch: [], dnsOptions: [], stopSignal: "SIGTERM", log: { maxSize: 0, maxFiles: 1 },
};

async function once(i: number): Promise<number> {
  const dir = join(work, `c${i}`);
  mkdirSync(dir);
  const t = performance.now();
  const handle = await runtime.spawn(`bench${i}`, config, { containerDir: dir, logPath: join(dir, "log"), waitStart: true });
  const link = await runtime.connect(handle.socketPath, { output: false });
  const exited = new Promise<void>((r) => link.onClose(() => r()));
  await link.start();
  await exited;
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const chroot = Bun.which("chroot", { PATH: `${process.env.PATH}:/usr/sbin:/sbin` }) ?? "chroot";
const floorCmd = ["unshare", ...(process.getuid!() === 0 ? ["-mpf"] : ["-Urmpf"]), "--mount-proc", chroot, rootfs, "/bin/true"];
const floor: number[] = [];
const bunker: number[] = [];
for (let i = 0; i < 3; i++) await once(1000 + i); // warm up (seccomp compile, first loads)
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  Bun.spawnSync(floorCmd);
  floor.push(performance.now() - t);
  bunker.push(await once(i));
}
const f = median(floor);
const b = median(bunker);
console.log(`floor (unshare + chroot)  ${f.toFixed(1)} ms`);
console.log(`bunker runtime share      ${b.toFixed(1)} ms   ${(b / f).toFixed(2)}x floor`);
rmSync(work, { recursive: true, force: true });
process.exit(0);
