import { InvalidArgument } from "../../lib/index.ts";

/** Linux capability numbers (linux/capability.h), by Docker's names without the CAP_ prefix. */
export const capabilityNumbers: Record<string, number> = {
  CHOWN: 0, DAC_OVERRIDE: 1, DAC_READ_SEARCH: 2, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7,
  SETPCAP: 8, LINUX_IMMUTABLE: 9, NET_BIND_SERVICE: 10, NET_BROADCAST: 11, NET_ADMIN: 12, NET_RAW: 13,
  IPC_LOCK: 14, IPC_OWNER: 15, SYS_MODULE: 16, SYS_RAWIO: 17, SYS_CHROOT: 18, SYS_PTRACE: 19,
  SYS_PACCT: 20, SYS_ADMIN: 21, SYS_BOOT: 22, SYS_NICE: 23, SYS_RESOURCE: 24, SYS_TIME: 25,
  SYS_TTY_CONFIG: 26, MKNOD: 27, LEASE: 28, AUDIT_WRITE: 29, AUDIT_CONTROL: 30, SETFCAP: 31,
  MAC_OVERRIDE: 32, MAC_ADMIN: 33, SYSLOG: 34, WAKE_ALARM: 35, BLOCK_SUSPEND: 36, AUDIT_READ: 37,
  PERFMON: 38, BPF: 39, CHECKPOINT_RESTORE: 40,
};

/** Docker's default set: what a container's root may do unless told otherwise. */
export const defaultCapabilities = [
  "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP",
  "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE",
] as const;

function normalize(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith("CAP_") ? upper.slice(4) : upper;
}

/**
 * The capability names a container gets: the default set (or all with --privileged), plus
 * --cap-add, minus --cap-drop, as Docker applies them ("ALL" works in both; drop wins over a
 * default, add wins over a drop of ALL). Unknown names are refused.
 */
export function effectiveCapabilities(opts: { add?: string[]; drop?: string[]; privileged?: boolean }): string[] {
  const all = Object.keys(capabilityNumbers);
  const check = (n: string) => {
    if (n !== "ALL" && !(n in capabilityNumbers)) throw new InvalidArgument(`invalid capability: ${JSON.stringify(`CAP_${n}`)}`);
    return n;
  };
  const add = (opts.add ?? []).map(normalize).map(check);
  const drop = (opts.drop ?? []).map(normalize).map(check);
  if (opts.privileged) return all;
  let caps = new Set<string>(defaultCapabilities);
  if (drop.includes("ALL")) caps = new Set();
  else for (const c of drop) caps.delete(c);
  if (add.includes("ALL")) for (const c of all) caps.add(c);
  else for (const c of add) caps.add(c);
  return all.filter((c) => caps.has(c));
}

/** The kernel bit mask for a list of capability names. */
export function capabilityMask(names: string[]): bigint {
  let mask = 0n;
  for (const n of names) mask |= 1n << BigInt(capabilityNumbers[normalize(n)]!);
  return mask;
}
