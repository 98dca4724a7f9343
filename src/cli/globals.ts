import { parseHost, type Host } from "../client/index.ts";
import { defaultPaths } from "../config/index.ts";
import { InvalidArgument, isLogLevel } from "../lib/index.ts";
import type { GlobalOptions } from "./command.ts";
import { parseCommandArgs } from "./dispatch.ts";
import { root } from "./root.ts";
import { UsageError } from "./scan-flags.ts";
import { ContextStore } from "../config/index.ts";
import { contextName, resolveTarget, type Target } from "./target-host.ts";

/** Parse the flags given before the command name. */
export async function parseGlobals(rootTokens: string[]): Promise<GlobalOptions & { version: boolean }> {
  const args = await parseCommandArgs(rootTokens, root, ["bunker"]);
  const level = args["log-level"] as string | undefined;
  if (level !== undefined && !isLogLevel(level)) throw new UsageError(`invalid log level ${JSON.stringify(level)}`);
  const str = (name: string) => args[name] as string | undefined;
  const bool = (name: string) => (rootTokens.some((t) => t === `--${name}` || t.startsWith(`--${name}=`)) ? args[name] !== false : undefined);
  const flags = { host: str("host"), context: str("context"), tls: bool("tls"), tlsverify: bool("tlsverify"), tlscacert: str("tlscacert"), tlscert: str("tlscert"), tlskey: str("tlskey") };
  if (flags.host && flags.context) throw new UsageError("conflicting options: cannot specify both --host and --context");
  let target: Target | undefined;
  let targetError: string | undefined;
  try {
    target = resolveTarget(flags);
  } catch (err) {
    // A missing context (or an unreadable config.json) fails the verbs that talk to a daemon,
    // not `context ls/use/rm`, which are how to repair it.
    if (!(err instanceof UsageError || err instanceof InvalidArgument)) throw err;
    targetError = err.message;
  }
  let context = target?.context;
  if (!context) {
    try {
      context = contextName(flags, process.env, new ContextStore());
    } catch {
      context = flags.context || process.env.BUNKER_CONTEXT || "default";
    }
  }
  return {
    host: target?.source === "default" ? undefined : target?.host,
    hostSource: target?.source,
    context,
    targetError,
    debug: args.debug === true,
    logLevel: level as GlobalOptions["logLevel"],
    version: args.version === true,
  };
}

/** The daemon address to use: the one chosen (-H, --context, BUNKER_HOST, …), else this user's default socket. */
export function hostOf(globals: GlobalOptions): Host {
  if (globals.targetError) throw new UsageError(globals.targetError);
  return globals.host ?? parseHost(defaultPaths().socket);
}
