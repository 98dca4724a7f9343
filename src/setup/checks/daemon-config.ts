import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";

/** The daemon config setup settles on: the storage driver that works best here, pinned in daemon.json. */
export function checkDaemonConfig(facts: SetupFacts): CheckResult {
  const id = "daemon-config";
  const c = facts.client;
  if (!c) return { id, status: "skip", summary: "checked by bunker setup", fixes: [] };
  if (!c.daemonConfig.ok) {
    return { id, status: "problem", summary: c.daemonConfig.error, explanation: "The daemon refuses to start with a config file it cannot read.", fixes: [{ title: `Correct ${c.daemonConfigFile}`, steps: [{ kind: "print", text: `edit ${c.daemonConfigFile} (Docker's daemon.json keys; see the README)` }] }] };
  }
  const driver = c.daemonConfig.json["storage-driver"];
  const best = facts.storage.best;
  const current = driver === "overlay2" ? "overlay" : driver;
  if (current === best) return { id, status: "ok", summary: `${c.daemonConfigFile}: storage-driver ${best}`, fixes: [] };
  return {
    id,
    status: "advice",
    summary: current === undefined ? `${c.daemonConfigFile} does not name a storage driver (best here: ${best})` : `${c.daemonConfigFile} asks for storage-driver ${String(current)}, but ${best} works best here`,
    explanation: "Pinning the driver keeps images where they are if a later probe picks another one.",
    fixes: [{ title: `Write storage-driver "${best}" to ${c.daemonConfigFile}`, steps: [{ kind: "daemon-config", file: c.daemonConfigFile, set: { "storage-driver": best } }] }],
  };
}
