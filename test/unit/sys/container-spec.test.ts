import { describe, expect, test } from "bun:test";
import { InvalidArgument } from "../../../src/lib/index.ts";
import { checkContainerSpec, encodeContainerSpec, RLIM_INFINITY, SpecTag, type ContainerSpecRecord } from "../../../src/sys/index.ts";

/** One raw record, for building buffers the encoder would never make. */
function record(tag: number, payload: Buffer | string, reserved = 0): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const head = Buffer.alloc(8);
  head.writeUInt16LE(tag, 0);
  head.writeUInt16LE(reserved, 2);
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}
const str = (tag: number, s: string) => record(tag, `${s}\0`);
const minimal = () => [str(SpecTag.rootfs, "/r"), str(SpecTag.arg, "sh")];

/** The message checkContainerSpec throws (or "" when it accepts). */
function refusal(buf: Buffer): string {
  try {
    checkContainerSpec(buf);
    return "";
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgument);
    return (err as Error).message;
  }
}

const full: ContainerSpecRecord = {
  rootfs: "/var/lib/bunker/containers/abc/rootfs",
  args: ["/bin/sh", "-c", "echo hi"],
  env: ["PATH=/bin", "A=b=c", "EMPTY="],
  cwd: "/work",
  hostname: "abc123",
  uid: 1000,
  gid: 1000,
  groups: [1000, 2000],
  tty: true,
  stdin: true,
  readonlyRootfs: true,
  noNewPrivileges: true,
  init: true,
  newUserns: true,
  newNetns: true,
  newCgroupns: true,
  waitStart: true,
  mounts: [
    { kind: "bind", source: "/home/u/data", target: "/data", readonly: true, recursive: true },
    { kind: "tmpfs", source: "tmpfs", target: "/run", data: "size=65536k,mode=755", nosuid: true, nodev: true, noexec: true },
    { kind: "bind", source: "/etc/resolv.conf", target: "/etc/resolv.conf", file: true },
  ],
  maskedPaths: ["/proc/kcore", "/sys/firmware"],
  readonlyPaths: ["/proc/sys"],
  capabilities: 0xa80425fbn,
  seccomp: Buffer.alloc(16),
  rlimits: [{ resource: 7, soft: 1024n, hard: RLIM_INFINITY }],
  uidMap: [{ inside: 0, outside: 1001, count: 1 }, { inside: 1, outside: 100000, count: 65536 }],
  gidMap: [{ inside: 0, outside: 1001, count: 1 }],
  newuidmap: "/usr/bin/newuidmap",
  newgidmap: "/usr/bin/newgidmap",
  stateDir: "/run/user/1001/bunker/abc",
  logPath: "/home/u/.local/share/bunker/containers/abc/abc-json.log",
  logMaxSize: 10n * 1024n * 1024n,
  logMaxFiles: 3,
  socketPath: "/run/user/1001/bunker/abc/attach.sock",
  consoleSize: { rows: 24, cols: 80 },
  stopSignal: 15,
};

