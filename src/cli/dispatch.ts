import { parseArgs, type ArgsDef, type CommandDef, type CommandMeta, type ParsedArgs } from "citty";
import type { BunkerCommand, CliData } from "./command.ts";
import { UsageError, flagSpec, longAssignments, scanFlags } from "./scan-flags.ts";

async function resolve<T>(value: T | Promise<T> | (() => T) | (() => Promise<T>) | undefined): Promise<T | undefined> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

/** A command's subcommands, resolved (they are lazy imports). */
export async function subCommandsOf(cmd: CommandDef<any>): Promise<Record<string, BunkerCommand>> {
  const subs = (await resolve(cmd.subCommands)) ?? {};
  const out: Record<string, BunkerCommand> = {};
  for (const [name, sub] of Object.entries(subs)) out[name] = (await resolve(sub)) as BunkerCommand;
  return out;
}

export async function argsOf(cmd: CommandDef<any>): Promise<ArgsDef> {
  return ((await resolve(cmd.args)) ?? {}) as ArgsDef;
}

export async function metaOf(cmd: CommandDef<any>): Promise<CommandMeta> {
  return (await resolve(cmd.meta)) ?? {};
}

async function findSub(subs: Record<string, BunkerCommand>, name: string): Promise<BunkerCommand | undefined> {
  if (subs[name]) return subs[name];
  for (const sub of Object.values(subs)) {
    const alias = (await metaOf(sub)).alias;
    if (alias && (Array.isArray(alias) ? alias : [alias]).includes(name)) return sub;
  }
  return undefined;
}

export interface Invocation {
  /** Names from the root down, e.g. ["bunker", "daemon", "stop"]. */
  path: string[];
  cmd: BunkerCommand;
  tokens: string[];
  help: boolean;
  /** Index in `tokens` of the first positional, or -1. */
  firstPositional: number;
  /** Raw flags given to the root command, before the first subcommand. */
  rootTokens: string[];
}

/** Walk the command tree along `argv`, checking flags at every level. Throws UsageError. */
export async function resolveInvocation(root: BunkerCommand, argv: string[]): Promise<Invocation> {
  let cmd = root;
  let tokens = argv;
  const path = [(await metaOf(root)).name ?? "bunker"];
  let rootTokens = argv;
  for (;;) {
    if (cmd.passthrough) return { path, cmd, tokens, help: false, firstPositional: -1, rootTokens };
    const subs = await subCommandsOf(cmd);
    const hasSubs = Object.keys(subs).length > 0;
    const args = await argsOf(cmd);
    let scan;
    try {
      scan = scanFlags(tokens, flagSpec(args), hasSubs || !!cmd.stopAtPositional);
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`${err.message} (see '${path.join(" ")} --help')`);
      throw err;
    }
    if (hasSubs && scan.firstPositional >= 0 && !scan.help) {
      const name = tokens[scan.firstPositional]!;
      const sub = await findSub(subs, name);
      if (!sub) throw new UsageError(`unknown command: ${path.join(" ")} ${name} (see '${path.join(" ")} --help')`);
      if (cmd === root) rootTokens = tokens.slice(0, scan.firstPositional);
      path.push(name);
      cmd = sub;
      tokens = tokens.slice(scan.firstPositional + 1);
      continue;
    }
    if (cmd === root) rootTokens = tokens;
    const declared = Object.values(args).filter((a) => a.type === "positional").length;
    if (!scan.help && !cmd.variadic && !hasSubs && scan.positionals > declared) {
      throw new UsageError(
        declared === 0
          ? `'${path.join(" ")}' accepts no arguments (see '${path.join(" ")} --help')`
          : `'${path.join(" ")}' accepts at most ${declared} argument(s) (see '${path.join(" ")} --help')`,
      );
    }
    return { path, cmd, tokens, help: scan.help, firstPositional: scan.firstPositional, rootTokens };
  }
}

/** citty's parse of `tokens`; its own complaints (a missing operand, a value outside an enum) become usage errors. */
export async function parseCommandArgs(tokens: string[], cmd: CommandDef<any>, path: string[]): Promise<ParsedArgs> {
  try {
    const defs = await argsOf(cmd);
    const args = parseArgs(tokens, defs);
    // citty reads `--no-trunc` as trunc=false; Docker's flags of that form are flags of their own.
    for (const name of Object.keys(defs)) {
      const base = name.slice(3);
      if (!name.startsWith("no-") || base in defs || args[base] !== false) continue;
      (args as Record<string, unknown>)[name] = true;
    }
    return args;
  } catch (err) {
    if ((err as Error).name !== "CLIError") throw err;
    const message = (err as Error).message.replace(/\x1b\[[0-9;]*m/g, "");
    throw new UsageError(`${message} (see '${path.join(" ")} --help')`);
  }
}

/** Run the resolved command with citty's parsed args. */
export async function runInvocation(inv: Invocation, data: CliData): Promise<unknown> {
  if (!inv.cmd.run) return undefined;
  if (inv.cmd.passthrough) return inv.cmd.run({ rawArgs: inv.tokens, args: { _: inv.tokens } as unknown as ParsedArgs, cmd: inv.cmd, data });
  let tokens = inv.tokens;
  // Everything from the first positional on is the command's own (e.g. a container's command line).
  if (inv.cmd.stopAtPositional && inv.firstPositional >= 0 && tokens[inv.firstPositional - 1] !== "--") {
    tokens = [...tokens.slice(0, inv.firstPositional), "--", ...tokens.slice(inv.firstPositional)];
  }
  const args = await parseCommandArgs(longAssignments(tokens, flagSpec(await argsOf(inv.cmd))), inv.cmd, inv.path);
  return inv.cmd.run({ rawArgs: inv.tokens, args, cmd: inv.cmd, data });
}
