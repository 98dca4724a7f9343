import type { CheckResult, Fix } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";
import { installFix } from "./_steps.ts";

/** newuidmap and newgidmap: installed, and setuid root or given the capabilities they need. */
export function checkIdMapTools(facts: SetupFacts): CheckResult {
  const id = "idmap-tools";
  if (!facts.host.rootless) return { id, status: "skip", summary: "not needed as root", fixes: [] };
  const tools = [facts.host.idMapTools.newuidmap, facts.host.idMapTools.newgidmap];
  if (tools.every((t) => t.usable)) return { id, status: "ok", summary: `${tools.map((t) => t.path).join(" and ")} can write id maps`, fixes: [] };
  const fixes: Fix[] = [];
  if (tools.some((t) => t.path === undefined)) fixes.push(installFix(facts.packageManager, facts.packageManager === "apt-get" || !facts.packageManager ? "uidmap" : "shadow-utils"));
  const unusable = tools.filter((t) => t.path !== undefined && !t.usable).map((t) => t.path as string);
  if (unusable.length > 0) fixes.push({ title: `Make ${unusable.join(" and ")} setuid root`, steps: [{ kind: "run", argv: ["chmod", "u+s", ...unusable], root: true }] });
  return {
    id,
    status: "problem",
    summary: tools.filter((t) => !t.usable).map((t) => t.reason ?? "unusable").join(" "),
    explanation: "They write the user namespace's id maps over your subordinate range; without them containers map only one id.",
    fixes,
  };
}
