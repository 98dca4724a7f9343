import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { release } from "node:os";
import type { DaemonConfig, Paths } from "../config/index.ts";
import { apiVersion, buildTime, bunkerVersion, getLogLevel, gitCommit, minApiVersion } from "../lib/index.ts";
import { collectHostFacts, type HostFacts } from "../runtime/index.ts";
import { engineWarnings } from "../setup/index.ts";
import type { SnapshotterChoice } from "../store/index.ts";
import { helperAbiVersion, probeUserNamespace, type ProbeResult } from "../sys/index.ts";

/** What `version` reports about this engine. */
export interface EngineVersion {
  version: string;
  apiVersion: string;
  minApiVersion: string;
  gitCommit: string;
  buildTime: string;
  bunVersion: string;
  helperAbi: number;
  os: string;
  arch: string;
  kernelVersion: string;
}

/** Everything `info` reports: host facts, the daemon's own settings, and what it holds. */
export interface EngineInfo {
  id: string;
  serverVersion: string;
  host: HostFacts;
  userNamespaceProbe: ProbeResult;
  snapshotter: SnapshotterChoice;
  paths: Paths;
  config: DaemonConfig;
  logLevel: string;
  counts: { containers: number; running: number; paused: number; stopped: number; images: number };
  systemTime: string;
  warnings: string[];
}

/** Go's GOARCH names, which Docker's API uses for Arch. */
const goArch: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };

/** The engine's persistent id (Docker's daemon ID): made once, kept in the data root. */
function engineId(dataRoot: string): string {
  const file = join(dataRoot, "engine-id");
  try {
    const id = readFileSync(file, "utf8").trim();
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
  } catch {
    // first start: make one
  }
  mkdirSync(dataRoot, { recursive: true, mode: 0o700 });
  const id = crypto.randomUUID();
  writeFileSync(`${file}.tmp`, `${id}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return id;
}

/** What the engine reports about itself and its host (`version`, `info`, `_ping`). */
export class SystemService {
  readonly id: string;
  private readonly userNamespaceProbe: ProbeResult;

  constructor(
    private readonly paths: Paths,
    private readonly config: DaemonConfig,
    readonly snapshotter: SnapshotterChoice,
    private readonly counts: () => EngineInfo["counts"] = () => ({ containers: 0, running: 0, paused: 0, stopped: 0, images: 0 }),
  ) {
    this.id = engineId(paths.dataRoot);
    // As root no user namespace is needed (rootful, like Docker); probe only when rootless.
    this.userNamespaceProbe = process.getuid?.() === 0 ? { ok: true } : probeUserNamespace();
  }

  version(): EngineVersion {
    return {
      version: bunkerVersion,
      apiVersion,
      minApiVersion,
      gitCommit,
      buildTime,
      bunVersion: Bun.version,
      helperAbi: helperAbiVersion(),
      os: "linux",
      arch: goArch[process.arch] ?? process.arch,
      kernelVersion: release(),
    };
  }

  info(): EngineInfo {
    const host = collectHostFacts();
    // The same checks and texts as `bunker setup --check`: one line per problem, with its fix.
    const warnings = engineWarnings(host, this.userNamespaceProbe, this.snapshotter);
    return {
      id: this.id,
      serverVersion: bunkerVersion,
      host,
      userNamespaceProbe: this.userNamespaceProbe,
      snapshotter: this.snapshotter,
      paths: this.paths,
      config: this.config,
      logLevel: getLogLevel(),
      // Images arrive with the images issue; until then there are none.
      counts: this.counts(),
      systemTime: new Date().toISOString(),
      warnings,
    };
  }
}
