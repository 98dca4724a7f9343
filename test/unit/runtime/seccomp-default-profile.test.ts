import { describe, expect, test } from "bun:test";
import { release } from "node:os";
import {
  compileProfile,
  defaultSeccompProfile,
  defaultSeccompProfileJson,
  parseSeccompProfile,
  profileToCompileInput,
  type SeccompProfile,
} from "../../../src/runtime/seccomp/index.ts";
import { SECCOMP_MAX_INSTRUCTIONS, seccompKnowsSyscall, seccompSelfTest, type SeccompProbe } from "../../../src/sys/index.ts";

const EPERM = 1, EINVAL = 22, ENOSYS = 38;
/** EBADFD: an errno no probe gets from the kernel, to tell the filter's refusals apart. */
const FILTER = 77;
const kernel = release();
const arch = process.arch;
const target = (capabilities: string[] = []) => ({ capabilities, arch, kernel });

/** Syscalls newer than the linked libseccomp (2.5.4): rules naming them are skipped. */
const newerThanLibseccomp = new Set(["getxattrat", "setxattrat", "listxattrat", "removexattrat", "mseal", "uretprobe", "riscv_hwprobe"]);

/** The default profile with another errno for "not allowed". */
const distinct: SeccompProfile = { ...defaultSeccompProfile, defaultErrnoRet: FILTER };

describe("the default profile", () => {
  test("passes its own schema (as the JSON users can start from)", () => {
    expect(parseSeccompProfile(defaultSeccompProfileJson(), "default.json")).toEqual(JSON.parse(defaultSeccompProfileJson()));
  });

  test("names only syscalls libseccomp knows, apart from the known newer ones (a typo would be skipped silently)", () => {
    const names = new Set(defaultSeccompProfile.syscalls?.flatMap((s) => s.names ?? []));
    expect(names.size).toBeGreaterThan(300);
    expect([...names].filter((n) => !seccompKnowsSyscall(n) && !newerThanLibseccomp.has(n))).toEqual([]);
  });

  test("never lets keyrings, kexec, swap or io_uring through, whatever the capabilities", () => {
    const every = ["SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_BOOT", "SYS_TIME", "SYS_RAWIO", "SYS_NICE", "BPF", "PERFMON"];
    const rules = profileToCompileInput(defaultSeccompProfile, target(every)).rules;
    const allowed = new Set(rules.filter((r) => r.action.kind === "allow").map((r) => r.syscall));
    for (const n of ["keyctl", "add_key", "request_key", "kexec_load", "kexec_file_load", "swapon", "swapoff", "io_uring_setup", "uselib", "nfsservctl"]) {
      expect(allowed.has(n), n).toBe(false);
    }
    expect(allowed.has("unshare")).toBe(true);
  });

  test("gates privileged calls on their capability", () => {
    const allowedWith = (caps: string[]) =>
      new Set(profileToCompileInput(defaultSeccompProfile, target(caps)).rules.filter((r) => r.action.kind === "allow" && !r.args?.length).map((r) => r.syscall));
    const none = allowedWith([]);
    const gates: [string, string[]][] = [
      ["SYS_ADMIN", ["unshare", "setns", "mount", "umount2", "pivot_root", "clone", "clone3", "bpf", "perf_event_open"]],
      ["SYS_MODULE", ["init_module", "finit_module", "delete_module"]],
      ["SYS_BOOT", ["reboot"]],
      ["SYS_TIME", ["settimeofday", "clock_settime"]],
      ["SYS_PACCT", ["acct"]],
      ["SYS_RAWIO", ["iopl", "ioperm"]],
      ["DAC_READ_SEARCH", ["open_by_handle_at"]],
      ["SYS_TTY_CONFIG", ["vhangup"]],
      ["SYS_PTRACE", ["kcmp", "userfaultfd"]],
      ["BPF", ["bpf"]],
      ["PERFMON", ["perf_event_open"]],
    ];
    for (const [cap, names] of gates) {
      const withCap = allowedWith([cap]);
      for (const n of names) {
        expect(none.has(n), `${n} without ${cap}`).toBe(false);
        expect(withCap.has(n), `${n} with ${cap}`).toBe(true);
      }
    }
    expect(none.has("read") && none.has("futex") && none.has("epoll_pwait") && none.has("socket")).toBe(true);
  });

  test("allows ptrace on 4.8+ kernels, else only with CAP_SYS_PTRACE", () => {
    const has = (kernelRelease: string, caps: string[] = []) =>
      profileToCompileInput(defaultSeccompProfile, { capabilities: caps, arch, kernel: kernelRelease }).rules.some((r) => r.syscall === "ptrace");
    expect(has("4.4.0")).toBe(false);
    expect(has("4.4.0", ["CAP_SYS_PTRACE"])).toBe(true);
    expect(has("4.8.0")).toBe(true);
  });

  test("compiles to BPF within the kernel's limit, cached per capability set", () => {
    const bpf = compileProfile(defaultSeccompProfile, target());
    expect(bpf.length).toBeGreaterThan(0);
    expect(bpf.length % 8).toBe(0);
    expect(bpf.length / 8).toBeLessThanOrEqual(SECCOMP_MAX_INSTRUCTIONS);
    console.log(`default profile (${arch}, kernel ${kernel}, no capabilities): ${bpf.length / 8} instructions, ${bpf.length} bytes`);
    const again = compileProfile(defaultSeccompProfile, target([]));
    expect(again.equals(bpf)).toBe(true);
    again.fill(0); // a caller scribbling on its copy does not reach the cache
    expect(compileProfile(defaultSeccompProfile, target()).equals(bpf)).toBe(true);
    const admin = compileProfile(defaultSeccompProfile, target(["SYS_ADMIN"]));
    expect(admin.equals(bpf)).toBe(false);
    expect(compileProfile(defaultSeccompProfile, target(["CAP_SYS_ADMIN"])).equals(admin)).toBe(true);
    for (const foreign of ["arm64", "s390x", "riscv64"] as const) {
      const other = compileProfile(defaultSeccompProfile, { capabilities: [], arch: foreign, kernel });
      expect(other.length % 8, foreign).toBe(0);
      expect(other.equals(bpf), foreign).toBe(false);
    }
  });
});

