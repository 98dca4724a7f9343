/**
 * The shapes detectCgroups() works with. All cgroup paths are as /proc/self/cgroup writes them
 * ("/user.slice/…"), not filesystem paths; mount points are as mountinfo writes them (no fsRoot).
 */

/** Where detectCgroups() reads the host from; every field has a real default. */
export interface CgroupEnv {
  /** Text of /proc/self/mountinfo. */
  mountinfo: string;
  /** Text of /proc/self/cgroup. */
  selfCgroup: string;
  /** The uid that will manage cgroups (default: process.getuid()). */
  uid: number;
  /** The uid's user name, for v1's `<mount>/user/<name>` (default: looked up in /etc/passwd). */
  username?: string;
  /** Prefix put before every mount point when touching the filesystem (tests: a temp dir). */
  fsRoot?: string;
}

/** The cgroup controllers Bunker uses for resource limits. "io" is "blkio" on cgroup v1. */
export type LimitController = "memory" | "pids" | "cpu" | "io" | "blkio" | "cpuset";

/** What the unified (v2) hierarchy offers this process. */
export interface CgroupV2Facts {
  mountPoint: string;
  /** The process's own cgroup (the "0::" line). */
  ownPath: string;
  /** The topmost cgroup the uid may manage, when there is one. */
  delegationRoot?: string;
  /** cgroup.controllers of the delegation root (else of the own cgroup): what can be enabled below it. */
  controllers: string[];
  /** cgroup.subtree_control of the same cgroup: what is already enabled for its children. */
  subtreeControl: string[];
}

/** One v1 hierarchy, as seen for one of its controllers. */
export interface CgroupV1Hierarchy {
  mountPoint: string;
  /** The process's cgroup in this hierarchy. */
  ownPath: string;
  /** The cgroup the uid may create children in, when there is one. */
  delegatedPath?: string;
}

export interface CgroupV1Facts {
  /** Keyed by controller name; co-mounted controllers (cpu,cpuacct) share one entry's values. Named hierarchies appear as "name=systemd". */
  controllers: Record<string, CgroupV1Hierarchy>;
}

/** Everything `bunker info` shows about cgroups. */
export interface CgroupFacts {
  /** 2 when cgroup2 is mounted at /sys/fs/cgroup (pure unified); 1 when v1 controller hierarchies exist (hybrid counts as 1). */
  version: 1 | 2;
  /** "systemd" when the process's v2 cgroup lies in the uid's systemd user manager (user@UID.service), else "cgroupfs". */
  driver: "cgroupfs" | "systemd";
  /** True when Bunker may create cgroups for containers (v2: a delegation root exists; v1: some controller hierarchy is delegated). */
  delegated: boolean;
  v2?: CgroupV2Facts;
  v1?: CgroupV1Facts;
  /** Limit controllers Bunker can use, in the order memory, pids, cpu, io (blkio on v1), cpuset. */
  controllers: LimitController[];
  /** One sentence each: what is missing and how to fix it. */
  warnings: string[];
}
