#!/usr/bin/env bun
/**
 * Bunker's entry point: one executable that is both the CLI and the daemon. This file is the
 * composition root: it hands the daemon runner to the CLI, so cli/ never imports daemon/.
 */
import { main } from "./cli/index.ts";
import { messageOf } from "./lib/index.ts";

/**
 * Internal verbs the daemon runs inside the rootless user namespace (through
 * `bunker-monitor userns-exec`), where container root may chown to subordinate ids.
 */
async function internal(argv: string[]): Promise<number | undefined> {
  const [verb, ...args] = argv;
  if (verb === "__unpack-layer") {
    const [blob, dest, format] = args; // blob: a path, or "-" for the bytes on stdin (a download)
    const { unpackLayer } = await import("./store/index.ts");
    const rootless = (await Bun.file("/proc/self/uid_map").text()).trim().split(/\s+/)[1] !== "0";
    const r = await unpackLayer(blob === "-" ? Bun.stdin.stream() : Bun.file(blob!).stream(), dest!, { whiteoutFormat: format === "overlay" ? "overlay" : "vfs", owner: "chown", overlayXattr: rootless ? "user" : "trusted" });
    process.stdout.write(JSON.stringify({ diffId: r.diffId, size: r.size }));
    return 0;
  }
  if (verb === "__tree-tar") {
    const { treeTar } = await import("./store/index.ts");
    const { Writable } = await import("node:stream");
    await treeTar(JSON.parse(args[0]!)).pipeTo(Writable.toWeb(process.stdout));
    return 0;
  }
  if (verb === "__diff-layer") {
    // A RUN step's layer, inside the user namespace (see engine/builds/layer-differ.ts).
    const [upper, ...drop] = args;
    const { diffDirectory } = await import("./store/index.ts");
    const { dropMountStubs } = await import("./engine/index.ts");
    dropMountStubs(upper!, drop);
    const tar = new Uint8Array(await new Response(diffDirectory(upper!)).arrayBuffer());
    await Bun.write(Bun.stdout, tar);
    return 0;
  }
  if (verb === "__copy-up") {
    const { copyUpHere } = await import("./engine/index.ts");
    await copyUpHere(JSON.parse(args[0]!));
    return 0;
  }
  if (verb === "__remove-tree") {
    const { removeTree } = await import("./store/index.ts");
    for (const path of args) removeTree(path);
    return 0;
  }
  return undefined;
}

const internalCode = await internal(Bun.argv.slice(2)).catch((err: unknown) => {
  console.error(`bunker: ${messageOf(err)}`);
  return 1;
});
if (internalCode !== undefined) process.exit(internalCode);

const code = await main(Bun.argv.slice(2), async (opts) => {
  const { runDaemon } = await import("./daemon/index.ts");
  try {
    return await runDaemon(opts);
  } catch (err) {
    console.error(`bunker daemon: ${messageOf(err)}`);
    process.exit(1);
  }
});
process.exit(code);
