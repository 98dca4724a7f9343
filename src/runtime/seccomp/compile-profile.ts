/**
 * A Docker-format seccomp profile → the rule list sys/ compiles → BPF bytes for the container
 * spec. Applies each rule's includes/excludes (capabilities, architecture, minimum kernel) the
 * way Docker does, maps actions and operators, and picks the architectures from archMap.
 */
import { InvalidArgument, NotImplemented } from "../../lib/index.ts";
import {
  compileSeccomp,
  type SeccompAction,
  type SeccompArgComparison,
  type SeccompCompileInput,
  type SeccompOperator,
  type SeccompRule,
} from "../../sys/index.ts";
import { defaultSeccompProfile } from "./default-profile.ts";
import type {
  SeccompArchitecture,
  SeccompProfile,
  SeccompProfileAction,
  SeccompProfileFilter,
  SeccompProfileOperator,
  SeccompProfileSyscall,
} from "./profile.ts";

/** Who the filter is for: the container's capabilities, the machine, the running kernel. */
export interface SeccompTarget {
  /** Capability names, with or without CAP_ ("SYS_ADMIN" and "CAP_SYS_ADMIN" are the same). */
  capabilities: string[];
  /** Node's name for the architecture (process.arch). */
  arch: NodeJS.Architecture;
  /** The kernel release (os.release()), e.g. "6.1.0-18-amd64"; only major.minor counts. */
  kernel: string;
}

/** Per Node architecture: its SCMP_ARCH_* name, and the names profiles' `arches` filters use (Go's). */
const ARCHES: Partial<Record<NodeJS.Architecture, { scmp: SeccompArchitecture; names: string[] }>> = {
  x64: { scmp: "SCMP_ARCH_X86_64", names: ["amd64"] },
  ia32: { scmp: "SCMP_ARCH_X86", names: ["386", "x86"] },
  arm64: { scmp: "SCMP_ARCH_AARCH64", names: ["arm64"] },
  arm: { scmp: "SCMP_ARCH_ARM", names: ["arm"] },
  ppc64: { scmp: "SCMP_ARCH_PPC64LE", names: ["ppc64le"] },
  s390x: { scmp: "SCMP_ARCH_S390X", names: ["s390x"] },
  riscv64: { scmp: "SCMP_ARCH_RISCV64", names: ["riscv64"] },
  mips: { scmp: "SCMP_ARCH_MIPS", names: ["mips"] },
  mipsel: { scmp: "SCMP_ARCH_MIPSEL", names: ["mipsle"] },
};

const OPERATORS: Record<SeccompProfileOperator, SeccompOperator> = {
  SCMP_CMP_NE: "ne", SCMP_CMP_LT: "lt", SCMP_CMP_LE: "le", SCMP_CMP_EQ: "eq",
  SCMP_CMP_GE: "ge", SCMP_CMP_GT: "gt", SCMP_CMP_MASKED_EQ: "masked-eq",
};

/** libseccomp's spelling of an SCMP_ARCH_* name: SCMP_ARCH_X86_64 → x86_64. */
function libseccompArch(name: SeccompArchitecture): string {
  return name.slice("SCMP_ARCH_".length).toLowerCase();
}

function capabilityName(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
}

