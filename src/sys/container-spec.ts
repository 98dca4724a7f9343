/**
 * The container spec as the C helper reads it (ffi/runtime.h, part 1): a flat buffer of
 * records `u16 tag, u16 0, u32 length (LE), payload`. encodeContainerSpec writes one;
 * checkContainerSpec has the helper's own parser validate it, so a bad spec fails here with
 * the helper's reason instead of inside a forked monitor.
 */
import { FFIType } from "bun:ffi";
import { InvalidArgument } from "../lib/index.ts";
import { bindHelper, withMessage } from "./_ffi.ts";
import { SyscallError } from "./syscall-error.ts";

/** Record tags (BUNKER_T_* in runtime.h). */
export const SpecTag = {
  rootfs: 1,
  arg: 2,
  env: 3,
  cwd: 4,
  hostname: 5,
  uid: 6,
  gid: 7,
  group: 8,
  flags: 9,
  mount: 10,
  maskedPath: 11,
  readonlyPath: 12,
  caps: 13,
  seccomp: 14,
  rlimit: 15,
  uidMap: 16,
  gidMap: 17,
  newuidmap: 18,
  newgidmap: 19,
  stateDir: 20,
  logPath: 21,
  logMaxSize: 22,
  logMaxFiles: 23,
  socketPath: 24,
  execPid: 25,
  consoleSize: 26,
  stopSignal: 27,
  usernsPath: 28,
  rootfsMount: 29,
  cgroupProcs: 40,
  netIface: 30,
  netnsPid: 31,
} as const;

/** BUNKER_F_* in runtime.h. */
export const SpecFlag = {
  tty: 1 << 0,
  stdin: 1 << 1,
  readonlyRootfs: 1 << 2,
  noNewPrivileges: 1 << 3,
  init: 1 << 4,
  newUserns: 1 << 5,
  newNetns: 1 << 6,
  newCgroupns: 1 << 7,
  waitStart: 1 << 8,
} as const;

/** RLIM_INFINITY for rlimits. */
export const RLIM_INFINITY = 0xffff_ffff_ffff_ffffn;

export interface ContainerMountRecord {
  kind: "bind" | "tmpfs";
  /** Host path for a bind; ignored for tmpfs ("tmpfs" is fine). */
  source: string;
  /** Absolute path inside the container. */
  target: string;
  /** tmpfs options, e.g. "size=65536k,mode=1777". */
  data?: string;
  readonly?: boolean;
  recursive?: boolean;
  nosuid?: boolean;
  nodev?: boolean;
  noexec?: boolean;
  /** The target is a file (created empty when missing), not a directory. */
  file?: boolean;
}

export interface IdMapRange {
  inside: number;
  outside: number;
  count: number;
}

export interface RlimitRecord {
  /** RLIMIT_* number (e.g. 7 = RLIMIT_NOFILE). */
  resource: number;
  soft: bigint;
  hard: bigint;
}

/** A TAP device the container's init creates (BUNKER_T_NET_IFACE); the monitor relays its
 * frames on `socketPath`, each behind a u32 big-endian length. */
export interface NetInterfaceRecord {
  name: string;
  /** "02:42:ac:11:00:02" */
  mac: string;
  ipv4: string;
  prefixLength: number;
  /** The default route goes via it. */
  gateway?: string;
  mtu: number;
  socketPath: string;
}

/** Everything one container process (or exec session) needs; mirrors the record tags. */
export interface ContainerSpecRecord {
  rootfs?: string;
  args: string[];
  env?: string[];
  cwd?: string;
  hostname?: string;
  uid?: number;
  gid?: number;
  groups?: number[];
  tty?: boolean;
  stdin?: boolean;
  readonlyRootfs?: boolean;
  noNewPrivileges?: boolean;
  init?: boolean;
  newUserns?: boolean;
  newNetns?: boolean;
  newCgroupns?: boolean;
  waitStart?: boolean;
  mounts?: ContainerMountRecord[];
  maskedPaths?: string[];
  readonlyPaths?: string[];
  /** Capability bit mask; undefined = leave the capabilities alone. */
  capabilities?: bigint;
  /** struct sock_filter[] (8 bytes each). */
  seccomp?: Buffer;
  rlimits?: RlimitRecord[];
  uidMap?: IdMapRange[];
  gidMap?: IdMapRange[];
  newuidmap?: string;
  newgidmap?: string;
  stateDir?: string;
  logPath?: string;
  logMaxSize?: bigint;
  logMaxFiles?: number;
  socketPath?: string;
  execPid?: number;
  consoleSize?: { rows: number; cols: number };
  stopSignal?: number;
  /** Join this user namespace (the daemon's shared one) instead of creating one. */
  usernsPath?: string;
  /**
   * A filesystem to mount on `rootfs` (an existing empty directory) in the container's mount
   * namespace before anything else, e.g. { type: "overlay", source: "overlay", options:
   * "lowerdir=/a:/b,upperdir=/u,workdir=/w,userxattr" } (userxattr inside a user namespace).
   * The options must fit in one page (mount(2)); checkContainerSpec says when they do not.
   */
  rootfsMount?: { type: string; source: string; options: string };
  /** cgroup.procs files the process moves itself into before anything else (then, for a
   * container with newCgroupns, it unshares its cgroup namespace there). */
  cgroupProcs?: string[];
  /** TAP devices in the container's new network namespace (newNetns), in index order. */
  netInterfaces?: NetInterfaceRecord[];
  /** Join the network namespace of this host pid instead of creating one (not with newNetns). */
  netnsPid?: number;
}

