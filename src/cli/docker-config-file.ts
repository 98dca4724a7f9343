import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** ~/.docker/config.json (or $DOCKER_CONFIG/config.json), where docker and Bunker keep logins. */
export function dockerConfigPath(): string {
  return join(process.env.DOCKER_CONFIG || join(process.env.HOME || homedir(), ".docker"), "config.json");
}

type DockerConfig = { auths?: Record<string, { auth?: string }> } & Record<string, unknown>;

function read(): DockerConfig {
  try {
    return JSON.parse(readFileSync(dockerConfigPath(), "utf8")) as DockerConfig;
  } catch {
    return {};
  }
}

function write(config: DockerConfig): void {
  const file = dockerConfigPath();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, JSON.stringify(config, null, "\t") + "\n", { mode: 0o600 });
  chmodSync(`${file}.tmp`, 0o600);
  renameSync(`${file}.tmp`, file);
}

/** The key docker uses for a registry: Docker Hub's is "https://index.docker.io/v1/". */
export function configKey(server: string | undefined): string {
  return !server || server === "docker.io" || server === "index.docker.io" ? "https://index.docker.io/v1/" : server;
}

export function saveLogin(server: string | undefined, username: string, password: string): void {
  const config = read();
  config.auths = { ...config.auths, [configKey(server)]: { auth: Buffer.from(`${username}:${password}`).toString("base64") } };
  write(config);
}

/** Forget a login; false when there was none. */
export function removeLogin(server: string | undefined): boolean {
  const config = read();
  const key = configKey(server);
  if (!config.auths?.[key]) return false;
  delete config.auths[key];
  write(config);
  return true;
}

/** A default format from the config file (`psFormat`, `imagesFormat`, `volumesFormat`), "" when unset. */
export function configFormat(key: "psFormat" | "imagesFormat" | "volumesFormat" | "networksFormat"): string {
  const value = read()[key];
  return typeof value === "string" ? value : "";
}
