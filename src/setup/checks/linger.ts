import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";
import { userName } from "./_steps.ts";

/** Lingering (logind): without it, logind stops the user's processes, containers included, at logout. */
export function checkLinger(facts: SetupFacts): CheckResult {
  const id = "linger";
  const c = facts.client;
  if (!c) return { id, status: "skip", summary: "checked by bunker setup", fixes: [] };
  if (!facts.host.rootless) return { id, status: "skip", summary: "not needed as root", fixes: [] };
  if (c.linger === null) return { id, status: "skip", summary: "no systemd-logind here, so nothing stops containers at logout", fixes: [] };
  if (c.linger) return { id, status: "ok", summary: "lingering is enabled: containers survive logout", fixes: [] };
  const user = userName(facts.host);
  return {
    id,
    status: "advice",
    summary: `lingering is off for ${user}`,
    explanation: "systemd-logind ends your processes, containers included, when your last session closes.",
    fixes: [{ title: `Enable lingering for ${user}`, steps: [{ kind: "run", argv: ["loginctl", "enable-linger", user], root: false }] }],
  };
}
