/** Carries out a fix the user agreed to: commands (through sudo when they need root), files, daemon.json keys. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseDaemonConfig } from "../config/index.ts";
import { messageOf } from "../lib/index.ts";
import type { Fix, FixStep } from "./check-result.ts";
import { mergeDaemonConfig, renderConfigChanges, type ConfigMerge } from "./daemon-config-merge.ts";
import { stepText } from "./render-step.ts";

/**
 * Runs argv with `input` on stdin; resolves to the exit status and, when `capture`, the output.
 * Root commands keep the terminal (sudo may ask for a password); others are captured so that
 * their output lands in setup's own report.
 */
export type StepRunner = (argv: string[], input: string | undefined, capture: boolean) => Promise<{ code: number; output?: string }>;

export interface ApplyOptions {
  uid: number;
  /** Change daemon.json keys that already hold another value (only after the user saw the diff). */
  overwriteConfig: boolean;
  run?: StepRunner;
  /** Where progress lines go. */
  say: (line: string) => void;
}

const spawnStep: StepRunner = async (argv, input, capture) => {
  const proc = Bun.spawn(argv, {
    stdin: input === undefined ? (capture ? "ignore" : "inherit") : new TextEncoder().encode(input),
    stdout: capture ? "pipe" : input === undefined ? "inherit" : "ignore",
    stderr: capture ? "pipe" : "inherit",
  });
  if (!capture) return { code: await proc.exited };
  const [out, err, code] = await Promise.all([new Response(proc.stdout as ReadableStream).text(), new Response(proc.stderr as ReadableStream).text(), proc.exited]);
  return { code, output: `${input === undefined ? out : ""}${err}`.trimEnd() };
};

function writeAtomically(path: string, content: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  renameSync(tmp, path);
}

/** The daemon.json merge a step would make; throws when the file is not valid JSON. */
export function planDaemonConfig(step: Extract<FixStep, { kind: "daemon-config" }>, overwrite: boolean): ConfigMerge {
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(step.file, "utf8")) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot merge into ${step.file}: ${messageOf(err)}`);
  }
  return mergeDaemonConfig(current, step.set, overwrite);
}

/** Applies each step in order; stops at the first that fails. Returns whether all succeeded. */
export async function applyFix(fix: Fix, opts: ApplyOptions): Promise<boolean> {
  const run = opts.run ?? spawnStep;
  for (const step of fix.steps) {
    try {
      if (step.kind === "run") {
        const argv = step.root && opts.uid !== 0 ? ["sudo", ...step.argv] : step.argv;
        opts.say(`$ ${stepText(step, opts.uid)}`);
        const { code, output } = await run(argv, step.input, !step.root);
        if (output) for (const line of output.split("\n")) opts.say(`  ${line}`);
        if (code !== 0) {
          opts.say(`failed with exit status ${code}`);
          return false;
        }
      } else if (step.kind === "write-file") {
        writeAtomically(step.path, step.content, 0o644);
        opts.say(`wrote ${step.path}`);
      } else if (step.kind === "daemon-config") {
        const merge = planDaemonConfig(step, opts.overwriteConfig);
        const text = `${JSON.stringify(merge.next, null, 2)}\n`;
        parseDaemonConfig(text, step.file); // never write a file the daemon would refuse
        if (merge.changes.some((c) => c.action !== "keep")) writeAtomically(step.file, text, 0o644);
        for (const line of renderConfigChanges(merge.changes)) opts.say(`${step.file}: ${line}`);
      } else {
        opts.say(step.text);
      }
    } catch (err) {
      opts.say(`failed: ${messageOf(err)}`);
      return false;
    }
  }
  return true;
}
