/**
 * compileSeccomp(): a rule list → a classic BPF program (struct sock_filter[], 8 bytes per
 * instruction) made by libseccomp in the C helper (ffi/seccomp.c documents the wire format this
 * file encodes). The bytes go into a container spec and are installed right before exec.
 */
import { FFIType } from "bun:ffi";
import { InvalidArgument } from "../lib/index.ts";
import { bindHelper, cString, withMessage } from "./_ffi.ts";
import { SyscallError } from "./syscall-error.ts";

const { i32, u32, ptr } = FFIType;

const seccompHelper = bindHelper({
  bunker_seccomp_compile: { args: [ptr, u32, ptr, u32, ptr, i32], returns: i32 },
  bunker_seccomp_selftest: { args: [ptr, u32, i32, ptr, i32], returns: i32 },
  bunker_seccomp_resolve: { args: [ptr, ptr, ptr, i32], returns: i32 },
});

/** What the kernel does when a rule matches (or no rule does, for the default action). */
export type SeccompAction =
  | { kind: "allow" }
  | { kind: "errno"; errno: number }
  | { kind: "kill-thread" }
  | { kind: "kill-process" }
  | { kind: "trap" }
  | { kind: "log" }
  | { kind: "trace"; value: number };

/** libseccomp's comparison operators; masked-eq holds when (arg & value) == valueTwo. */
export type SeccompOperator = "ne" | "lt" | "le" | "eq" | "ge" | "gt" | "masked-eq";

export interface SeccompArgComparison {
  /** The system call argument, 0..5. */
  index: number;
  op: SeccompOperator;
  /** Unsigned 64-bit; numbers must be safe integers. For masked-eq: the mask. */
  value: number | bigint;
  /** For masked-eq: what the masked argument must equal; else unused (0). */
  valueTwo?: number | bigint;
}

export interface SeccompRule {
  /** A syscall name as libseccomp knows it; unknown names are skipped. */
  syscall: string;
  action: SeccompAction;
  /** All must hold (AND); at most 6, and at most one per argument index. */
  args?: SeccompArgComparison[];
}

export interface SeccompCompileInput {
  defaultAction: SeccompAction;
  /** libseccomp names ("x86_64", "x86", "x32", "aarch64", …); the first is the main one. Empty: the native one only. */
  architectures: string[];
  rules: SeccompRule[];
}

/** The kernel loads at most this many instructions per filter (BPF_MAXINSNS). */
export const SECCOMP_MAX_INSTRUCTIONS = 4096;

const MAGIC = "BKSC";
const VERSION = 1;
const KIND: Record<SeccompAction["kind"], number> = {
  allow: 1, errno: 2, "kill-thread": 3, "kill-process": 4, trap: 5, log: 6, trace: 7,
};
const OPERATOR: Record<SeccompOperator, number> = { ne: 1, lt: 2, le: 3, eq: 4, ge: 5, gt: 6, "masked-eq": 7 };
const U64_MAX = (1n << 64n) - 1n;

function actionWord(action: SeccompAction, where: string): number {
  let data = 0;
  if (action.kind === "errno") {
    data = action.errno;
    if (!Number.isInteger(data) || data < 0 || data > 4095) throw new InvalidArgument(`${where}: errno ${data} is not in 0..4095`);
  } else if (action.kind === "trace") {
    data = action.value;
    if (!Number.isInteger(data) || data < 0 || data > 0xffff) throw new InvalidArgument(`${where}: trace value ${data} is not in 0..65535`);
  }
  const kind = KIND[action.kind];
  if (kind === undefined) throw new InvalidArgument(`${where}: unknown action ${JSON.stringify((action as { kind: unknown }).kind)}`);
  return (kind << 16) | data;
}

function u64(value: number | bigint, where: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) throw new InvalidArgument(`${where}: ${value} is not a safe integer (pass a bigint)`);
  const big = BigInt(value);
  if (big < 0n || big > U64_MAX) throw new InvalidArgument(`${where}: ${value} is not an unsigned 64-bit value`);
  return big;
}

function asciiName(name: string, max: number, where: string): Buffer {
  if (!/^[A-Za-z0-9_]+$/.test(name) || name.length > max) throw new InvalidArgument(`${where}: ${JSON.stringify(name)} is not a valid name (letters, digits, _; at most ${max})`);
  return Buffer.from(name, "ascii");
}

