import { mkdirSync, lstatSync } from "node:fs";
import { homedir } from "node:os";
import { join, dirname } from "node:path";
import { InvalidArgument, Forbidden } from "../lib/index.ts";

/** Where a Bunker daemon keeps its socket, runtime state, data and configuration. */
export interface Paths {
  /** The API socket. */
  socket: string;
  /** Runtime state (tmpfs): lock, pid file, daemon log, per-container runtime files. */
  execRoot: string;
  /** Persistent data: images, layers, containers, volumes, bunker.db. */
  dataRoot: string;
  /** The daemon's JSON configuration file (may be missing). */
  configFile: string;
}

type Env = Record<string, string | undefined>;

/**
 * Default paths for the user running this process.
 * Root: /run/bunker.sock, /run/bunker, /var/lib/bunker, /etc/bunker/daemon.json.
 * Others: $XDG_RUNTIME_DIR/bunker.sock (else a private /tmp/bunker-<uid>), $XDG_DATA_HOME/bunker,
 * $XDG_CONFIG_HOME/bunker/daemon.json.
 * BUNKER_EXEC_ROOT, BUNKER_DATA_ROOT and BUNKER_CONFIG_FILE override each one (then the socket
 * defaults to <exec-root>/bunker.sock); BUNKER_HOST is read by the client, not here.
 */
export function defaultPaths(env: Env = process.env, uid: number = process.getuid?.() ?? 0): Paths {
  const home = env.HOME || homedir();
  let socket: string;
  let execRoot: string;
  if (env.BUNKER_EXEC_ROOT) {
    execRoot = env.BUNKER_EXEC_ROOT;
    socket = join(execRoot, "bunker.sock");
  } else if (uid === 0) {
    execRoot = "/run/bunker";
    socket = "/run/bunker.sock";
  } else {
    const runtimeDir = env.XDG_RUNTIME_DIR || `/tmp/bunker-${uid}`;
    execRoot = join(runtimeDir, "bunker");
    socket = join(runtimeDir, "bunker.sock");
  }
  const dataRoot =
    env.BUNKER_DATA_ROOT ||
    (uid === 0 ? "/var/lib/bunker" : join(env.XDG_DATA_HOME || join(home, ".local/share"), "bunker"));
  const configFile =
    env.BUNKER_CONFIG_FILE ||
    (uid === 0 ? "/etc/bunker/daemon.json" : join(env.XDG_CONFIG_HOME || join(home, ".config"), "bunker/daemon.json"));
  return { socket, execRoot, dataRoot, configFile };
}

/**
 * Make sure `dir` exists and only its owner can enter it. A directory that already exists must
 * be a real directory owned by `uid` with no group/other access: anything else under /tmp could
 * be another user's trap, so it is refused rather than used.
 */
export function ensurePrivateDir(dir: string, uid: number = process.getuid?.() ?? 0, env: Env = process.env): void {
  const runtimeDir = env.XDG_RUNTIME_DIR;
  const hint = runtimeDir && (dir === runtimeDir || dir.startsWith(`${runtimeDir}/`)) ? `; ${runtimeDirHint(runtimeDir, uid)}` : "";
  try {
    mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") throw new Forbidden(`cannot create ${dir}: ${(err as Error).message}${hint}`);
    if (code !== "EEXIST") throw err;
  }
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new InvalidArgument(`${dir} exists and is not a directory`);
  if (st.uid !== uid) throw new Forbidden(`refusing to use ${dir}: it belongs to uid ${st.uid}, not ${uid}${hint}`);
  if ((st.mode & 0o077) !== 0) {
    throw new Forbidden(`refusing to use ${dir}: mode ${(st.mode & 0o777).toString(8)} lets other users in (want 700)`);
  }
}

/**
 * What to do when XDG_RUNTIME_DIR is not this user's: `su` and `sudo -u` keep the caller's, and
 * without a login session (pam_systemd) the user has none.
 */
export function runtimeDirHint(runtimeDir: string, uid: number): string {
  return `XDG_RUNTIME_DIR=${runtimeDir} is not a directory of uid ${uid} (su and sudo keep the caller's); log in as that user (ssh, or machinectl shell USER@), or run "export XDG_RUNTIME_DIR=/run/user/${uid}" when that directory exists, else "unset XDG_RUNTIME_DIR" (Bunker then uses /tmp/bunker-${uid}); \`bunker setup\` checks this`;
}

/** The runtime files a daemon keeps under its exec root. */
export function runtimeFiles(execRoot: string) {
  return {
    lock: join(execRoot, "bunker.lock"),
    pid: join(execRoot, "bunker.pid"),
    log: join(execRoot, "bunker.log"),
  };
}

/**
 * The CLI's own configuration directory (contexts, config.json with the current context):
 * $BUNKER_CONFIG, else $XDG_CONFIG_HOME/bunker, else ~/.config/bunker, for root too (it is the
 * client's, like ~/.docker, not the daemon's /etc/bunker).
 */
export function cliConfigDir(env: Env = process.env): string {
  if (env.BUNKER_CONFIG) return env.BUNKER_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "bunker");
}
