/**
 * collectHostFacts(): what `bunker info` and GET /info show about the host, read from files and
 * Node's os module only. Nothing here forks a probe; the user-namespace and overlay probes come
 * from sys/ and are added by the caller.
 */
import { closeSync, openSync, readFileSync } from "node:fs";
import os from "node:os";
import { detectCgroups } from "./cgroups/detect.ts";
import type { CgroupFacts } from "./cgroups/cgroup-facts.ts";
import { readSubordinateIds, type SubordinateIds } from "./idmap/subids.ts";
import { findIdMapTools, type IdMapTools } from "./idmap/tools.ts";
import { lookupUserName } from "./idmap/user-name.ts";

/** Kernel switches that decide whether an unprivileged user may create user namespaces; null when the file is absent. */
export interface UserNamespaceFacts {
  /** /proc/sys/user/max_user_namespaces (0 forbids them). */
  maxUserNamespaces: number | null;
  /** /proc/sys/kernel/unprivileged_userns_clone (Debian/Ubuntu kernels; false forbids them). */
  unprivilegedUsernsClone: boolean | null;
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu 23.10+; true restricts them). */
  apparmorRestricts: boolean | null;
}

export interface HostFacts {
  /** os.release(), e.g. "6.1.0-18-amd64". */
  kernelRelease: string;
  /** PRETTY_NAME of /etc/os-release, else "Linux". */
  operatingSystem: string;
  /** As `uname -m` says it (Docker's names): x86_64, aarch64, … */
  architecture: string;
  cpus: number;
  memTotalBytes: number;
  hostname: string;
  uid: number;
  /** Null when the uid has no passwd entry. */
  username: string | null;
  /** True unless running as uid 0. */
  rootless: boolean;
  userNamespaces: UserNamespaceFacts;
  /** The user's ranges in /etc/subuid and /etc/subgid. */
  subordinateIds: SubordinateIds;
  idMapTools: IdMapTools;
  cgroups: CgroupFacts;
  /** /proc/sys/net/ipv4/ip_unprivileged_port_start: the lowest port anyone may bind. */
  unprivilegedPortStart: number | null;
  /** /proc/sys/net/ipv4/ping_group_range: gids allowed ICMP echo sockets, [first, last]; null when absent. */
  pingGroupRange: [number, number] | null;
  /** Whether this user can open /dev/net/tun (containers' network interfaces are TAP devices). */
  tun: TunFacts;
}

/** Whether /dev/net/tun opens; `reason` says why not, in words for an error message. */
export type TunFacts = { ok: true } | { ok: false; reason: string };

/** Opens and closes /dev/net/tun (opening creates no device). */
export function probeTun(path = "/dev/net/tun"): TunFacts {
  try {
    closeSync(openSync(path, "r+"));
    return { ok: true };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === "EACCES" || e.code === "EPERM" ? "permission denied" : e.code === "ENOENT" ? "no such device node" : (e.code ?? e.message);
    return { ok: false, reason: `cannot open ${path}: ${why} (make it 0666 as udev does, or use --network none)` };
  }
}

/** Node's os.arch() names mapped to uname -m, for runtimes without os.machine(). */
const UNAME_OF_ARCH: Record<string, string> = {
  x64: "x86_64", arm64: "aarch64", arm: "armv7l", ia32: "i686", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64", loong64: "loongarch64",
};

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function readInteger(path: string): number | null {
  const text = readText(path)?.trim();
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : null;
}

function readFlag(path: string): boolean | null {
  const n = readInteger(path);
  return n === null ? null : n !== 0;
}

/** PRETTY_NAME from os-release text (quotes and backslash escapes removed), or undefined. */
export function prettyName(osRelease: string): string | undefined {
  const line = osRelease.split("\n").find((l) => l.startsWith("PRETTY_NAME="));
  if (line === undefined) return undefined;
  let value = line.slice("PRETTY_NAME=".length).trim();
  const q = value[0];
  if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) value = value.slice(1, -1);
  value = value.replace(/\\(.)/g, "$1");
  return value === "" ? undefined : value;
}

function architecture(): string {
  const machine = typeof os.machine === "function" ? os.machine() : "";
  return machine || (UNAME_OF_ARCH[os.arch()] ?? os.arch());
}

function pingGroupRange(root: string): [number, number] | null {
  const parts = readText(`${root}/proc/sys/net/ipv4/ping_group_range`)?.trim().split(/\s+/).map(Number);
  if (parts?.length !== 2 || parts.some((n) => !Number.isInteger(n))) return null;
  return [parts[0] as number, parts[1] as number];
}

/**
 * Where collectHostFacts() reads from. Every field has the real host as its default; tests and
 * `bunker setup` checks point `root` at a fake tree (proc/sys/…, etc/subuid, etc/passwd,
 * dev/net/tun, proc/self/mountinfo and cgroup, sys/fs/cgroup/…) and `pathEnv` at fake tools.
 */
export interface HostFactsSource {
  /** Prefix before every absolute path read ("" = the real root). */
  root?: string;
  uid?: number;
  /** The PATH searched for newuidmap/newgidmap (default: $PATH, then /usr/bin, /usr/sbin, /bin under root). */
  pathEnv?: string;
  /** The getcap program (null: none); default: searched on the PATH. */
  getcap?: string | null;
  kernelRelease?: string;
}

/** Reads the host facts. Synchronous: files, os, and at most two getcap runs. */
export function collectHostFacts(source: HostFactsSource = {}): HostFacts {
  const root = source.root ?? "";
  const uid = source.uid ?? process.getuid?.() ?? 0;
  const passwd = root ? (readText(`${root}/etc/passwd`) ?? "") : undefined;
  const username = lookupUserName(uid, passwd) ?? null;
  const osRelease = readText(`${root}/etc/os-release`) ?? readText(`${root}/usr/lib/os-release`) ?? "";
  const toolOptions = root ? { extraDirs: ["/usr/bin", "/usr/sbin", "/bin"].map((d) => root + d), getcap: source.getcap } : { getcap: source.getcap };
  return {
    kernelRelease: source.kernelRelease ?? os.release(),
    operatingSystem: prettyName(osRelease) ?? "Linux",
    architecture: architecture(),
    cpus: typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length,
    memTotalBytes: os.totalmem(),
    hostname: os.hostname(),
    uid,
    username,
    rootless: uid !== 0,
    userNamespaces: {
      maxUserNamespaces: readInteger(`${root}/proc/sys/user/max_user_namespaces`),
      unprivilegedUsernsClone: readFlag(`${root}/proc/sys/kernel/unprivileged_userns_clone`),
      apparmorRestricts: readFlag(`${root}/proc/sys/kernel/apparmor_restrict_unprivileged_userns`),
    },
    subordinateIds: readSubordinateIds({ name: username ?? String(uid), uid }, { subuid: `${root}/etc/subuid`, subgid: `${root}/etc/subgid` }),
    idMapTools: findIdMapTools(source.pathEnv ?? process.env.PATH ?? "", toolOptions),
    cgroups: detectCgroups({
      uid,
      username: username ?? undefined,
      ...(root ? { fsRoot: root, mountinfo: readText(`${root}/proc/self/mountinfo`) ?? "", selfCgroup: readText(`${root}/proc/self/cgroup`) ?? "" } : {}),
    }),
    unprivilegedPortStart: readInteger(`${root}/proc/sys/net/ipv4/ip_unprivileged_port_start`),
    pingGroupRange: pingGroupRange(root),
    tun: probeTun(`${root}/dev/net/tun`),
  };
}
