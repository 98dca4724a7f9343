import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { log, SystemError } from "../../lib/index.ts";
import type { RegistryCredentials } from "./registry-types.ts";

/** The key docker's config.json uses for Docker Hub. */
export const dockerHubConfigKey = "https://index.docker.io/v1/";

const hubAliases = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

export interface DockerConfigLookupOptions {
  /** Path of config.json (default $DOCKER_CONFIG/config.json, else ~/.docker/config.json). */
  configPath?: string;
  /** PATH for docker-credential-* helpers (default the process's). */
  helperPath?: string;
}

/** The host part of a config key or server address: scheme and path removed. */
function hostOf(key: string): string {
  const bare = key.replace(/^https?:\/\//i, "");
  const slash = bare.indexOf("/");
  return (slash >= 0 ? bare.slice(0, slash) : bare).toLowerCase();
}

function isHub(host: string): boolean {
  return hubAliases.has(host.toLowerCase());
}

/** The server address docker's CLI stores a registry's credentials under. */
export function credentialServerAddress(registryHost: string): string {
  return isHub(registryHost) ? dockerHubConfigKey : registryHost;
}

function defaultConfigPath(): string {
  const dir = process.env.DOCKER_CONFIG || join(process.env.HOME || homedir(), ".docker");
  return join(dir, "config.json");
}

interface ConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Runs `docker-credential-<helper> get` with the server address on stdin. */
async function fromHelper(helper: string, serverAddress: string, helperPath: string | undefined): Promise<RegistryCredentials | undefined> {
  const program = `docker-credential-${helper}`;
  const found = Bun.which(program, { PATH: helperPath ?? process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin" });
  if (!found) throw new SystemError(`error getting credentials - err: exec: "${program}": executable file not found in $PATH`);
  const proc = Bun.spawn([found, "get"], {
    stdin: new TextEncoder().encode(serverAddress),
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => proc.kill(), 30_000);
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  if (code !== 0) {
    const text = (out.trim() || err.trim());
    // The helpers' own "not found" answer: no credentials, not an error.
    if (/credentials not found/i.test(text)) return undefined;
    throw new SystemError(`error getting credentials - err: ${program} exited with status ${code}, out: \`${text}\``);
  }
  let parsed: { Username?: unknown; Secret?: unknown; ServerURL?: unknown };
  try {
    parsed = JSON.parse(out);
  } catch {
    throw new SystemError(`error getting credentials - err: ${program} printed invalid JSON`);
  }
  const username = typeof parsed.Username === "string" ? parsed.Username : "";
  const secret = typeof parsed.Secret === "string" ? parsed.Secret : "";
  if (!secret) return undefined;
  // A username of "<token>" marks an identity token, as docker's CLI stores them.
  if (username === "<token>") return { identityToken: secret, serverAddress };
  return { username, password: secret, serverAddress };
}

function fromAuthEntry(entry: NonNullable<ConfigFile["auths"]>[string], serverAddress: string): RegistryCredentials | undefined {
  const creds: RegistryCredentials = { serverAddress };
  if (entry.auth) {
    const pair = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = pair.indexOf(":");
    if (colon < 0) throw new SystemError(`invalid auth configuration file: bad "auth" for ${serverAddress}`);
    creds.username = pair.slice(0, colon);
    creds.password = pair.slice(colon + 1);
  } else {
    if (entry.username) creds.username = entry.username;
    if (entry.password) creds.password = entry.password;
  }
  if (entry.identitytoken) creds.identityToken = entry.identitytoken;
  if (entry.registrytoken) creds.registryToken = entry.registrytoken;
  return creds.password || creds.identityToken || creds.registryToken ? creds : undefined;
}

/**
 * Stored credentials for a registry host, as docker's CLI finds them: a per-host credential
 * helper (`credHelpers`), else the global store (`credsStore`), else `auths` in config.json.
 * No config file means no credentials.
 */
export async function lookupDockerCredentials(registryHost: string, options: DockerConfigLookupOptions = {}): Promise<RegistryCredentials | undefined> {
  const path = options.configPath ?? defaultConfigPath();
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  let config: ConfigFile;
  try {
    config = JSON.parse(text) as ConfigFile;
  } catch (err) {
    throw new SystemError(`invalid docker config file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const host = registryHost.toLowerCase();
  const serverAddress = credentialServerAddress(host);
  const matches = (key: string) => hostOf(key) === host || (isHub(host) && isHub(hostOf(key)));

  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    if (matches(key) && helper) return fromHelper(helper, isHub(host) ? dockerHubConfigKey : key, options.helperPath);
  }
  if (config.credsStore) {
    const creds = await fromHelper(config.credsStore, serverAddress, options.helperPath);
    if (creds) return creds;
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (matches(key) && entry) {
      const creds = fromAuthEntry(entry, key);
      if (creds) return creds;
    }
  }
  log.debug("no stored registry credentials", { host });
  return undefined;
}
