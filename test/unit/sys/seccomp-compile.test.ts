import { describe, expect, test } from "bun:test";
import { InvalidArgument } from "../../../src/lib/index.ts";
import {
  compileSeccomp,
  encodeSeccompRules,
  seccompKnowsSyscall,
  seccompSelfTest,
  seccompSyscallNumber,
  SyscallError,
  type SeccompCompileInput,
} from "../../../src/sys/index.ts";

const EINVAL = 22, ENOSYS = 38;
const allow = { kind: "allow" } as const;
const eperm = { kind: "errno", errno: 1 } as const;
const isX64 = process.arch === "x64";

/** Allow everything except what `rules` say. */
function allowAllBut(rules: SeccompCompileInput["rules"]): Buffer {
  return compileSeccomp({ defaultAction: allow, architectures: [], rules });
}

describe("encodeSeccompRules", () => {
  test("writes the documented header and records", () => {
    const b = encodeSeccompRules({
      defaultAction: { kind: "errno", errno: 1 },
      architectures: ["x86_64"],
      rules: [{ syscall: "clone", action: allow, args: [{ index: 0, op: "masked-eq", value: 0x7e020000, valueTwo: 0 }] }],
    });
    expect(b.subarray(0, 4).toString("ascii")).toBe("BKSC");
    expect(b.readUInt32LE(4)).toBe(1);
    expect(b.readUInt32LE(8)).toBe((2 << 16) | 1);
    expect(b.readUInt32LE(12)).toBe(1);
    expect(b.readUInt32LE(16)).toBe(1);
    expect(b[20]).toBe(6);
    expect(b.subarray(21, 27).toString()).toBe("x86_64");
    const rule = 27;
    expect(b.readUInt32LE(rule)).toBe(1 << 16);
    expect(b[rule + 4]).toBe(5);
    expect(b[rule + 5]).toBe(1);
    expect(b.subarray(rule + 8, rule + 13).toString()).toBe("clone");
    const cmp = rule + 13;
    expect([b[cmp], b[cmp + 1]]).toEqual([0, 7]);
    expect(b.readBigUInt64LE(cmp + 8)).toBe(0x7e020000n);
    expect(b.length).toBe(cmp + 24);
  });

  test("refuses what the C side could not represent", () => {
    const bad: [string, SeccompCompileInput][] = [
      ["errno 5000", { defaultAction: { kind: "errno", errno: 5000 }, architectures: [], rules: [] }],
      ["index 6", { defaultAction: allow, architectures: [], rules: [{ syscall: "read", action: eperm, args: [{ index: 6, op: "eq", value: 1 }] }] }],
      ["same index twice", { defaultAction: allow, architectures: [], rules: [{ syscall: "read", action: eperm, args: [{ index: 0, op: "eq", value: 1 }, { index: 0, op: "eq", value: 2 }] }] }],
      ["negative value", { defaultAction: allow, architectures: [], rules: [{ syscall: "read", action: eperm, args: [{ index: 0, op: "eq", value: -1 }] }] }],
      ["unsafe number", { defaultAction: allow, architectures: [], rules: [{ syscall: "read", action: eperm, args: [{ index: 0, op: "eq", value: 2 ** 60 }] }] }],
      ["odd name", { defaultAction: allow, architectures: [], rules: [{ syscall: "read;", action: eperm }] }],
    ];
    for (const [what, input] of bad) expect(() => encodeSeccompRules(input), what).toThrow(InvalidArgument);
    // 64-bit values travel as bigint.
    expect(() => encodeSeccompRules({ defaultAction: allow, architectures: [], rules: [{ syscall: "read", action: eperm, args: [{ index: 0, op: "eq", value: 2n ** 63n }] }] })).not.toThrow();
  });
});

