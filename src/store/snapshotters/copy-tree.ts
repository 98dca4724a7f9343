import type { BigIntStats } from "node:fs";
import { chmod, constants, copyFile, lchown, link, lstat, lutimes, mkdir, readdir, readlink, symlink } from "node:fs/promises";
import { join } from "node:path";
import { SystemError } from "../../lib/index.ts";

export interface CopyTreeResult {
  /** Sockets are not copied (as with `cp -a`, they mean nothing without their server). */
  skipped: string[];
}

const S_IFMT = 0o170000n;
const S_IFDIR = 0o040000n;
const S_IFREG = 0o100000n;
const S_IFLNK = 0o120000n;
const S_IFIFO = 0o010000n;
const S_IFCHR = 0o020000n;
const S_IFBLK = 0o060000n;

function major(rdev: bigint): bigint {
  return ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn);
}
function minor(rdev: bigint): bigint {
  return (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn);
}
/**
 * utimes takes seconds as a double: exact for whole seconds (tar's usual precision); otherwise
 * within about 0.1 µs (a double's step near 2^30 s is 119 ns; Bun truncates, hence the bias).
 */
function seconds(ns: bigint): number {
  const whole = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  return frac === 0n ? Number(whole) : Number(whole) + (Number(frac) + 60) / 1e9;
}
const code = (err: unknown) => (err as NodeJS.ErrnoException)?.code;

/**
 * `cp -a` in TypeScript: copy `src` to `dst` (which must not exist) keeping modes (setuid,
 * sticky), symlinks as symlinks, hardlinks within the tree as hardlinks, fifos and device
 * nodes, mtimes and atimes (exact for whole seconds, else to about 0.1 µs), and ownership as far as this process may
 * (root: always; others: their own ids only, other owners are left as the copier). Extended
 * attributes are not copied. Files and directories that are ours but unreadable (mode 000,
 * as /etc/shadow in some images) are opened up for the copy and closed again.
 */
export function copyTree(src: string, dst: string): Promise<CopyTreeResult> {
  return TreeCopier.copy(src, dst);
}

class TreeCopier {
  private readonly uid = process.getuid?.() ?? 0;
  private readonly gid = process.getgid?.() ?? 0;
  private readonly links = new Map<string, string>();
  private readonly result: CopyTreeResult = { skipped: [] };

  static async copy(src: string, dst: string): Promise<CopyTreeResult> {
    const copier = new TreeCopier();
    await copier.entry(src, dst, await lstat(src, { bigint: true }));
    return copier.result;
  }

  private async entry(src: string, dst: string, st: BigIntStats): Promise<void> {
    const type = st.mode & S_IFMT;
    if (type === S_IFDIR) return this.directory(src, dst, st);
    if (type !== S_IFLNK && st.nlink > 1n) {
      const id = `${st.dev}:${st.ino}`;
      const first = this.links.get(id);
      if (first) return link(first, dst);
      this.links.set(id, dst);
    }
    if (type === S_IFREG) {
      await this.readable(src, st, () => copyFile(src, dst, constants.COPYFILE_FICLONE));
    } else if (type === S_IFLNK) {
      await symlink(await readlink(src), dst);
    } else if (type === S_IFIFO || type === S_IFCHR || type === S_IFBLK) {
      const args = type === S_IFIFO ? ["p"] : [type === S_IFCHR ? "c" : "b", String(major(st.rdev)), String(minor(st.rdev))];
      const proc = Bun.spawnSync(["mknod", dst, ...args], { stderr: "pipe" });
      if (proc.exitCode !== 0) throw new SystemError(`copy ${src}: mknod ${args.join(" ")}: ${proc.stderr.toString().trim()}`);
    } else {
      this.result.skipped.push(src);
      return;
    }
    await this.metadata(dst, st, type === S_IFLNK);
  }

  private async directory(src: string, dst: string, st: BigIntStats): Promise<void> {
    await mkdir(dst, { mode: 0o700 });
    // The whole walk below runs inside `readable`: an opened-up directory must stay open for it.
    await this.readable(src, st, async () => {
      for (const name of await readdir(src)) {
        const from = join(src, name);
        await this.entry(from, join(dst, name), await lstat(from, { bigint: true }));
      }
    });
    await this.metadata(dst, st, false);
  }

  /**
   * Run `op`; when our own `src` lacks owner read (and, for a directory, search) permission,
   * open it up for `op` and close it again. Root needs none of this.
   */
  private async readable<T>(src: string, st: BigIntStats, op: () => Promise<T>): Promise<T> {
    const isDir = (st.mode & S_IFMT) === S_IFDIR;
    const need = isDir ? 0o500n : 0o400n;
    if (this.uid === 0 || Number(st.uid) !== this.uid || (st.mode & need) === need) return op();
    const mode = Number(st.mode & 0o7777n);
    await chmod(src, mode | Number(need));
    try {
      return await op();
    } finally {
      await chmod(src, mode); // chmod leaves mtime alone
    }
  }

  private async metadata(dst: string, st: BigIntStats, isLink: boolean): Promise<void> {
    const uid = Number(st.uid);
    const gid = Number(st.gid);
    if (uid !== this.uid || gid !== this.gid) {
      try {
        await lchown(dst, uid, gid);
      } catch (err) {
        if (this.uid === 0 || (code(err) !== "EPERM" && code(err) !== "EINVAL")) throw err;
      }
    }
    // After chown, which clears setuid/setgid.
    if (!isLink) await chmod(dst, Number(st.mode & 0o7777n));
    await lutimes(dst, seconds(st.atimeNs), seconds(st.mtimeNs));
  }
}
