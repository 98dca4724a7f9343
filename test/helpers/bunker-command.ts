import { existsSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");
export const compiledBinary = join(root, "dist", "bunker");
export const sourceEntry = join(root, "src", "main.ts");

/** How to run Bunker: from source (integration) or the compiled binary (e2e). */
export function bunkerArgv(kind: "source" | "binary"): string[] {
  if (kind === "binary") {
    if (!existsSync(compiledBinary)) throw new Error(`${compiledBinary} is missing: run 'bun run build' first`);
    return [compiledBinary];
  }
  return [process.execPath, sourceEntry];
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run bunker with `args` and `env` added to the current environment; wait for it to exit. */
export async function runBunker(kind: "source" | "binary", args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Result> {
  const proc = Bun.spawn([...bunkerArgv(kind), ...args], {
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Wait until `check` is true, polling; throws after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await Bun.sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The real docker CLI, when installed (on PATH or at /usr/local/bin/docker). */
export const dockerCliPath = Bun.which("docker") ?? (existsSync("/usr/local/bin/docker") ? "/usr/local/bin/docker" : null);

/** Run the docker CLI against a test daemon's socket, with `configDir` as its config dir. */
export async function runDocker(socket: string, configDir: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  if (!dockerCliPath) throw new Error("the docker CLI is not installed");
  const proc = Bun.spawn([dockerCliPath, ...args], {
    env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: configDir, DOCKER_CLI_HINTS: "false", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}
