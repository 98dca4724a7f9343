import type { EngineInfo, EngineVersion } from "../../engine/index.ts";

/** GET /version, in Docker's shape. */
export interface VersionWire {
  Platform: { Name: string };
  Components: { Name: string; Version: string; Details?: Record<string, string> }[];
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  BuildTime: string;
}

export function versionWire(v: EngineVersion): VersionWire {
  return {
    Platform: { Name: "Bunker Engine" },
    Components: [
      {
        Name: "Engine",
        Version: v.version,
        Details: {
          ApiVersion: v.apiVersion,
          Arch: v.arch,
          BuildTime: v.buildTime,
          Experimental: "false",
          GitCommit: v.gitCommit,
          GoVersion: `bun${v.bunVersion}`,
          KernelVersion: v.kernelVersion,
          MinAPIVersion: v.minApiVersion,
          Os: v.os,
        },
      },
      { Name: "bunker-helper", Version: `abi ${v.helperAbi}`, Details: { ABI: String(v.helperAbi) } },
    ],
    Version: v.version,
    ApiVersion: v.apiVersion,
    MinAPIVersion: v.minApiVersion,
    GitCommit: v.gitCommit,
    GoVersion: `bun${v.bunVersion}`,
    Os: v.os,
    Arch: v.arch,
    KernelVersion: v.kernelVersion,
    BuildTime: v.buildTime,
  };
}

/** Bunker's own facts inside GET /info (Docker clients ignore the extra key). */
export interface BunkerInfoWire {
  Rootless: boolean;
  Uid: number;
  User: string | null;
  UserNamespaces: {
    Works: boolean;
    Error?: string;
    MaxUserNamespaces: number | null;
    UnprivilegedUsernsClone: boolean | null;
    AppArmorRestricts: boolean | null;
  };
  SubordinateUids: { Start: number; Count: number }[];
  SubordinateGids: { Start: number; Count: number }[];
  IdMapTools: Record<string, { Path?: string; Usable: boolean; Reason?: string }>;
  Cgroups: { Version: 1 | 2; Driver: string; Delegated: boolean; Controllers: string[]; DelegationRoot?: string };
  Storage: { Driver: string; NativeOverlay: boolean; NativeOverlayError?: string; FuseOverlayfs?: string };
  UnprivilegedPortStart: number | null;
  PingGroupRange: [number, number] | null;
  ExecRoot: string;
  ConfigFile: string;
}

/** GET /info: the fields the docker CLI prints, plus `Bunker`. */
export type InfoWire = Record<string, unknown> & { Bunker: BunkerInfoWire; Warnings: string[] };

function ranges(list: { start: number; count: number }[]) {
  return list.map((r) => ({ Start: r.start, Count: r.count }));
}