/** The rule list in ffi/seccomp.c's format. Exported for tests. */
export function encodeSeccompRules(input: SeccompCompileInput): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(20);
  header.write(MAGIC, 0, "ascii");
  header.writeUInt32LE(VERSION, 4);
  header.writeUInt32LE(actionWord(input.defaultAction, "seccomp default action"), 8);
  header.writeUInt32LE(input.architectures.length, 12);
  header.writeUInt32LE(input.rules.length, 16);
  parts.push(header);
  for (const arch of input.architectures) {
    const name = asciiName(arch, 31, "seccomp architecture");
    parts.push(Buffer.from([name.length]), name);
  }
  input.rules.forEach((rule, i) => {
    const where = `seccomp rule ${i} (${rule.syscall})`;
    const name = asciiName(rule.syscall, 63, `seccomp rule ${i}`);
    const args = rule.args ?? [];
    if (args.length > 6) throw new InvalidArgument(`${where}: ${args.length} argument comparisons, at most 6`);
    const seen = new Set<number>();
    const head = Buffer.alloc(8);
    head.writeUInt32LE(actionWord(rule.action, where), 0);
    head.writeUInt8(name.length, 4);
    head.writeUInt8(args.length, 5);
    parts.push(head, name);
    for (const cmp of args) {
      if (!Number.isInteger(cmp.index) || cmp.index < 0 || cmp.index > 5) throw new InvalidArgument(`${where}: argument index ${cmp.index} is not in 0..5`);
      if (seen.has(cmp.index)) throw new InvalidArgument(`${where}: argument ${cmp.index} is compared twice (split it into separate rules)`);
      seen.add(cmp.index);
      const op = OPERATOR[cmp.op];
      if (op === undefined) throw new InvalidArgument(`${where}: unknown operator ${JSON.stringify(cmp.op)}`);
      const b = Buffer.alloc(24);
      b.writeUInt8(cmp.index, 0);
      b.writeUInt8(op, 1);
      b.writeBigUInt64LE(u64(cmp.value, `${where} value`), 8);
      b.writeBigUInt64LE(u64(cmp.valueTwo ?? 0, `${where} valueTwo`), 16);
      parts.push(b);
    }
  });
  return Buffer.concat(parts);
}

const ENOSPC = 28;

/** Compile a rule list into BPF bytes; InvalidArgument for a bad list, SyscallError for the rest. */
export function compileSeccomp(input: SeccompCompileInput): Buffer {
  const rules = encodeSeccompRules(input);
  for (const cap of [64 * 1024, 4 * 1024 * 1024]) {
    const out = Buffer.alloc(cap);
    const { rc, message } = withMessage((msg, len) => seccompHelper().bunker_seccomp_compile(rules, rules.length, out, cap, msg, len));
    if (rc === -ENOSPC) continue;
    if (rc === -22) throw new InvalidArgument(message || "invalid seccomp rules");
    if (rc < 0) throw SyscallError.fromReturn(rc, message);
    if (rc / 8 > SECCOMP_MAX_INSTRUCTIONS) {
      throw new InvalidArgument(`the seccomp filter has ${rc / 8} instructions; the kernel loads at most ${SECCOMP_MAX_INSTRUCTIONS}`);
    }
    return Buffer.from(out.subarray(0, rc));
  }
  throw new InvalidArgument("the seccomp filter is larger than 4 MiB");
}

/**
 * The number libseccomp gives syscall `name` on `arch` (a libseccomp name; "" = native), or null
 * when libseccomp does not know it there (such rules are skipped when compiling).
 */
export function seccompSyscallNumber(name: string, arch = ""): number | null {
  const { rc, message } = withMessage((msg, len) => seccompHelper().bunker_seccomp_resolve(cString(arch), cString(name), msg, len));
  if (rc >= 0) return rc;
  if (rc === -2 || rc === -38) return null;
  if (rc === -22) throw new InvalidArgument(message);
  throw SyscallError.fromReturn(rc, message);
}

/** Whether the linked libseccomp knows syscall `name` on any architecture (else rules naming it are skipped). */
export function seccompKnowsSyscall(name: string): boolean {
  const { rc, message } = withMessage((msg, len) => seccompHelper().bunker_seccomp_resolve(cString(""), cString(name), msg, len));
  if (rc === -22) throw new InvalidArgument(message);
  return rc !== -2;
}

/** The system calls seccompSelfTest() can make, by name (ffi/seccomp.c lists what each does). */
export const SECCOMP_PROBES = {
  "unshare(CLONE_NEWUSER)": 0,
  mount: 1,
  keyctl: 2,
  getpid: 3,
  "personality(0xffffffff)": 4,
  "clone(CLONE_NEWNS|CLONE_FS)": 5,
  "clone(SIGCHLD)": 6,
  clone3: 7,
  "personality(READ_IMPLIES_EXEC)": 8,
  io_uring_setup: 9,
} as const;
export type SeccompProbe = keyof typeof SECCOMP_PROBES;

/**
 * Tests only: install `filter` in a forked child (after no_new_privs) and make one system call;
 * returns the errno it failed with, or 0 when it succeeded.
 */
export function seccompSelfTest(filter: Buffer, probe: SeccompProbe): number {
  const { rc, message } = withMessage((msg, len) => seccompHelper().bunker_seccomp_selftest(filter, filter.length, SECCOMP_PROBES[probe], msg, len));
  if (rc < 0) throw SyscallError.fromReturn(rc, message);
  return rc;
}
