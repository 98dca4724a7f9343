import { chmodSync, existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where Debian's busybox-static puts the binary. */
export const busyboxPath = ["/bin/busybox", "/usr/bin/busybox"].find((p) => existsSync(p));

/**
 * A fresh root filesystem made of Debian's static busybox: /bin/busybox and a link per applet,
 * /etc/passwd and /etc/group with root, nobody and a "worker" user (1000, groups 1000 and 2000),
 * /tmp (1777), /root, /home. Returns its path and a cleanup function.
 */
export function makeBusyboxRootfs(prefix = "bk-rootfs-"): { dir: string; cleanup: () => void } {
  if (!busyboxPath) throw new Error("busybox-static is not installed (apt-get install busybox-static)");
  const base = mkdtempSync(join("/tmp", prefix));
  chmodSync(base, 0o755);
  const dir = join(base, "rootfs");
  for (const d of ["bin", "etc", "tmp", "root", "home/worker", "proc", "sys", "dev"]) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync(busyboxPath, join(dir, "bin/busybox"));
  chmodSync(join(dir, "bin/busybox"), 0o755);
  const applets = Bun.spawnSync([busyboxPath, "--list"]).stdout.toString().split("\n").filter((a) => a && a !== "busybox");
  for (const applet of applets) symlinkSync("busybox", join(dir, "bin", applet));
  writeFileSync(
    join(dir, "etc/passwd"),
    "root:x:0:0:root:/root:/bin/sh\nworker:x:1000:1000:worker:/home/worker:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/sh\n",
  );
  writeFileSync(join(dir, "etc/group"), "root:x:0:\nworker:x:1000:\nextra:x:2000:worker\nnogroup:x:65534:\n");
  chmodSync(join(dir, "tmp"), 0o1777);
  const cleanup = () => {
    try {
      rmSync(base, { recursive: true, force: true });
    } catch {
      // files a container made as a subordinate uid cannot be removed by the user from outside
    }
  };
  return { dir, cleanup };
}