describe("encodeContainerSpec", () => {
  test("a spec with every field passes the helper's parser", () => {
    expect(refusal(encodeContainerSpec(full))).toBe("");
    expect(refusal(encodeContainerSpec({ args: ["hostname"], execPid: 4242, tty: true }))).toBe("");
  });

  test("records are tag, zero, length, payload; strings end in NUL; repeated tags keep order", () => {
    const buf = encodeContainerSpec({ rootfs: "/r", args: ["a", "bc"], uid: 7 });
    expect([...buf.subarray(0, 8)]).toEqual([1, 0, 0, 0, 3, 0, 0, 0]);
    expect(buf.subarray(8, 11).toString("latin1")).toBe("/r\0");
    expect(buf.readUInt16LE(11)).toBe(SpecTag.arg);
    expect(buf.subarray(19, 21).toString("latin1")).toBe("a\0");
    expect(buf.readUInt16LE(21)).toBe(SpecTag.arg);
    expect(buf.subarray(29, 32).toString("latin1")).toBe("bc\0");
    expect(buf.readUInt16LE(32)).toBe(SpecTag.uid);
    expect(buf.readUInt32LE(40)).toBe(7);
    expect(buf.readUInt16LE(44)).toBe(SpecTag.flags);
    expect(buf.readUInt32LE(52)).toBe(0);
    expect(buf.length).toBe(56);
  });

  test("flags, mounts, maps and rlimits are laid out as runtime.h says", () => {
    const buf = encodeContainerSpec({
      rootfs: "/r",
      args: ["x"],
      tty: true,
      newUserns: true,
      waitStart: true,
      mounts: [{ kind: "tmpfs", source: "tmpfs", target: "/t", data: "size=1k", readonly: true, noexec: true }],
      uidMap: [{ inside: 0, outside: 1001, count: 1 }],
      rlimits: [{ resource: 7, soft: 5n, hard: RLIM_INFINITY }],
    });
    const records = new Map<number, Buffer[]>();
    for (let off = 0; off < buf.length; ) {
      const tag = buf.readUInt16LE(off);
      const len = buf.readUInt32LE(off + 4);
      records.set(tag, [...(records.get(tag) ?? []), buf.subarray(off + 8, off + 8 + len)]);
      off += 8 + len;
    }
    expect(records.get(SpecTag.flags)?.[0]?.readUInt32LE(0)).toBe(1 | 32 | 256);
    const mount = records.get(SpecTag.mount)?.[0];
    expect(mount?.readUInt32LE(0)).toBe(2);
    expect(mount?.readUInt32LE(4)).toBe(1 | 16);
    expect(mount?.subarray(8).toString()).toBe("tmpfs\0/t\0size=1k\0");
    expect(records.get(SpecTag.uidMap)?.[0]?.toString()).toBe("0 1001 1\0");
    const rl = records.get(SpecTag.rlimit)?.[0];
    expect(rl?.length).toBe(24);
    expect(rl?.readBigUInt64LE(16)).toBe(RLIM_INFINITY);
  });

  test("numbers out of range are refused before the helper sees them", () => {
    expect(() => encodeContainerSpec({ args: ["x"], uid: -1 })).toThrow(InvalidArgument);
    expect(() => encodeContainerSpec({ args: ["x"], uid: 2 ** 32 })).toThrow("uid must be an integer");
    expect(() => encodeContainerSpec({ args: ["x"], capabilities: 1n << 64n })).toThrow(InvalidArgument);
    expect(() => encodeContainerSpec({ args: ["x"], consoleSize: { rows: 70000, cols: 1 } })).toThrow("consoleSize.rows");
  });
});

