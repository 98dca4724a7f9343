/**
 * Docker's seccomp profile format (the JSON `docker run --security-opt seccomp=FILE` takes), as a
 * valibot schema. The keys Docker knows are accepted; an unknown key is refused, since a
 * misspelt "syscalls" would otherwise silently drop every rule. Docker's keys that Bunker does
 * not act on (flags, listenerPath, listenerMetadata) are accepted and ignored.
 */
import * as v from "valibot";
import { InvalidArgument, parseWith } from "../../lib/index.ts";

export const seccompActions = [
  "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
  "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
] as const;
export type SeccompProfileAction = (typeof seccompActions)[number];

export const seccompOperators = [
  "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
] as const;
export type SeccompProfileOperator = (typeof seccompOperators)[number];

/** The architectures libseccomp knows, as the OCI spec and Docker's profiles name them. */
export const seccompArchitectures = [
  "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64",
  "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64",
  "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390",
  "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",
] as const;
export type SeccompArchitecture = (typeof seccompArchitectures)[number];

const flags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"] as const;

/** Integers JSON carries exactly (larger ones lose precision in JSON.parse). */
const uint = v.pipe(
  v.number(),
  v.integer("must be an integer"),
  v.minValue(0, "must not be negative"),
  v.maxValue(Number.MAX_SAFE_INTEGER, "must be at most 2^53-1 (larger numbers lose precision in JSON)"),
);
const errnoValue = v.pipe(v.number(), v.integer("must be an integer"), v.minValue(0, "must be 0..4095"), v.maxValue(4095, "must be 0..4095"));
const syscallName = v.pipe(v.string(), v.regex(/^[a-z0-9_]{1,63}$/, "must be a syscall name (lower-case letters, digits, _)"));
const capability = v.pipe(v.string(), v.regex(/^(CAP_)?[A-Za-z_]+$/, "must be a capability name like CAP_SYS_ADMIN"));
/** Docker compares only "major.minor" (3.12.25-gentoo counts as 3.12). */
const kernelVersion = v.pipe(v.string(), v.regex(/^\d+\.\d+$/, 'must be "major.minor", e.g. "4.8"'));

const Arg = v.strictObject({
  index: v.pipe(v.number(), v.integer("must be an integer"), v.minValue(0, "must be 0..5"), v.maxValue(5, "must be 0..5")),
  value: uint,
  valueTwo: v.optional(uint),
  op: v.picklist(seccompOperators, `must be one of ${seccompOperators.join(", ")}`),
});

const Filter = v.strictObject({
  caps: v.nullish(v.array(capability)),
  /** Go's architecture names as Docker matches them (amd64, arm64, x86, x32, s390x, …). */
  arches: v.nullish(v.array(v.pipe(v.string(), v.minLength(1, "must not be empty")))),
  minKernel: v.nullish(kernelVersion),
});

const Syscall = v.pipe(
  v.strictObject({
    names: v.nullish(v.array(syscallName)),
    /** Older profiles: one name per entry. */
    name: v.nullish(syscallName),
    action: v.picklist(seccompActions, `must be one of ${seccompActions.join(", ")}`),
    errnoRet: v.nullish(errnoValue),
    args: v.nullish(v.array(Arg)),
    comment: v.nullish(v.string()),
    includes: v.nullish(Filter),
    excludes: v.nullish(Filter),
  }),
  v.forward(
    v.check((s) => !(s.name && s.names?.length), "'name' and 'names' were both given: use one"),
    ["names"],
  ),
  v.forward(v.check((s) => Boolean(s.name) || (s.names?.length ?? 0) > 0, "a rule needs 'names' (or 'name')"), ["names"]),
  v.forward(
    v.check(
      (s) => s.errnoRet === undefined || s.errnoRet === null || s.action === "SCMP_ACT_ERRNO" || s.action === "SCMP_ACT_TRACE",
      "errnoRet is only meaningful with SCMP_ACT_ERRNO or SCMP_ACT_TRACE",
    ),
    ["errnoRet"],
  ),
);

const ArchMapEntry = v.strictObject({
  architecture: v.picklist(seccompArchitectures, "must be an SCMP_ARCH_* name"),
  subArchitectures: v.nullish(v.array(v.picklist(seccompArchitectures, "must be an SCMP_ARCH_* name"))),
  comment: v.nullish(v.string()),
});

export const SeccompProfileSchema = v.pipe(
  v.strictObject({
    defaultAction: v.picklist(seccompActions, `must be one of ${seccompActions.join(", ")}`),
    defaultErrnoRet: v.nullish(errnoValue),
    architectures: v.nullish(v.array(v.picklist(seccompArchitectures, "must be an SCMP_ARCH_* name"))),
    archMap: v.nullish(v.array(ArchMapEntry)),
    syscalls: v.nullish(v.array(Syscall)),
    flags: v.nullish(v.array(v.picklist(flags, `must be one of ${flags.join(", ")}`))),
    listenerPath: v.nullish(v.string()),
    listenerMetadata: v.nullish(v.string()),
    comment: v.nullish(v.string()),
  }),
  v.forward(
    v.check((p) => !(p.architectures?.length && p.archMap?.length), "'architectures' and 'archMap' were both given: use one"),
    ["archMap"],
  ),
);

/** A parsed profile, in Docker's own key names. */
export type SeccompProfile = v.InferOutput<typeof SeccompProfileSchema>;
export type SeccompProfileSyscall = NonNullable<SeccompProfile["syscalls"]>[number];
export type SeccompProfileFilter = NonNullable<SeccompProfileSyscall["includes"]>;

/** Parse a profile's JSON text; errors name the file and the offending key. */
export function parseSeccompProfile(text: string, fileName: string): SeccompProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InvalidArgument(`invalid seccomp profile ${fileName}: not valid JSON: ${(err as Error).message}`);
  }
  return parseWith(SeccompProfileSchema, raw, `invalid seccomp profile ${fileName}`);
}