/** [major, minor] of a kernel release or a profile's minKernel; null when unreadable. */
function kernelVersion(text: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function atLeast(kernel: [number, number], min: string): boolean {
  const want = kernelVersion(min);
  if (!want) throw new InvalidArgument(`seccomp profile: minKernel ${JSON.stringify(min)} is not "major.minor"`);
  return kernel[0] > want[0] || (kernel[0] === want[0] && kernel[1] >= want[1]);
}

function action(kind: SeccompProfileAction, errnoRet: number | null | undefined, where: string): SeccompAction {
  switch (kind) {
    case "SCMP_ACT_ALLOW": return { kind: "allow" };
    case "SCMP_ACT_ERRNO": return { kind: "errno", errno: errnoRet ?? 1 };
    case "SCMP_ACT_TRACE": return { kind: "trace", value: errnoRet ?? 1 };
    case "SCMP_ACT_KILL":
    case "SCMP_ACT_KILL_THREAD": return { kind: "kill-thread" };
    case "SCMP_ACT_KILL_PROCESS": return { kind: "kill-process" };
    case "SCMP_ACT_TRAP": return { kind: "trap" };
    case "SCMP_ACT_LOG": return { kind: "log" };
    case "SCMP_ACT_NOTIFY": throw new NotImplemented(`${where}: SCMP_ACT_NOTIFY (a user-space listener) is not supported`);
  }
}

interface Facts {
  caps: Set<string>;
  archNames: string[];
  kernel: [number, number];
}

/** Whether a rule applies: every included cap present, its arch listed, the kernel new enough; no exclusion hit. */
function applies(rule: SeccompProfileSyscall, facts: Facts): boolean {
  const inc: SeccompProfileFilter = rule.includes ?? {};
  const exc: SeccompProfileFilter = rule.excludes ?? {};
  if (inc.caps?.length && !inc.caps.every((c) => facts.caps.has(capabilityName(c)))) return false;
  if (inc.arches?.length && !inc.arches.some((a) => facts.archNames.includes(a))) return false;
  if (inc.minKernel && !atLeast(facts.kernel, inc.minKernel)) return false;
  if (exc.caps?.length && exc.caps.some((c) => facts.caps.has(capabilityName(c)))) return false;
  if (exc.arches?.length && exc.arches.some((a) => facts.archNames.includes(a))) return false;
  if (exc.minKernel && atLeast(facts.kernel, exc.minKernel)) return false;
  return true;
}

function architectures(profile: SeccompProfile, main: SeccompArchitecture): string[] {
  let list: SeccompArchitecture[] = [main];
  if (profile.architectures?.length) {
    list = [main, ...profile.architectures.filter((a) => a !== main)];
  } else if (profile.archMap?.length) {
    const entry = profile.archMap.find((e) => e.architecture === main);
    list = [main, ...(entry?.subArchitectures ?? []).filter((a) => a !== main)];
  }
  return [...new Set(list)].map(libseccompArch);
}

/**
 * The rule list for `profile` as it applies to `target`. Comparisons of one rule are ANDed;
 * when a rule compares the same argument twice, each comparison becomes a rule of its own
 * (ORed), as Docker's runtime does.
 */
export function profileToCompileInput(profile: SeccompProfile, target: SeccompTarget): SeccompCompileInput {
  const arch = ARCHES[target.arch];
  if (!arch) throw new NotImplemented(`seccomp: no filter can be made for the ${target.arch} architecture`);
  const kernel = kernelVersion(target.kernel);
  if (!kernel) throw new InvalidArgument(`seccomp: cannot read a kernel version from ${JSON.stringify(target.kernel)}`);
  if (profile.architectures?.length && profile.archMap?.length) {
    throw new InvalidArgument("seccomp profile: 'architectures' and 'archMap' were both given: use one");
  }
  const facts: Facts = { caps: new Set(target.capabilities.map(capabilityName)), archNames: arch.names, kernel };

  const rules: SeccompRule[] = [];
  (profile.syscalls ?? []).forEach((entry, i) => {
    if (!applies(entry, facts)) return;
    const names = entry.names?.length ? entry.names : entry.name ? [entry.name] : [];
    const where = `seccomp profile: syscalls[${i}]`;
    const act = action(entry.action, entry.errnoRet, where);
    const args: SeccompArgComparison[] = (entry.args ?? []).map((a) => ({
      index: a.index, op: OPERATORS[a.op], value: a.value, valueTwo: a.valueTwo ?? 0,
    }));
    const indexes = new Set(args.map((a) => a.index));
    const groups = indexes.size === args.length ? [args] : args.map((a) => [a]);
    for (const syscall of names) for (const group of groups) rules.push({ syscall, action: act, args: group });
  });

  return {
    defaultAction: action(profile.defaultAction, profile.defaultErrnoRet, "seccomp profile: defaultAction"),
    architectures: architectures(profile, arch.scmp),
    rules,
  };
}

const defaultFilters = new Map<string, Buffer>();

/**
 * The BPF program (struct sock_filter[]) for `profile` and `target`. The default profile's
 * programs are kept in memory per (architecture, kernel major.minor, capability set).
 */
export function compileProfile(profile: SeccompProfile, target: SeccompTarget): Buffer {
  if (profile !== defaultSeccompProfile) return compileSeccomp(profileToCompileInput(profile, target));
  const caps = [...new Set(target.capabilities.map(capabilityName))].sort().join(",");
  const key = `${target.arch}|${kernelVersion(target.kernel)?.join(".") ?? target.kernel}|${caps}`;
  let filter = defaultFilters.get(key);
  if (!filter) {
    filter = compileSeccomp(profileToCompileInput(profile, target));
    defaultFilters.set(key, filter);
  }
  return Buffer.from(filter);
}
