/**
 * rm -rf of one path, never following symlinks, that also works as a non-root user on trees
 * holding directories without write or search permission (a layer may ship `dr-x------`).
 */
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
  try {
    chmodSync(path, (st.mode & 0o7777) | 0o700);
  } catch {
    // not ours: rmSync will say so
  }
  for (const name of readdirSync(path)) openUp(join(path, name));
}

export function removeTree(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM") throw err;
    openUp(path);
    rmSync(path, { recursive: true, force: true });
  }
}
