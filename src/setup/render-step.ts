import type { CheckResult, Fix, FixStep } from "./check-result.ts";

/** A word for a POSIX shell: bare when safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A step as the one shell line that does it: root commands get `sudo` unless `uid` is 0; a
 * command fed on stdin becomes `printf '%s\n' LINES | … >/dev/null` (only tee takes input).
 */
export function stepText(step: FixStep, uid: number): string {
  switch (step.kind) {
    case "run": {
      const cmd = [...(step.root && uid !== 0 ? ["sudo"] : []), ...step.argv].map(shellWord).join(" ");
      if (step.input === undefined) return cmd;
      const lines = step.input.replace(/\n$/, "").split("\n").map(shellWord).join(" ");
      return `printf '%s\\n' ${lines} | ${cmd} >/dev/null`;
    }
    case "write-file":
      return `write ${step.path}`;
    case "daemon-config":
      return `set ${Object.entries(step.set).map(([k, v]) => `"${k}": ${JSON.stringify(v)}`).join(", ")} in ${step.file}`;
    case "print":
      return step.text;
  }
}

/** A fix on one line: its steps joined with " && ". */
export function fixText(fix: Fix, uid: number): string {
  return fix.steps.map((s) => stepText(s, uid)).join(" && ");
}

/** A problem as a warning line of GET /info and `bunker info`: what, why, and the fix. */
export function warningText(result: CheckResult, uid: number): string {
  const fixes = result.fixes.filter((f) => !f.optional).map((f) => fixText(f, uid));
  const fix = fixes.length ? ` Fix: ${fixes.join("; or ")}.` : "";
  return `${result.id}: ${result.summary}. ${result.explanation ?? ""}${fix} Run \`bunker setup\` to apply fixes.`.replace(/\s+/g, " ").replace(/\.\. /g, ". ");
}
