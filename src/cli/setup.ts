import { applyFix, gatherSetupFacts, needsRoot, printOnly, runChecks, stepText, type CheckResult } from "../setup/index.ts";
import { command } from "./command.ts";
import { checkLine, summaryLine } from "./setup-report.ts";

/**
 * The checks' results. BUNKER_SETUP_ROOT (for tests) puts a fake root before every system path
 * the checks read (/proc/sys, /etc/subuid, /dev/net/tun, cgroupfs, …), as BUNKER_CONFIG_FILE
 * redirects the config file.
 */
export function checkHost(): CheckResult[] {
  return runChecks(gatherSetupFacts({ root: process.env.BUNKER_SETUP_ROOT || "" }));
}

/** `--check`: every check on a line; 1 when any problem is found. */
function report(results: CheckResult[], uid: number): number {
  for (const r of results) console.log(checkLine(r, uid));
  console.log(summaryLine(results));
  return results.some((r) => r.status === "problem") ? 1 : 0;
}

/** `--yes`: apply every fix that needs no root and is not a policy choice; list the root commands left. */
async function applySafe(results: CheckResult[], uid: number): Promise<number> {
  const notRun: string[] = [];
  let applied = 0;
  for (const r of results) {
    if (r.status !== "problem" && r.status !== "advice") continue;
    for (const fix of r.fixes) {
      if (fix.optional || printOnly(fix)) continue;
      if (needsRoot(fix)) {
        notRun.push(`# ${r.id}: ${fix.title}`, ...fix.steps.map((s) => stepText(s, uid)));
        continue;
      }
      console.log(`${r.id}: ${fix.title}`);
      const ok = await applyFix(fix, { uid, overwriteConfig: false, say: (line) => console.log(`  ${line}`) });
      if (ok) applied++;
      if (ok && fix.note) console.log(`  note: ${fix.note}`);
    }
  }
  if (applied === 0) console.log("no fix to apply without root");
  if (notRun.length > 0) console.log(`\nThese need root and were not run (run them, or \`bunker setup\` in a terminal):\n${notRun.join("\n")}`);
  console.log("");
  return report(checkHost(), uid);
}

export default command({
  meta: { name: "setup", description: "Check this host for rootless containers and offer fixes" },
  args: {
    check: { type: "boolean", description: "Only check: one line per check, exit status 1 on a problem" },
    yes: { type: "boolean", alias: "y", description: "Apply every fix that needs no root, without asking; print the root commands" },
  },
  async run({ args }) {
    const uid = process.getuid?.() ?? 0;
    const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
    if (args.yes) return applySafe(checkHost(), uid);
    if (!args.check && !tty) console.error("bunker setup: not a terminal, so only checking (use --check to say so, or --yes to apply the fixes that need no root)");
    if (args.check || !tty) return report(checkHost(), uid);
    const { interactiveSetup } = await import("./setup-interactive.ts");
    return interactiveSetup(uid, checkHost);
  },
});
