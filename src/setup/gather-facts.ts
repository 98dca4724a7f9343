/**
 * gatherSetupFacts(): reads everything the checks judge. Every path and program it touches can
 * be redirected (a fake root, PATH, env, probes, a command runner), so that the checks can be
 * tested against fake hosts without changing the real one.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { defaultPaths, parseDaemonConfig } from "../config/index.ts";
import { messageOf, selfCommand } from "../lib/index.ts";
import { collectHostFacts } from "../runtime/index.ts";
import { chooseSnapshotter } from "../store/index.ts";
import { probeUserNamespace, type ProbeResult } from "../sys/index.ts";
import { deviceFacts } from "./device-facts.ts";
import { packageManager } from "./package-manager.ts";
import type { ClientFacts, SetupFacts, StorageFacts } from "./setup-facts.ts";
import { subidNextStart } from "./subid-next-start.ts";
import { unitDirectory } from "./systemd-units.ts";

type Env = Record<string, string | undefined>;

/** Runs a program and reports its exit status and output (default: Bun.spawnSync). */
export type CommandRunner = (argv: string[]) => { code: number; stdout: string };

export interface SetupSource {
  /** Prefix before every system path read (/proc, /etc, /dev, /sys, /run, /var/lib): "" is the real host. */
  root?: string;
  env?: Env;
  uid?: number;
  gid?: number;
  /** Searched for newuidmap, docker, … (default: env.PATH). */
  pathEnv?: string;
  getcap?: string | null;
  kernelRelease?: string;
  probeUserNamespace?: () => ProbeResult;
  storage?: () => StorageFacts;
  run?: CommandRunner;
  /** What the systemd unit starts (default: this program). */
  bunkerCommand?: string[];
}

const spawnRunner: CommandRunner = (argv) => {
  try {
    const r = Bun.spawnSync({ cmd: argv, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    return { code: r.exitCode ?? 1, stdout: r.stdout.toString() };
  } catch {
    return { code: 127, stdout: "" };
  }
};

function readDaemonJson(file: string): ClientFacts["daemonConfig"] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { ok: true, json: {} };
    return { ok: false, error: `cannot read ${file}: ${messageOf(err)}` };
  }
  try {
    parseDaemonConfig(text, file);
    const json = JSON.parse(text) as unknown;
    return { ok: true, json: json as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: messageOf(err) };
  }
}

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function ownerOf(path: string): number | undefined {
  try {
    return statSync(path).uid;
  } catch {
    return undefined;
  }
}

/** The best storage driver here, probed as the daemon probes it (an overlay mount under the data root). */
function probeStorage(dataRoot: string, rootless: boolean): StorageFacts {
  const c = chooseSnapshotter({ dataRoot, rootless });
  return { nativeOverlay: c.nativeOverlay, nativeOverlayReason: c.nativeOverlayReason, fuseOverlayfs: c.fuseOverlayfs, best: c.name };
}

/** Reads the host, the user's session and the client side, as `bunker setup` judges them. */
export function gatherSetupFacts(source: SetupSource = {}): SetupFacts {
  const root = source.root ?? "";
  const env = source.env ?? process.env;
  const uid = source.uid ?? process.getuid?.() ?? 0;
  const pathEnv = source.pathEnv ?? env.PATH ?? "";
  const run = source.run ?? spawnRunner;
  const host = collectHostFacts({ root, uid, pathEnv, getcap: source.getcap, kernelRelease: source.kernelRelease });
  const paths = defaultPaths(env, uid);
  const daemonConfig = readDaemonJson(paths.configFile);
  const dataRoot = daemonConfig.ok && typeof daemonConfig.json["data-root"] === "string" ? daemonConfig.json["data-root"] : paths.dataRoot;
  const storage = source.storage ? source.storage() : probeStorage(dataRoot, host.rootless);
  const xdg = env.XDG_RUNTIME_DIR || undefined;
  const userDir = `/run/user/${uid}`;

  const systemdBooted = existsSync(`${root}/run/systemd/system`);
  const systemdManager = host.rootless ? xdg !== undefined && existsSync(`${root}${xdg}/systemd/private`) : systemdBooted && existsSync(`${root}/run/systemd/private`);
  const which = (cmd: string) => Bun.which(cmd, { PATH: pathEnv }) ?? undefined;
  const loginctl = which("loginctl");
  const linger = systemdBooted && loginctl && host.username ? existsSync(`${root}/var/lib/systemd/linger/${host.username}`) : null;
  const dockerCli = which("docker");
  const unitDir = host.rootless ? unitDirectory(env, uid, env.HOME || homedir()) : `${root}${unitDirectory(env, 0, "/root")}`;
  const client: ClientFacts = {
    systemdBooted,
    systemdManager,
    linger,
    dockerCli,
    dockerContext: dockerCli !== undefined && run([dockerCli, "context", "inspect", "bunker"]).code === 0,
    dockerHost: env.DOCKER_HOST || undefined,
    socket: paths.socket,
    unitDir,
    installedUnits: { "bunker.socket": readOr(`${unitDir}/bunker.socket`), "bunker.service": readOr(`${unitDir}/bunker.service`) },
    bunkerCommand: source.bunkerCommand ?? selfCommand(),
    daemonConfigFile: paths.configFile,
    daemonConfig,
  };
  return {
    host,
    gid: source.gid ?? process.getgid?.() ?? 0,
    userNamespaceProbe: source.probeUserNamespace ? source.probeUserNamespace() : host.rootless ? probeUserNamespace() : { ok: true },
    storage,
    fuse: deviceFacts(`${root}/dev/fuse`),
    runtimeDir: { value: xdg, ownerUid: xdg ? ownerOf(`${root}${xdg}`) : undefined, userDir, userDirExists: existsSync(`${root}${userDir}`) },
    subidNextStart: subidNextStart(root),
    packageManager: packageManager(root),
    client,
  };
}
