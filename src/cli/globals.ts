import { parseHost, type Host } from "../client/index.ts";
import { defaultPaths } from "../config/index.ts";
import { isLogLevel } from "../lib/index.ts";
import type { GlobalOptions } from "./command.ts";
import { parseCommandArgs } from "./dispatch.ts";
import { root } from "./root.ts";
import { UsageError } from "./scan-flags.ts";

/** Parse the flags given before the command name. */
export async function parseGlobals(rootTokens: string[]): Promise<GlobalOptions & { version: boolean }> {
  const args = await parseCommandArgs(rootTokens, root, ["bunker"]);
  const level = args["log-level"] as string | undefined;
  if (level !== undefined && !isLogLevel(level)) throw new UsageError(`invalid log level ${JSON.stringify(level)}`);
  let host: Host | undefined;
  const hostArg = (args.host as string | undefined) ?? process.env.BUNKER_HOST;
  if (hostArg) {
    try {
      host = parseHost(hostArg);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return { host, debug: args.debug === true, logLevel: level as GlobalOptions["logLevel"], version: args.version === true };
}

/** The daemon address to use: -H, else BUNKER_HOST, else this user's default socket. */
export function hostOf(globals: GlobalOptions): Host {
  return globals.host ?? parseHost(defaultPaths().socket);
}
