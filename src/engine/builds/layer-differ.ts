import { existsSync, lstatSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgument, selfCommand } from "../../lib/index.ts";
import { diffDirectory, type LayerIdMap } from "../../store/index.ts";
import { usernsExecArgv } from "../../sys/index.ts";

/**
 * Turns a finished RUN container's writable overlay directory into a layer tar, first dropping
 * the mount-point stubs the runtime made (`drop`: an empty file or an empty directory each).
 */
export type LayerDiffer = (upperDir: string, drop: string[]) => Promise<Uint8Array>;

/**
 * Drop the stubs that are still what the runtime made (empty), leave anything else; then the
 * directories that only held them (overlay copied them up to make the stubs), when now empty.
 */
export function dropMountStubs(upperDir: string, drop: string[]): void {
  const parents = new Set<string>();
  for (const rel of drop) {
    const p = join(upperDir, rel);
    if (!existsSync(p)) continue;
    const st = lstatSync(p);
    if (st.isFile() && st.size === 0) rmSync(p);
    else if (st.isDirectory() && readdirSync(p).length === 0) rmdirSync(p);
    else continue;
    if (rel.includes("/")) parents.add(rel.slice(0, rel.lastIndexOf("/")));
  }
  for (const rel of parents) {
    const p = join(upperDir, rel);
    if (existsSync(p) && lstatSync(p).isDirectory() && readdirSync(p).length === 0) rmdirSync(p);
  }
}

/** In this process (root, or rootless without subordinate ids): owners mapped back through `idMap`. */
export function inProcessLayerDiffer(idMap: () => LayerIdMap | undefined): LayerDiffer {
  return async (upperDir, drop) => {
    dropMountStubs(upperDir, drop);
    return new Uint8Array(await new Response(diffDirectory(upperDir, { idMap: idMap() })).arrayBuffer());
  };
}

/**
 * Inside the rootless user namespace (this program's `__diff-layer` verb as container root):
 * files of any subordinate id can be read and stubs under their directories removed, and the
 * owners come out as container ids without a map.
 */
export function usernsLayerDiffer(monitorExe: string, holderPid: () => number): LayerDiffer {
  return async (upperDir, drop) => {
    const argv = [...usernsExecArgv(monitorExe, holderPid()), ...selfCommand(), "__diff-layer", upperDir, ...drop];
    const proc = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).arrayBuffer(), new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) throw new InvalidArgument(err.trim().replace(/^bunker: /, "") || `diff of ${upperDir} failed with status ${code}`);
    return new Uint8Array(out);
  };
}
