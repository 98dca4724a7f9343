import { fixText, type CheckResult } from "../setup/index.ts";

const WIDTH = { status: 8, id: 14 };

/**
 * One line per check, for scripts: `STATUS  ID  SUMMARY[ — fix: COMMANDS]`. STATUS is ok,
 * problem, advice or skip; only problems make `bunker setup --check` exit 1.
 */
export function checkLine(r: CheckResult, uid: number): string {
  const fixes = r.status === "problem" || r.status === "advice" ? r.fixes.map((f) => fixText(f, uid)) : [];
  const fix = fixes.length ? ` — fix: ${fixes.join("; or: ")}` : "";
  return `${r.status.padEnd(WIDTH.status)} ${r.id.padEnd(WIDTH.id)} ${r.summary}${fix}`;
}

/** The closing line: how many problems. */
export function summaryLine(results: CheckResult[]): string {
  const problems = results.filter((r) => r.status === "problem").map((r) => r.id);
  return problems.length === 0 ? "no problems found" : `${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.join(", ")} (bunker setup offers the fixes)`;
}
