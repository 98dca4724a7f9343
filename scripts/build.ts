#!/usr/bin/env bun
/**
 * Build: compile ffi/*.c into ffi/build/libbunker.so with the system C compiler, then
 * `bun build --compile` src/main.ts into dist/bunker, which embeds the shared object.
 *   bun scripts/build.ts            both steps
 *   bun scripts/build.ts --ffi      only the shared object (tests from source need it)
 */
import { $ } from "bun";
import { mkdirSync, readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const ffiDir = join(root, "ffi");
const soPath = join(ffiDir, "build", "libbunker.so");
const monitorPath = join(ffiDir, "build", "bunker-monitor");

function newestMtime(paths: string[]): number {
  return Math.max(0, ...paths.map((p) => statSync(p).mtimeMs));
}

/** Compile the C helper (and the monitor program) when a source is newer than what was built. */
export async function buildFfi(): Promise<string> {
  const sources = readdirSync(ffiDir).filter((f) => f.endsWith(".c")).map((f) => join(ffiDir, f));
  const headers = readdirSync(ffiDir).filter((f) => f.endsWith(".h")).map((f) => join(ffiDir, f));
  const newest = newestMtime([...sources, ...headers]);
  const fresh = (p: string) => existsSync(p) && statSync(p).mtimeMs >= newest;
  if (fresh(soPath) && fresh(monitorPath)) return soPath;
  mkdirSync(join(ffiDir, "build"), { recursive: true });
  const cc = process.env.CC ?? "cc";
  const flags = ["-O2", "-Wall", "-Wextra", "-Werror", "-std=gnu11", "-D_GNU_SOURCE"];
  // libseccomp is linked in statically (Debian's libseccomp-dev ships libseccomp.a), its
  // symbols kept private, so the binary needs no libseccomp on the user's machine.
  await $`${cc} -shared -fPIC ${flags} -o ${soPath}.tmp ${sources} -Wl,--exclude-libs,ALL -l:libseccomp.a`;
  // The per-container monitor as a small program of its own (see ffi/monitor-exe.c).
  await $`${cc} -fPIE -pie -DBUNKER_MONITOR_EXE ${flags} -o ${monitorPath}.tmp ${sources} -l:libseccomp.a`;
  await $`mv ${soPath}.tmp ${soPath}`;
  await $`mv ${monitorPath}.tmp ${monitorPath}`;
  return soPath;
}

async function buildBinary(): Promise<void> {
  const commit = (await $`git -C ${root} rev-parse --short HEAD`.quiet().nothrow()).stdout.toString().trim() || "unknown";
  mkdirSync(join(root, "dist"), { recursive: true });
  // Write beside and rename: a running daemon keeps its old inode, and readers never see half a file.
  const out = join(root, "dist/bunker");
  await $`${process.execPath} build --compile --bytecode --format=esm --minify-syntax --minify-whitespace --sourcemap=none ${join(root, "src/main.ts")} --outfile ${out}.tmp --define BUNKER_GIT_COMMIT=${JSON.stringify(commit)} --define BUNKER_BUILD_TIME=${JSON.stringify(new Date().toISOString())}`.cwd(root);
  await $`mv -f ${out}.tmp ${out}`;
}

if (import.meta.main) {
  const started = performance.now();
  await buildFfi();
  if (!process.argv.includes("--ffi")) await buildBinary();
  console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)}s`);
}
