import { accessSync, constants } from "node:fs";
import { constants as osConstants, homedir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { hostOf } from "./globals.ts";
import { RunFailure } from "./run-failure.ts";

/** Where the docker CLI looks for its plugins (the user's first, as it does). */
export function pluginDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    join(env.DOCKER_CONFIG || join(env.HOME || homedir(), ".docker"), "cli-plugins"),
    "/usr/local/lib/docker/cli-plugins",
    "/usr/local/libexec/docker/cli-plugins",
    "/usr/lib/docker/cli-plugins",
    "/usr/libexec/docker/cli-plugins",
  ];
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The compose plugin of the docker CLI (`docker compose`), else `docker-compose` on PATH; undefined when neither is installed. */
export function findCompose(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const plugin = pluginDirs(env).map((d) => join(d, "docker-compose")).find(executable);
  return plugin ?? Bun.which("docker-compose", { PATH: env.PATH ?? "" }) ?? undefined;
}

const notInstalled = [
  "bunker compose runs Docker Compose, which is not installed: no docker-compose in the docker CLI's plugin",
  `directories (${pluginDirs().join(", ")}) and none on PATH.`,
  "Install it, e.g. 'sudo apt-get install docker-compose' (Debian's) or the compose plugin (https://docs.docker.com/compose/install/).",
].join("\n");

export default command({
  meta: { name: "compose", description: "Run Docker Compose (docker compose or docker-compose) against Bunker" },
  passthrough: true,
  async run({ rawArgs, data }) {
    const globals = (data as CliData).globals;
    const compose = findCompose();
    if (!compose) throw new RunFailure(notInstalled, 1);
    // The daemon is started first (as other verbs do), so that compose finds it answering.
    await connectDaemon(globals);
    const child = spawn(compose, rawArgs, { stdio: "inherit", env: { ...process.env, DOCKER_HOST: hostOf(globals).url } });
    // Ctrl-C reaches compose through the terminal; this process waits for it to finish.
    const ignore = () => undefined;
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, ignore);
    const status = await new Promise<number>((resolve) => {
      child.on("error", (err) => {
        console.error(`bunker: cannot run ${compose}: ${err.message}`);
        resolve(126);
      });
      child.on("exit", (code, signal) => resolve(code ?? 128 + (signal ? osConstants.signals[signal] : 0)));
    });
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.off(s, ignore);
    return status;
  },
});
