import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseHost, type Host, type TlsSettings } from "../client/index.ts";
import { ContextStore, defaultPaths, type ContextRecord } from "../config/index.ts";
import { UsageError } from "./scan-flags.ts";

type Env = Record<string, string | undefined>;

/** The global flags that choose the daemon. */
export interface TargetFlags {
  host?: string;
  context?: string;
  tls?: boolean;
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

/** Where the CLI talks to, and why. */
export interface Target {
  host: Host;
  /** The context in effect ("default" unless one was chosen). */
  context: string;
  /** What chose the host: -H, BUNKER_HOST, a context, or nothing (the local socket). */
  source: "flag" | "env" | "context" | "default";
}

/**
 * Docker's TLS flags: --tlsverify (or BUNKER_TLS_VERIFY / DOCKER_TLS_VERIFY) implies --tls;
 * files default to ca.pem, cert.pem and key.pem in BUNKER_CERT_PATH, DOCKER_CERT_PATH or ~/.docker
 * (a default client cert or key that does not exist is left out, as Docker does).
 */
export function tlsFromFlags(flags: TargetFlags, env: Env): TlsSettings | undefined {
  const verifyEnv = env.BUNKER_TLS_VERIFY || env.DOCKER_TLS_VERIFY;
  const verify = flags.tlsverify ?? !!verifyEnv;
  if (!verify && !flags.tls) return undefined;
  const dir = env.BUNKER_CERT_PATH || env.DOCKER_CERT_PATH || join(env.HOME || homedir(), ".docker");
  const orDefault = (given: string | undefined, file: string) => given ?? (existsSync(join(dir, file)) ? join(dir, file) : undefined);
  return { verify, ca: flags.tlscacert ?? join(dir, "ca.pem"), cert: orDefault(flags.tlscert, "cert.pem"), key: orDefault(flags.tlskey, "key.pem") };
}

function parse(value: string, tls: TlsSettings | undefined, what: string): Host {
  try {
    return parseHost(value, tls);
  } catch (err) {
    throw new UsageError(`${what}: ${(err as Error).message}`);
  }
}

/** A stored context's endpoint as a Host: TLS when it holds TLS files or skips verification. */
export function contextHost(ctx: ContextRecord): Host {
  const usesTls = Object.keys(ctx.tls).length > 0 || ctx.skipTlsVerify;
  const tls = usesTls ? { verify: !ctx.skipTlsVerify, ca: ctx.tls["ca.pem"], cert: ctx.tls["cert.pem"], key: ctx.tls["key.pem"] } : undefined;
  return parse(ctx.host, tls, `context "${ctx.name}"`);
}

/** The name of the context in effect, with Docker's precedence (BUNKER_HOST means "default"). */
export function contextName(flags: TargetFlags, env: Env, store: ContextStore): string {
  if (flags.context) return flags.context;
  if (flags.host || env.BUNKER_HOST) return "default";
  return env.BUNKER_CONTEXT || store.current() || "default";
}

/** The default context's endpoint: BUNKER_HOST, else this user's local socket. */
export function defaultEndpoint(env: Env): string {
  return env.BUNKER_HOST || `unix://${defaultPaths(env).socket}`;
}

/**
 * Choose the daemon as Docker's client does: -H > --context > BUNKER_HOST > BUNKER_CONTEXT >
 * the current context (`context use`) > the local socket. -H with --context is an error.
 */
export function resolveTarget(flags: TargetFlags, env: Env = process.env, store = new ContextStore()): Target {
  if (flags.host && flags.context) throw new UsageError("conflicting options: cannot specify both --host and --context");
  const tls = tlsFromFlags(flags, env);
  if (flags.host) return { host: parse(flags.host, tls, "-H"), context: "default", source: "flag" };
  const name = contextName(flags, env, store);
  if (name === "default") {
    if (env.BUNKER_HOST) return { host: parse(env.BUNKER_HOST, tls, "BUNKER_HOST"), context: name, source: "env" };
    return { host: parseHost(defaultEndpoint(env)), context: name, source: "default" };
  }
  const ctx = store.get(name);
  if (!ctx) throw new UsageError(`context "${name}": context not found`);
  return { host: contextHost(ctx), context: name, source: "context" };
}
