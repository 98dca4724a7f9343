import { BunkerError, messageOf, setLogLevel } from "../lib/index.ts";
import { ConnectError } from "../client/index.ts";
import type { DaemonRunner } from "./command.ts";
import { resolveInvocation, runInvocation } from "./dispatch.ts";
import { renderHelp } from "./usage.ts";
import { parseGlobals } from "./globals.ts";
import { root } from "./root.ts";
import { UsageError } from "./scan-flags.ts";
import { RunFailure } from "./run-failure.ts";
import { closeClients } from "./connect.ts";
import { bunkerVersion, gitCommit } from "../lib/index.ts";

export { root } from "./root.ts";
export { subCommandsOf, argsOf, metaOf } from "./dispatch.ts";

/**
 * Run the CLI with `argv` (without the program name); returns the exit status.
 * Exit codes as Docker's client: 125 for usage errors, 1 for failures.
 */
export async function main(argv: string[], runDaemon: DaemonRunner): Promise<number> {
  try {
    const inv = await resolveInvocation(root, argv);
    if (inv.help) {
      console.log(await renderHelp(inv.cmd, inv.path));
      return 0;
    }
    const globals = await parseGlobals(inv.rootTokens);
    if (globals.logLevel) setLogLevel(globals.logLevel);
    else if (globals.debug) setLogLevel("debug");
    if (inv.path.length === 1) {
      if (globals.version) console.log(`Bunker version ${bunkerVersion}, build ${gitCommit}`);
      else console.log(await renderHelp(inv.cmd, inv.path));
      return 0;
    }
    try {
      const result = await runInvocation(inv, { globals, runDaemon });
      return typeof result === "number" ? result : 0;
    } finally {
      await closeClients();
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`bunker: ${err.message}`);
      return 125;
    }
    if (err instanceof RunFailure) {
      console.error(`bunker: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof ConnectError) console.error(err.message);
    else if (err instanceof BunkerError && err.status !== 500) console.error(`Error response from daemon: ${err.message}`);
    else console.error(`bunker: ${messageOf(err)}`);
    if (process.env.BUNKER_DEBUG_STACK && err instanceof Error) console.error(err.stack);
    return 1;
  }
}