const MOUNT_KIND = { bind: 1, tmpfs: 2 } as const;
const MOUNT_FLAG = { readonly: 1, recursive: 2, nosuid: 4, nodev: 8, noexec: 16, file: 32 } as const;

function uint(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new InvalidArgument(`container spec: ${name} must be an integer from 0 to ${max}, not ${value}`);
  return value;
}

function u64(name: string, value: bigint): bigint {
  if (value < 0n || value > RLIM_INFINITY) throw new InvalidArgument(`container spec: ${name} must fit in 64 unsigned bits, not ${value}`);
  return value;
}

class Writer {
  private readonly parts: Buffer[] = [];

  record(tag: number, payload: Buffer): void {
    const head = Buffer.alloc(8);
    head.writeUInt16LE(tag, 0);
    head.writeUInt32LE(payload.length, 4);
    this.parts.push(head, payload);
  }
  string(tag: number, value: string | undefined): void {
    if (value !== undefined) this.record(tag, Buffer.from(`${value}\0`, "utf8"));
  }
  strings(tag: number, values: readonly string[] | undefined): void {
    for (const v of values ?? []) this.string(tag, v);
  }
  u32(tag: number, name: string, value: number | undefined): void {
    if (value === undefined) return;
    const b = Buffer.alloc(4);
    b.writeUInt32LE(uint(name, value, 0xffff_ffff));
    this.record(tag, b);
  }
  u64(tag: number, name: string, value: bigint | undefined): void {
    if (value === undefined) return;
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(u64(name, value));
    this.record(tag, b);
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function ipv4Bytes(name: string, text: string): Buffer {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new InvalidArgument(`container spec: ${name} is not an IPv4 address: "${text}"`);
  return Buffer.from(parts.map(Number));
}

function macBytes(name: string, text: string): Buffer {
  const parts = text.split(":");
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new InvalidArgument(`container spec: ${name} is not a MAC address: "${text}"`);
  return Buffer.from(parts.map((p) => Number.parseInt(p, 16)));
}

/** The BUNKER_T_NET_IFACE payload (also the monitor's NET_ADD frame): u32 mtu (LE), mac[6],
 * prefix, has_gateway, ipv4[4], gateway[4], name\0 socket\0. */
export function encodeNetInterface(f: NetInterfaceRecord): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt32LE(uint("netInterfaces[].mtu", f.mtu, 0xffff_ffff), 0);
  macBytes("netInterfaces[].mac", f.mac).copy(head, 4);
  head.writeUInt8(uint("netInterfaces[].prefixLength", f.prefixLength, 32), 10);
  head.writeUInt8(f.gateway === undefined ? 0 : 1, 11);
  ipv4Bytes("netInterfaces[].ipv4", f.ipv4).copy(head, 12);
  if (f.gateway !== undefined) ipv4Bytes("netInterfaces[].gateway", f.gateway).copy(head, 16);
  return Buffer.concat([head, Buffer.from(`${f.name}\0${f.socketPath}\0`, "utf8")]);
}

function mapLine(name: string, r: IdMapRange): string {
  return `${uint(`${name}.inside`, r.inside, 0xffff_ffff)} ${uint(`${name}.outside`, r.outside, 0xffff_ffff)} ${uint(`${name}.count`, r.count, 0xffff_ffff)}`;
}

/** The record buffer for a spec. Throws InvalidArgument for numbers out of range; the rest
 * (paths, NUL bytes, limits) is the helper's to judge: see checkContainerSpec. */
export function encodeContainerSpec(spec: ContainerSpecRecord): Buffer {
  const w = new Writer();
  w.string(SpecTag.rootfs, spec.rootfs);
  w.strings(SpecTag.arg, spec.args);
  w.strings(SpecTag.env, spec.env);
  w.string(SpecTag.cwd, spec.cwd);
  w.string(SpecTag.hostname, spec.hostname);
  w.u32(SpecTag.uid, "uid", spec.uid);
  w.u32(SpecTag.gid, "gid", spec.gid);
  for (const g of spec.groups ?? []) w.u32(SpecTag.group, "groups[]", g);
  let flags = 0;
  for (const [key, bit] of Object.entries(SpecFlag)) if (spec[key as keyof typeof SpecFlag]) flags |= bit;
  w.u32(SpecTag.flags, "flags", flags);
  for (const m of spec.mounts ?? []) {
    const head = Buffer.alloc(8);
    head.writeUInt32LE(MOUNT_KIND[m.kind] ?? 0, 0);
    let mf = 0;
    for (const [key, bit] of Object.entries(MOUNT_FLAG)) if (m[key as keyof typeof MOUNT_FLAG]) mf |= bit;
    head.writeUInt32LE(mf, 4);
    w.record(SpecTag.mount, Buffer.concat([head, Buffer.from(`${m.source}\0${m.target}\0${m.data ?? ""}\0`, "utf8")]));
  }
  w.strings(SpecTag.maskedPath, spec.maskedPaths);
  w.strings(SpecTag.readonlyPath, spec.readonlyPaths);
  w.u64(SpecTag.caps, "capabilities", spec.capabilities);
  if (spec.seccomp !== undefined) w.record(SpecTag.seccomp, spec.seccomp);
  for (const r of spec.rlimits ?? []) {
    const b = Buffer.alloc(24);
    b.writeUInt32LE(uint("rlimits[].resource", r.resource, 0xffff_ffff), 0);
    b.writeBigUInt64LE(u64("rlimits[].soft", r.soft), 8);
    b.writeBigUInt64LE(u64("rlimits[].hard", r.hard), 16);
    w.record(SpecTag.rlimit, b);
  }
  w.strings(SpecTag.uidMap, spec.uidMap?.map((r) => mapLine("uidMap", r)));
  w.strings(SpecTag.gidMap, spec.gidMap?.map((r) => mapLine("gidMap", r)));
  w.string(SpecTag.newuidmap, spec.newuidmap);
  w.string(SpecTag.newgidmap, spec.newgidmap);
  w.string(SpecTag.stateDir, spec.stateDir);
  w.string(SpecTag.logPath, spec.logPath);
  w.u64(SpecTag.logMaxSize, "logMaxSize", spec.logMaxSize);
  w.u32(SpecTag.logMaxFiles, "logMaxFiles", spec.logMaxFiles);
  w.string(SpecTag.socketPath, spec.socketPath);
  w.u32(SpecTag.execPid, "execPid", spec.execPid);
  if (spec.consoleSize !== undefined) {
    const b = Buffer.alloc(4);
    b.writeUInt16LE(uint("consoleSize.rows", spec.consoleSize.rows, 0xffff), 0);
    b.writeUInt16LE(uint("consoleSize.cols", spec.consoleSize.cols, 0xffff), 2);
    w.record(SpecTag.consoleSize, b);
  }
  w.u32(SpecTag.stopSignal, "stopSignal", spec.stopSignal);
  w.string(SpecTag.usernsPath, spec.usernsPath);
  if (spec.rootfsMount !== undefined) {
    const { type, source, options } = spec.rootfsMount;
    w.record(SpecTag.rootfsMount, Buffer.from(`${type}\0${source}\0${options}\0`, "utf8"));
  }
  w.strings(SpecTag.cgroupProcs, spec.cgroupProcs);
  for (const f of spec.netInterfaces ?? []) w.record(SpecTag.netIface, encodeNetInterface(f));
  w.u32(SpecTag.netnsPid, "netnsPid", spec.netnsPid);
  return w.done();
}

const { i32, u32, ptr } = FFIType;
const specHelper = bindHelper({
  bunker_spec_check: { args: [ptr, u32, ptr, i32], returns: i32 },
});

const EINVAL = 22;

/** Has the helper parse `buf` as it will in the monitor. Throws InvalidArgument with the
 * helper's reason (e.g. "spec: tag 1 (rootfs) at offset 0: path must be absolute: ...");
 * SyscallError for any other failure. */
export function checkContainerSpec(buf: Buffer): void {
  // bun:ffi passes an empty buffer as NULL: give it a byte to point at.
  const data = buf.length > 0 ? buf : Buffer.alloc(1);
  const { rc, message } = withMessage((msg, len) => specHelper().bunker_spec_check(data, buf.length, msg, len));
  if (rc === -EINVAL) throw new InvalidArgument(message);
  if (rc < 0) throw SyscallError.fromReturn(rc, message);
}
