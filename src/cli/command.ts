import type { ArgsDef, CommandDef } from "citty";
import type { Host } from "../client/index.ts";
import type { LogLevel } from "../lib/index.ts";

/** Options given before the command name (`bunker -H unix:///x.sock -D info`). */
export interface GlobalOptions {
  /** The daemon chosen with -H, --context, BUNKER_HOST, BUNKER_CONTEXT or `context use`; undefined: the local socket. */
  host?: Host;
  /** What chose `host`. */
  hostSource?: "flag" | "env" | "context" | "default";
  /** The context in effect ("default" unless one was chosen). */
  context?: string;
  /** Why no daemon could be chosen (e.g. the context in effect does not exist): raised when a verb needs one. */
  targetError?: string;
  debug: boolean;
  logLevel?: LogLevel;
}

/** How the entry point runs the daemon, injected so that cli/ does not import daemon/. */
export type DaemonRunner = (opts: {
  logLevel?: LogLevel;
  configFile?: string;
  dataRoot?: string;
  socket?: string;
  hosts?: string[];
  tls?: { tls?: boolean; tlsverify?: boolean; tlscacert?: string; tlscert?: string; tlskey?: string };
}) => Promise<never>;

/** What every command's run() receives as `data`. */
export interface CliData {
  globals: GlobalOptions;
  runDaemon: DaemonRunner;
}

/** A citty command plus Bunker's parsing rules. */
export type BunkerCommand = CommandDef<any> & {
  /** Positional arguments it accepts beyond the declared ones (e.g. a command line). */
  variadic?: boolean;
  /** Stop reading flags at the first positional (`run IMAGE CMD --flag` passes --flag on). */
  stopAtPositional?: boolean;
  /** Every token after the command name is another program's (`compose`): no flag is read, not even --help. */
  passthrough?: boolean;
};

export function command<const T extends ArgsDef>(def: CommandDef<T> & { variadic?: boolean; stopAtPositional?: boolean; passthrough?: boolean }): BunkerCommand {
  return def as BunkerCommand;
}
