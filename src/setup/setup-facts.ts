/** The facts the checks judge: the runtime's host facts plus what only setup asks about. */
import type { HostFacts } from "../runtime/index.ts";
import type { ProbeResult } from "../sys/index.ts";
import type { SnapshotterName } from "../store/index.ts";

/** What storage can do here (as the daemon's snapshotter choice found it). */
export interface StorageFacts {
  nativeOverlay: boolean;
  nativeOverlayReason?: string;
  /** fuse-overlayfs, when installed and /dev/fuse opens. */
  fuseOverlayfs?: string;
  /** The best that works: what setup writes as storage-driver. */
  best: SnapshotterName;
}

/** A device node this user must open; `reason` says why it does not. */
export type DeviceFacts = { ok: true } | { ok: false; reason: string; missing: boolean };

export interface RuntimeDirFacts {
  /** $XDG_RUNTIME_DIR, when set. */
  value?: string;
  /** Its owner uid, when it exists. */
  ownerUid?: number;
  /** /run/user/<uid>, where pam_systemd makes it. */
  userDir: string;
  userDirExists: boolean;
}

/** What only `bunker setup` (the client side) needs: services, the docker CLI, the config file. */
export interface ClientFacts {
  /** systemd is the init system (/run/systemd/system exists). */
  systemdBooted: boolean;
  /** A systemd manager for this user answers (root: the system manager). */
  systemdManager: boolean;
  /** loginctl's linger flag for the user; null where logind does not run. */
  linger: boolean | null;
  /** The docker CLI on PATH. */
  dockerCli?: string;
  /** `docker context inspect bunker` succeeds. */
  dockerContext: boolean;
  /** DOCKER_HOST as set in the environment. */
  dockerHost?: string;
  /** The daemon's socket (what DOCKER_HOST and the units point at). */
  socket: string;
  /** Where the unit files go, and what is there now (undefined: missing). */
  unitDir: string;
  installedUnits: Record<string, string | undefined>;
  /** The command the units start: this binary. */
  bunkerCommand: string[];
  daemonConfigFile: string;
  /** daemon.json as parsed JSON ({} when missing), or why it cannot be used. */
  daemonConfig: { ok: true; json: Record<string, unknown> } | { ok: false; error: string };
}

export interface SetupFacts {
  host: HostFacts;
  gid: number;
  userNamespaceProbe: ProbeResult;
  storage: StorageFacts;
  fuse: DeviceFacts;
  runtimeDir: RuntimeDirFacts;
  /** Where the next free subordinate range starts (past every range in /etc/subuid and /etc/subgid, at least 100000). */
  subidNextStart: number;
  /** "apt-get", "dnf", "zypper", "apk" or "pacman", whichever is installed; for install commands. */
  packageManager?: string;
  /** Absent on the engine's side (GET /info), which judges only what affects containers. */
  client?: ClientFacts;
}
