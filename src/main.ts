#!/usr/bin/env bun
/**
 * Bunker's entry point: one executable that is both the CLI and the daemon. This file is the
 * composition root: it hands the daemon runner to the CLI, so cli/ never imports daemon/.
 */
import { main } from "./cli/index.ts";
import { messageOf } from "./lib/index.ts";

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
