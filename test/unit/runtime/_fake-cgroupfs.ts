/**
 * Builds fake cgroup trees in a temp dir for detectCgroups() tests. Ownership is modelled so the
 * tests behave the same as root and as an ordinary user: "mine" directories belong to ME (the
 * runner's uid, or 4242 chowned to when the runner is root) and are writable; every other
 * directory is mode 0555 (and root-owned when the runner is root), so ME cannot manage it.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runner = process.getuid?.() ?? 0;
export const RUNNER_IS_ROOT = runner === 0;
/** The uid that owns "mine" directories. */
export const ME = RUNNER_IS_ROOT ? 4242 : runner;
/** A uid that owns nothing in the tree. */
export const OTHER = ME + 1;

export class FakeCgroupfs {
  readonly root = mkdtempSync(join(tmpdir(), "bunker-cgroupfs-"));
  private readonly mine = new Set<string>();

  /** Creates the directory at `path` (a filesystem path such as /sys/fs/cgroup/x) with optional files. */
  dir(path: string, opts: { mine?: boolean; files?: Record<string, string> } = {}): this {
    const full = join(this.root, path);
    mkdirSync(full, { recursive: true });
    if (opts.mine) this.mine.add(full);
    for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(full, name), text);
    return this;
  }

  /** Applies ownership and modes; call after the last dir(). */
  seal(): this {
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
      }
      if (dir === this.root) return;
      if (this.mine.has(dir)) {
        if (RUNNER_IS_ROOT) chownSync(dir, ME, ME);
        chmodSync(dir, 0o755);
      } else {
        chmodSync(dir, 0o555);
      }
    };
    walk(this.root);
    return this;
  }

  /** Makes everything writable again and deletes it. */
  remove(): void {
    const walk = (dir: string): void => {
      chmodSync(dir, 0o755);
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
      }
    };
    walk(this.root);
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** mountinfo lines for a pure cgroup v2 host, with some unrelated mounts around it. */
export function v2Mountinfo(opts: { mountRoot?: string; readOnly?: boolean } = {}): string {
  const ro = opts.readOnly ? "ro" : "rw";
  return [
    "22 28 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
    "23 28 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw",
    `26 23 0:23 ${opts.mountRoot ?? "/"} /sys/fs/cgroup ${ro},nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 ${ro},nsdelegate,memory_recursiveprot`,
    "28 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
    "",
  ].join("\n");
}

/** The v1 hierarchies of a systemd-era hybrid host, plus cgroup2 at /sys/fs/cgroup/unified. */
export const V1_HIERARCHIES: [string, string][] = [
  ["memory", "memory"],
  ["pids", "pids"],
  ["cpu,cpuacct", "cpu,cpuacct"],
  ["cpuset", "cpuset"],
  ["blkio", "blkio"],
  ["freezer", "freezer"],
  ["devices", "devices"],
  ["systemd", "xattr,name=systemd"],
];

export function v1Mountinfo(): string {
  const lines = ["31 23 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755"];
  V1_HIERARCHIES.forEach(([dir, opts], i) => {
    lines.push(`${40 + i} 31 0:${40 + i} / /sys/fs/cgroup/${dir} rw,nosuid,nodev,noexec,relatime shared:${20 + i} - cgroup cgroup rw,${opts}`);
  });
  lines.push("32 31 0:28 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate");
  return `${lines.join("\n")}\n`;
}

/** /proc/self/cgroup text for v1: each hierarchy at `paths[dir]` (default "/"), and 0::`unified`. */
export function v1SelfCgroup(paths: Record<string, string> = {}, unified = "/"): string {
  const lines = V1_HIERARCHIES.map(([dir, opts], i) => `${i + 1}:${opts.replace("xattr,", "")}:${paths[dir] ?? "/"}`);
  lines.push(`0::${unified}`);
  return `${lines.join("\n")}\n`;
}
