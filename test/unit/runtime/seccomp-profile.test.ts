import { describe, expect, test } from "bun:test";
import { InvalidArgument, NotImplemented } from "../../../src/lib/index.ts";
import { parseSeccompProfile, profileToCompileInput, type SeccompProfile, type SeccompTarget } from "../../../src/runtime/seccomp/index.ts";

/** A profile in Docker's format, as users write them: archMap, both name forms, nulls, comments, filters. */
const realistic = JSON.stringify({
  defaultAction: "SCMP_ACT_ERRNO",
  defaultErrnoRet: 1,
  archMap: [
    { architecture: "SCMP_ARCH_X86_64", subArchitectures: ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
    { architecture: "SCMP_ARCH_AARCH64", subArchitectures: ["SCMP_ARCH_ARM"] },
  ],
  syscalls: [
    { names: ["read", "write", "exit_group", "brand_new_syscall_2031"], action: "SCMP_ACT_ALLOW", args: null, comment: "", includes: {}, excludes: {} },
    { name: "getpid", action: "SCMP_ACT_ALLOW", args: [] },
    { names: ["personality"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: 8, valueTwo: 0, op: "SCMP_CMP_EQ" }] },
    { names: ["clone"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: 2114060288, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }], excludes: { caps: ["CAP_SYS_ADMIN"], arches: ["s390", "s390x"] } },
    { names: ["mount", "unshare"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_ADMIN"] } },
    { names: ["ptrace"], action: "SCMP_ACT_ALLOW", includes: { minKernel: "4.8" } },
    { names: ["arch_prctl"], action: "SCMP_ACT_ALLOW", includes: { arches: ["amd64", "x32"] } },
    { names: ["kill"], action: "SCMP_ACT_ALLOW", args: [{ index: 1, value: 9, op: "SCMP_CMP_NE" }, { index: 1, value: 15, op: "SCMP_CMP_EQ" }] },
    { names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: 38, excludes: { caps: ["CAP_SYS_ADMIN"] } },
    { names: ["acct"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_PACCT", "CAP_SYS_ADMIN"] } },
    { names: ["old_thing"], action: "SCMP_ACT_LOG", excludes: { minKernel: "5.0" } },
  ],
});

const target: SeccompTarget = { capabilities: ["CAP_CHOWN"], arch: "x64", kernel: "6.1.0-18-amd64" };

function ruleNames(profile: SeccompProfile, t = target): string[] {
  return profileToCompileInput(profile, t).rules.map((r) => r.syscall);
}

function refusal(text: string): string {
  try {
    parseSeccompProfile(text, "p.json");
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgument);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${text}`);
}

describe("parseSeccompProfile", () => {
  test("accepts a realistic Docker-format profile", () => {
    const p = parseSeccompProfile(realistic, "p.json");
    expect(p.defaultAction).toBe("SCMP_ACT_ERRNO");
    expect(p.syscalls).toHaveLength(11);
    expect(p.syscalls?.[3]?.args?.[0]?.op).toBe("SCMP_CMP_MASKED_EQ");
  });

  test("refuses bad profiles, naming the file and the key", () => {
    expect(refusal("{")).toMatch(/^invalid seccomp profile p\.json: not valid JSON/);
    expect(refusal("[]")).toContain("expected a JSON object");
    expect(refusal('{"syscalls": []}')).toContain('"defaultAction"');
    expect(refusal('{"defaultAction": "SCMP_ACT_ALOW"}')).toContain('"defaultAction": must be one of');
    expect(refusal('{"defaultAction": "SCMP_ACT_ERRNO", "sycalls": []}')).toContain('"sycalls": unknown key');
    const rule = (r: object) => JSON.stringify({ defaultAction: "SCMP_ACT_ERRNO", syscalls: [r] });
    expect(refusal(rule({ names: ["read"], action: "ALLOW" }))).toContain('"syscalls.0.action"');
    expect(refusal(rule({ names: ["read"], action: "SCMP_ACT_ALLOW", args: [{ index: 6, value: 1, op: "SCMP_CMP_EQ" }] }))).toContain('"syscalls.0.args.0.index"');
    expect(refusal(rule({ names: ["read"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: -1, op: "SCMP_CMP_EQ" }] }))).toContain('"syscalls.0.args.0.value"');
    expect(refusal(rule({ names: ["read"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: 1, op: "SCMP_CMP_EQUAL" }] }))).toContain('"syscalls.0.args.0.op"');
    expect(refusal(rule({ names: ["read"], action: "SCMP_ACT_ALLOW", includes: { minKernel: "4" } }))).toContain('"syscalls.0.includes.minKernel"');
    expect(refusal(rule({ names: ["read"], action: "SCMP_ACT_ALLOW", includes: { capabilities: [] } }))).toContain('"syscalls.0.includes.capabilities": unknown key');
    expect(refusal(rule({ names: ["Read"], action: "SCMP_ACT_ALLOW" }))).toContain('"syscalls.0.names.0"');
    expect(refusal(rule({ name: "read", names: ["write"], action: "SCMP_ACT_ALLOW" }))).toContain('"syscalls.0.names": \'name\' and \'names\'');
    expect(refusal(rule({ action: "SCMP_ACT_ALLOW" }))).toContain('"syscalls.0.names": a rule needs');
    expect(refusal(rule({ names: ["read"], action: "SCMP_ACT_ALLOW", errnoRet: 1 }))).toContain('"syscalls.0.errnoRet"');
    expect(refusal(rule({ names: ["read"], action: "SCMP_ACT_ERRNO", errnoRet: 70000 }))).toContain('"syscalls.0.errnoRet"');
    expect(refusal(JSON.stringify({ defaultAction: "SCMP_ACT_ERRNO", architectures: ["SCMP_ARCH_X86_64"], archMap: [{ architecture: "SCMP_ARCH_X86_64" }] }))).toContain('"archMap"');
    expect(refusal(JSON.stringify({ defaultAction: "SCMP_ACT_ERRNO", architectures: ["x86_64"] }))).toContain('"architectures.0"');
  });
});

describe("profileToCompileInput", () => {
  const profile = parseSeccompProfile(realistic, "p.json");

  test("maps the default action, the architectures from archMap, actions and operators", () => {
    const input = profileToCompileInput(profile, target);
    expect(input.defaultAction).toEqual({ kind: "errno", errno: 1 });
    expect(input.architectures).toEqual(["x86_64", "x86", "x32"]);
    expect(profileToCompileInput(profile, { ...target, arch: "arm64" }).architectures).toEqual(["aarch64", "arm"]);
    expect(profileToCompileInput(profile, { ...target, arch: "riscv64" }).architectures).toEqual(["riscv64"]);
    const clone = input.rules.find((r) => r.syscall === "clone");
    expect(clone).toEqual({ syscall: "clone", action: { kind: "allow" }, args: [{ index: 0, op: "masked-eq", value: 2114060288, valueTwo: 0 }] });
    expect(input.rules.find((r) => r.syscall === "clone3")?.action).toEqual({ kind: "errno", errno: 38 });
    expect(input.rules.find((r) => r.syscall === "old_thing")).toBeUndefined();
    // Unknown names pass through: the C side skips what libseccomp does not know.
    expect(ruleNames(profile)).toContain("brand_new_syscall_2031");
  });

  test("includes/excludes by capability (all included caps needed; any excluded cap drops the rule)", () => {
    const plain = ruleNames(profile);
    expect(plain).not.toContain("mount");
    expect(plain).toContain("clone");
    const admin = profileToCompileInput(profile, { ...target, capabilities: ["SYS_ADMIN"] });
    expect(admin.rules.map((r) => r.syscall)).toContain("unshare");
    expect(admin.rules.filter((r) => r.syscall === "clone")).toEqual([]);
    expect(admin.rules.map((r) => r.syscall)).not.toContain("clone3");
    expect(ruleNames(profile, { ...target, capabilities: ["SYS_ADMIN"] })).not.toContain("acct");
    expect(ruleNames(profile, { ...target, capabilities: ["cap_sys_admin", "SYS_PACCT"] })).toContain("acct");
  });

  test("includes/excludes by architecture and kernel (major.minor only)", () => {
    expect(ruleNames(profile)).toContain("arch_prctl");
    expect(ruleNames(profile, { ...target, arch: "arm64" })).not.toContain("arch_prctl");
    expect(ruleNames(profile, { ...target, arch: "s390x" })).not.toContain("clone");
    expect(ruleNames(profile, { ...target, kernel: "4.4.0-210-generic" })).not.toContain("ptrace");
    expect(ruleNames(profile, { ...target, kernel: "4.8-rc5" })).toContain("ptrace");
    expect(ruleNames(profile, { ...target, kernel: "4.19.0" })).toContain("old_thing");
    expect(ruleNames(profile, { ...target, kernel: "5.0.1" })).not.toContain("old_thing");
  });

  test("two comparisons of the same argument become two rules (ORed)", () => {
    const kills = profileToCompileInput(profile, target).rules.filter((r) => r.syscall === "kill");
    expect(kills.map((r) => r.args)).toEqual([
      [{ index: 1, op: "ne", value: 9, valueTwo: 0 }],
      [{ index: 1, op: "eq", value: 15, valueTwo: 0 }],
    ]);
  });

  test("refuses what it cannot do", () => {
    const notify = parseSeccompProfile('{"defaultAction": "SCMP_ACT_NOTIFY"}', "n.json");
    expect(() => profileToCompileInput(notify, target)).toThrow(NotImplemented);
    expect(() => profileToCompileInput(profile, { ...target, arch: "loong64" })).toThrow(NotImplemented);
    expect(() => profileToCompileInput(profile, { ...target, kernel: "unknown" })).toThrow(InvalidArgument);
  });
});
