import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import exe from "../../ffi/build/bunker-monitor" with { type: "file" };

/**
 * The path of the monitor program (ffi/monitor-exe.c) to hand to spawnProcess. From source it
 * is ffi/build/bunker-monitor itself; inside the compiled binary it is embedded, so it is
 * written out once into `dir` (the daemon's private exec root) under a name that changes with
 * its content, and reused after that.
 */
export function monitorExecutable(dir: string): string {
  if (!exe.startsWith("/$bunfs/")) return exe;
  const data = readFileSync(exe);
  const path = join(dir, `bunker-monitor-${Bun.hash(data).toString(16)}`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o700 });
  chmodSync(tmp, 0o700);
  renameSync(tmp, path);
  return path;
}