export function infoWire(i: EngineInfo): InfoWire {
  const { host, snapshotter, config } = i;
  const cg = host.cgroups;
  const has = (c: string) => cg.controllers.includes(c as never);
  return {
    ID: i.id,
    Containers: i.counts.containers,
    ContainersRunning: i.counts.running,
    ContainersPaused: i.counts.paused,
    ContainersStopped: i.counts.stopped,
    Images: i.counts.images,
    Driver: snapshotter.name,
    DriverStatus: snapshotter.status,
    Plugins: { Volume: ["local"], Network: ["bridge", "host", "null"], Authorization: null, Log: ["json-file"] },
    MemoryLimit: has("memory"),
    SwapLimit: has("memory"),
    CpuCfsPeriod: has("cpu"),
    CpuCfsQuota: has("cpu"),
    CPUShares: has("cpu"),
    CPUSet: has("cpuset"),
    PidsLimit: has("pids"),
    IPv4Forwarding: true,
    BridgeNfIptables: false,
    BridgeNfIp6tables: false,
    Debug: i.logLevel === "debug",
    NFd: 0,
    OomKillDisable: false,
    NGoroutines: 0,
    SystemTime: i.systemTime,
    LoggingDriver: "json-file",
    CgroupDriver: cg.driver,
    CgroupVersion: String(cg.version),
    NEventsListener: 0,
    KernelVersion: host.kernelRelease,
    OperatingSystem: host.operatingSystem,
    OSVersion: "",
    OSType: "linux",
    Architecture: host.architecture,
    IndexServerAddress: "https://index.docker.io/v1/",
    RegistryConfig: {
      AllowNondistributableArtifactsCIDRs: null,
      AllowNondistributableArtifactsHostnames: null,
      InsecureRegistryCIDRs: ["127.0.0.0/8"],
      IndexConfigs: Object.fromEntries([
        ["docker.io", { Name: "docker.io", Mirrors: config.registryMirrors, Secure: true, Official: true }],
        ...config.insecureRegistries.map((r) => [r, { Name: r, Mirrors: [], Secure: false, Official: false }]),
      ]),
      Mirrors: config.registryMirrors,
    },
    NCPU: host.cpus,
    MemTotal: host.memTotalBytes,
    GenericResources: null,
    DockerRootDir: i.paths.dataRoot,
    HttpProxy: process.env.HTTP_PROXY ?? process.env.http_proxy ?? "",
    HttpsProxy: process.env.HTTPS_PROXY ?? process.env.https_proxy ?? "",
    NoProxy: process.env.NO_PROXY ?? process.env.no_proxy ?? "",
    Name: host.hostname,
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: i.serverVersion,
    Runtimes: { bunker: { path: "bunker" } },
    DefaultRuntime: "bunker",
    Swarm: { NodeID: "", NodeAddr: "", LocalNodeState: "inactive", ControlAvailable: false, Error: "", RemoteManagers: null },
    LiveRestoreEnabled: true,
    Isolation: "",
    InitBinary: "",
    ContainerdCommit: { ID: "", Expected: "" },
    RuncCommit: { ID: "", Expected: "" },
    InitCommit: { ID: "", Expected: "" },
    SecurityOptions: ["name=seccomp,profile=builtin", ...(host.rootless ? ["name=rootless"] : []), "name=cgroupns"],
    CDISpecDirs: [],
    Warnings: i.warnings.map((w) => `WARNING: ${w}`),
    Bunker: {
      Rootless: host.rootless,
      Uid: host.uid,
      User: host.username,
      UserNamespaces: {
        Works: i.userNamespaceProbe.ok,
        ...(i.userNamespaceProbe.ok ? {} : { Error: i.userNamespaceProbe.reason }),
        MaxUserNamespaces: host.userNamespaces.maxUserNamespaces,
        UnprivilegedUsernsClone: host.userNamespaces.unprivilegedUsernsClone,
        AppArmorRestricts: host.userNamespaces.apparmorRestricts,
      },
      SubordinateUids: ranges(host.subordinateIds.uids),
      SubordinateGids: ranges(host.subordinateIds.gids),
      IdMapTools: Object.fromEntries(
        Object.entries(host.idMapTools).map(([name, t]) => [name, { Path: t.path, Usable: t.usable, Reason: t.reason }]),
      ),
      Cgroups: {
        Version: cg.version,
        Driver: cg.driver,
        Delegated: cg.delegated,
        Controllers: [...cg.controllers],
        DelegationRoot: cg.v2?.delegationRoot,
      },
      Storage: {
        Driver: snapshotter.name,
        NativeOverlay: snapshotter.nativeOverlay,
        NativeOverlayError: snapshotter.nativeOverlayReason,
        FuseOverlayfs: snapshotter.fuseOverlayfs,
      },
      UnprivilegedPortStart: host.unprivilegedPortStart,
      PingGroupRange: host.pingGroupRange,
      ExecRoot: i.paths.execRoot,
      ConfigFile: i.paths.configFile,
    },
  };
}
