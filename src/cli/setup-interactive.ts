/** `bunker setup` on a terminal (@clack/prompts): each check, each problem's explanation, a confirm per fix. */
import * as p from "@clack/prompts";
import { applyFix, needsRoot, planDaemonConfig, printOnly, renderConfigChanges, stepText, type CheckResult, type Fix } from "../setup/index.ts";

/** What a fix will do, shown before asking: its commands, files, and daemon.json diff. */
function describeFix(fix: Fix, uid: number): string {
  const lines: string[] = [];
  for (const step of fix.steps) {
    if (step.kind === "daemon-config") {
      try {
        const merge = planDaemonConfig(step, true);
        lines.push(`${step.file}:`, ...(merge.changes.length ? renderConfigChanges(merge.changes).map((l) => `  ${l}`) : ["  (already set)"]));
      } catch (err) {
        lines.push((err as Error).message);
      }
    } else if (step.kind === "write-file") {
      lines.push(`write ${step.path}:`, ...step.content.trimEnd().split("\n").map((l) => `  ${l}`));
    } else {
      lines.push(stepText(step, uid));
    }
  }
  if (fix.note) lines.push(`(${fix.note})`);
  return lines.join("\n");
}

function showResult(r: CheckResult): void {
  const text = `${r.id}: ${r.summary}${r.explanation ? `\n${r.explanation}` : ""}`;
  if (r.status === "ok") p.log.success(text);
  else if (r.status === "skip") p.log.info(text);
  else if (r.status === "advice") p.log.warn(text);
  else p.log.error(text);
}

/** Runs the interactive setup; returns the exit status (1 when problems remain). */
export async function interactiveSetup(uid: number, checkHost: () => CheckResult[]): Promise<number> {
  p.intro("bunker setup");
  const spin = p.spinner();
  spin.start("Checking this host");
  let results = checkHost();
  spin.stop("Checked this host");
  const notRun: string[] = [];
  let changed = false;
  for (const r of results) {
    showResult(r);
    if (r.status !== "problem" && r.status !== "advice") continue;
    for (const fix of r.fixes) {
      p.note(describeFix(fix, uid), fix.title);
      if (printOnly(fix)) continue;
      const root = needsRoot(fix);
      const answer = await p.confirm({
        message: root ? (uid === 0 ? "Run these commands as root?" : "Run these commands with sudo?") : "Apply this?",
        initialValue: !root && !fix.optional,
      });
      if (p.isCancel(answer)) {
        p.cancel("Setup stopped; nothing more was changed.");
        return 1;
      }
      if (!answer) {
        if (root) notRun.push(...fix.steps.map((s) => stepText(s, uid)));
        continue;
      }
      const said: string[] = [];
      const ok = await applyFix(fix, { uid, overwriteConfig: true, say: (line) => said.push(line) });
      changed = true;
      if (ok) p.log.success(`${fix.title}: done${said.length ? `\n${said.join("\n")}` : ""}`);
      else p.log.error(`${fix.title}: failed\n${said.join("\n")}`);
    }
  }
  if (changed) results = checkHost();
  if (notRun.length > 0) p.note(notRun.join("\n"), "Not run (root commands you declined)");
  if (results.find((r) => r.id === "systemd")?.status === "skip") p.log.info("Without systemd units, the CLI starts the daemon when a command needs it.");
  const problems = results.filter((r) => r.status === "problem").map((r) => r.id);
  p.outro(problems.length ? `${problems.length} problem${problems.length === 1 ? "" : "s"} left: ${problems.join(", ")}` : "No problems left.");
  return problems.length ? 1 : 0;
}