const why = "the self-test probes use x86_64 syscall conventions";
if (arch !== "x64") console.log(`skip: default profile self-tests: ${why}`);
describe.skipIf(arch !== "x64")("the default profile installed in a child", () => {
  const probe = (profile: SeccompProfile, caps: string[], p: SeccompProbe) => seccompSelfTest(compileProfile(profile, target(caps)), p);

  test("without extra capabilities: namespaces, mounts and keyrings fail with EPERM", () => {
    for (const p of ["unshare(CLONE_NEWUSER)", "mount", "keyctl", "clone(CLONE_NEWNS|CLONE_FS)", "personality(READ_IMPLIES_EXEC)"] as const) {
      expect(probe(defaultSeccompProfile, [], p), p).toBe(EPERM);
    }
  });

  test("without extra capabilities: ordinary calls work, clone3 and io_uring say ENOSYS", () => {
    expect(probe(defaultSeccompProfile, [], "getpid")).toBe(0);
    expect(probe(defaultSeccompProfile, [], "personality(0xffffffff)")).toBe(0);
    expect(probe(defaultSeccompProfile, [], "clone(SIGCHLD)")).toBe(0);
    expect(probe(defaultSeccompProfile, [], "clone3")).toBe(ENOSYS);
    expect(probe(defaultSeccompProfile, [], "io_uring_setup")).toBe(ENOSYS);
  });

  test("the refusals are the filter's (a distinct errno shows it), not the kernel's", () => {
    for (const p of ["unshare(CLONE_NEWUSER)", "mount", "keyctl", "clone(CLONE_NEWNS|CLONE_FS)"] as const) {
      expect(probe(distinct, [], p), p).toBe(FILTER);
    }
  });

  test("with CAP_SYS_ADMIN the filter lets namespaces and mounts through to the kernel", () => {
    // Whatever the kernel answers (unshare may succeed or be refused for an unprivileged user,
    // mount says ENOENT or EPERM), it is not the filter's errno.
    expect(probe(distinct, ["CAP_SYS_ADMIN"], "unshare(CLONE_NEWUSER)")).not.toBe(FILTER);
    expect(probe(distinct, ["CAP_SYS_ADMIN"], "mount")).not.toBe(FILTER);
    // These two have a fixed kernel answer: CLONE_NEWNS with CLONE_FS, and a too-small clone3 struct.
    expect(probe(distinct, ["CAP_SYS_ADMIN"], "clone(CLONE_NEWNS|CLONE_FS)")).toBe(EINVAL);
    expect(probe(distinct, ["CAP_SYS_ADMIN"], "clone3")).toBe(EINVAL);
    // Keyrings stay closed.
    expect(probe(distinct, ["CAP_SYS_ADMIN"], "keyctl")).toBe(FILTER);
  });

  test("a custom profile: errnoRet 38 for getpid makes getpid fail with ENOSYS", () => {
    const custom = parseSeccompProfile(
      JSON.stringify({
        defaultAction: "SCMP_ACT_ALLOW",
        syscalls: [{ names: ["getpid"], action: "SCMP_ACT_ERRNO", errnoRet: 38 }],
      }),
      "custom.json",
    );
    expect(probe(custom, [], "getpid")).toBe(ENOSYS);
    expect(probe(custom, [], "personality(0xffffffff)")).toBe(0);
  });
});
