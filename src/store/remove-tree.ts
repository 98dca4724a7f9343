import { chmodSync, lstatSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

function openUp(path: string): void {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isDirectory()) return;
  if ((st.mode & 0o700) !== 0o700) {
    try {
      chmodSync(path, (st.mode & 0o7777) | 0o700);
    } catch {
      return; // not ours: rm will say so
    }
  }
  for (const name of readdirSync(path)) openUp(join(path, name));
}

/**
 * `rm -rf` that also works as non-root on trees with unwritable or unreadable directories:
 * layers hold 0555 directories, and a mounted overlay leaves its work/work at mode 000.
 * Directories owned by other users (subordinate ids) still fail: remove those inside the user
 * namespace.
 */
export function removeTree(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM") throw err;
  }
  try {
    openUp(path);
    rmSync(path, { recursive: true, force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code !== "EACCES" && code !== "EPERM") || !foreignTreeRemover) throw err;
    foreignTreeRemover(path);
  }
}

let foreignTreeRemover: ((path: string) => void) | undefined;

/**
 * How to remove what the user cannot remove from outside: trees holding files of subordinate
 * ids (a rootless container's writes, layers unpacked in the user namespace). The daemon
 * installs a remover that runs inside the user namespace.
 */
export function setForeignTreeRemover(remover: ((path: string) => void) | undefined): void {
  foreignTreeRemover = remover;
}