describe("checkContainerSpec refuses malformed buffers with the reason", () => {
  test("truncated: a header cut short, a record longer than the buffer", () => {
    const good = Buffer.concat(minimal());
    expect(refusal(good.subarray(0, good.length - 1))).toContain("truncated: the record runs past the end");
    expect(refusal(Buffer.concat([good, Buffer.from([2, 0, 0])]))).toContain("truncated record header at offset 22");
  });

  test("strings without their NUL, or with one inside", () => {
    expect(refusal(Buffer.concat([record(SpecTag.rootfs, "/r"), str(SpecTag.arg, "sh")]))).toBe(
      "spec: tag 1 (rootfs) at offset 0: string is not NUL-terminated",
    );
    expect(refusal(Buffer.concat([...minimal(), str(SpecTag.arg, "a\0b")]))).toContain("tag 2 (arg) at offset 22: string has a NUL byte inside");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], env: ["A=1\0B=2"] }))).toContain("(env)");
    expect(refusal(Buffer.concat([...minimal(), record(SpecTag.arg, "")]))).toContain("not NUL-terminated");
  });

  test("too many args, env entries, mounts", () => {
    const args = Array.from({ length: 1025 }, (_, i) => `a${i}`);
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: args.slice(0, 1024) }))).toBe("");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args }))).toContain("too many args (limit 1024)");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["x"], env: args.map((a) => `${a}=1`) }))).toContain("too many env entries");
    const mounts = Array.from({ length: 129 }, (_, i) => ({ kind: "tmpfs" as const, source: "tmpfs", target: `/m${i}` }));
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["x"], mounts }))).toContain("too many mounts (limit 128)");
  });

  test("relative paths where a path is required", () => {
    expect(refusal(encodeContainerSpec({ rootfs: "rootfs", args: ["sh"] }))).toBe('spec: tag 1 (rootfs) at offset 0: path must be absolute: "rootfs"');
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], cwd: "work" }))).toContain("tag 4 (cwd)");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], mounts: [{ kind: "bind", source: "/a", target: "b" }] }))).toContain(
      'mount target must be absolute: "b"',
    );
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], mounts: [{ kind: "bind", source: "a", target: "/b" }] }))).toContain(
      "bind source must be absolute",
    );
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], maskedPaths: ["proc/kcore"] }))).toContain("(masked path)");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], newuidmap: "newuidmap" }))).toContain("(newuidmap)");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], socketPath: `/${"s".repeat(120)}` }))).toContain("unix socket path");
  });

  test("unknown tags, reserved bytes, wrong sizes, duplicates, bad values", () => {
    expect(refusal(Buffer.concat([...minimal(), record(99, Buffer.alloc(4))]))).toBe("spec: tag 99 at offset 22: unknown tag");
    expect(refusal(Buffer.concat([...minimal(), record(SpecTag.uid, Buffer.alloc(4), 1)]))).toContain("reserved header bytes");
    expect(refusal(Buffer.concat([...minimal(), record(SpecTag.uid, Buffer.alloc(2))]))).toContain("tag 6 (uid) at offset 22: length must be 4");
    expect(refusal(Buffer.concat([...minimal(), record(SpecTag.caps, Buffer.alloc(4))]))).toContain("length must be 8");
    expect(refusal(Buffer.concat([...minimal(), str(SpecTag.rootfs, "/again")]))).toContain("tag 1 (rootfs) at offset 22: given more than once");
    expect(refusal(Buffer.concat([...minimal(), record(SpecTag.flags, Buffer.from([0, 0, 0, 1]))]))).toContain("unknown flag bits");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], seccomp: Buffer.alloc(12) }))).toContain("multiple of 8");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], rlimits: [{ resource: 7, soft: 2n, hard: 1n }] }))).toContain("soft limit above");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], rlimits: [{ resource: 99, soft: 1n, hard: 1n }] }))).toContain("unknown resource");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], env: ["NOEQUALS"] }))).toContain("not K=V");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], uidMap: [{ inside: 0, outside: 1, count: 0 }] }))).toContain("inside outside count");
    expect(refusal(Buffer.concat([...minimal(), str(SpecTag.uidMap, "0 1001")]))).toContain("(uid map)");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], logMaxFiles: 0 }))).toContain("at least 1");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], stopSignal: 0 }))).toContain("not a signal number");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: ["sh"], hostname: "h".repeat(65) }))).toContain("longer than 64");
    const mount = Buffer.concat([Buffer.alloc(8), Buffer.from("a\0/b\0")]);
    mount.writeUInt32LE(1, 0);
    expect(refusal(Buffer.concat([...minimal(), record(SpecTag.mount, mount)]))).toContain("mount strings are not NUL-terminated");
    mount.writeUInt32LE(3, 0);
    expect(refusal(Buffer.concat([...minimal(), record(SpecTag.mount, Buffer.concat([mount, Buffer.from([0])]))]))).toContain("unknown mount kind");
  });

  test("the whole spec needs a command and a rootfs (or an exec pid)", () => {
    expect(refusal(Buffer.alloc(0))).toBe("spec: no command (no arg record)");
    expect(refusal(encodeContainerSpec({ args: ["sh"] }))).toBe("spec: no rootfs (and no exec pid)");
    expect(refusal(encodeContainerSpec({ rootfs: "/r", args: [""] }))).toContain("argv[0]) is empty");
  });
});