describe("compileSeccomp", () => {
  test("makes a BPF program: whole 8-byte instructions", () => {
    const bpf = allowAllBut([{ syscall: "getpid", action: { kind: "errno", errno: ENOSYS } }]);
    expect(bpf.length).toBeGreaterThan(0);
    expect(bpf.length % 8).toBe(0);
  });

  test("skips syscall names libseccomp does not know", () => {
    const rules = [{ syscall: "getpid", action: { kind: "errno", errno: ENOSYS } } as const];
    const plain = allowAllBut(rules);
    const withUnknown = allowAllBut([...rules, { syscall: "no_such_syscall_at_all", action: eperm }]);
    expect(withUnknown.equals(plain)).toBe(true);
    expect(seccompKnowsSyscall("no_such_syscall_at_all")).toBe(false);
    expect(seccompKnowsSyscall("getpid")).toBe(true);
  });

  test("skips rules whose action is the default action", () => {
    const plain = allowAllBut([]);
    expect(allowAllBut([{ syscall: "read", action: allow }]).equals(plain)).toBe(true);
    expect(allowAllBut([{ syscall: "read", action: eperm }]).equals(plain)).toBe(false);
  });

  test("adds the other architectures and can target a foreign one", () => {
    const rules = [{ syscall: "getpid", action: eperm }];
    const native = compileSeccomp({ defaultAction: allow, architectures: [], rules });
    const multi = compileSeccomp({ defaultAction: allow, architectures: ["x86_64", "x86", "x32"], rules });
    const arm = compileSeccomp({ defaultAction: allow, architectures: ["aarch64", "arm"], rules });
    expect(multi.length).toBeGreaterThan(native.length);
    expect(arm.equals(multi)).toBe(false);
    expect(() => compileSeccomp({ defaultAction: allow, architectures: ["vax"], rules })).toThrow(/unknown architecture "vax"/);
  });

  test("resolves syscall numbers per architecture", () => {
    expect(seccompSyscallNumber("getpid", "x86_64")).toBe(39);
    expect(seccompSyscallNumber("getpid", "x86")).toBe(20);
    expect(seccompSyscallNumber("getpid", "aarch64")).toBe(172);
    expect(seccompSyscallNumber("socketcall", "x86")).toBe(102);
    expect(seccompSyscallNumber("socketcall", "x86_64")).toBeNull();
    expect(seccompSyscallNumber("no_such_syscall_at_all")).toBeNull();
  });
});

const why = "the self-test probes use x86_64 syscall conventions";
if (!isX64) console.log(`skip: seccomp self-tests: ${why}`);
describe.skipIf(!isX64)("seccompSelfTest (a forked child installs the filter)", () => {
  test("an errno rule is what the child sees, and nothing else changes", () => {
    const bpf = allowAllBut([{ syscall: "getpid", action: { kind: "errno", errno: ENOSYS } }]);
    expect(seccompSelfTest(bpf, "getpid")).toBe(ENOSYS);
    expect(seccompSelfTest(bpf, "personality(0xffffffff)")).toBe(0);
    expect(seccompSelfTest(allowAllBut([]), "getpid")).toBe(0);
  });

  test("the kernel's own answers come through an allow-all filter", () => {
    const bpf = allowAllBut([]);
    expect(seccompSelfTest(bpf, "mount")).not.toBe(0);
    expect(seccompSelfTest(bpf, "clone(CLONE_NEWNS|CLONE_FS)")).toBe(EINVAL);
    expect(seccompSelfTest(bpf, "clone3")).toBe(EINVAL);
    expect(seccompSelfTest(bpf, "clone(SIGCHLD)")).toBe(0);
  });

  test("argument comparisons: masked-eq on clone flags, eq on personality", () => {
    const bpf = compileSeccomp({
      defaultAction: allow,
      architectures: [],
      rules: [
        { syscall: "clone", action: { kind: "errno", errno: 77 }, args: [{ index: 0, op: "masked-eq", value: 0x20000, valueTwo: 0x20000 }] },
        { syscall: "personality", action: { kind: "errno", errno: 78 }, args: [{ index: 0, op: "ne", value: 0xffffffff }] },
      ],
    });
    expect(seccompSelfTest(bpf, "clone(CLONE_NEWNS|CLONE_FS)")).toBe(77);
    expect(seccompSelfTest(bpf, "clone(SIGCHLD)")).toBe(0);
    expect(seccompSelfTest(bpf, "personality(0xffffffff)")).toBe(0);
    expect(seccompSelfTest(bpf, "personality(READ_IMPLIES_EXEC)")).toBe(78);
  });

  test("kill-process kills the child with SIGSYS before it can report", () => {
    const bpf = allowAllBut([{ syscall: "getpid", action: { kind: "kill-process" } }]);
    expect(() => seccompSelfTest(bpf, "getpid")).toThrow(/killed by signal 31/);
  });

  test("refuses bytes that are not a filter", () => {
    expect(() => seccompSelfTest(Buffer.alloc(12), "getpid")).toThrow(SyscallError);
    try {
      seccompSelfTest(Buffer.alloc(8), "getpid");
      throw new Error("an all-zero instruction is not a valid filter");
    } catch (err) {
      expect(err).toBeInstanceOf(SyscallError);
      expect((err as SyscallError).message).toContain("PR_SET_SECCOMP");
      expect((err as SyscallError).errno).toBe(EINVAL);
    }
  });
});
