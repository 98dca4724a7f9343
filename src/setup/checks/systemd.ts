import { systemdUnits } from "../systemd-units.ts";
import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";

/** systemd units with socket activation, where a systemd manager runs for this user. */
export function checkSystemd(facts: SetupFacts): CheckResult {
  const id = "systemd";
  const c = facts.client;
  if (!c) return { id, status: "skip", summary: "checked by bunker setup", fixes: [] };
  if (!c.systemdManager) {
    return { id, status: "skip", summary: `no systemd ${facts.host.rootless ? "user manager" : ""} runs here: the CLI starts the daemon on demand (bunker daemon stop ends it)`.replace("  ", " "), fixes: [] };
  }
  const units = systemdUnits(c.bunkerCommand);
  const stale = Object.entries(units).filter(([name, text]) => c.installedUnits[name] !== text).map(([name]) => name);
  if (stale.length === 0) return { id, status: "ok", summary: `bunker.socket and bunker.service are installed in ${c.unitDir}`, fixes: [] };
  const ctl = facts.host.rootless ? ["systemctl", "--user"] : ["systemctl"];
  return {
    id,
    status: "advice",
    summary: `${stale.join(" and ")} ${stale.length === 1 ? "is" : "are"} ${stale.every((n) => c.installedUnits[n] === undefined) ? "not installed" : "out of date"} in ${c.unitDir}`,
    explanation: "With socket activation systemd starts the daemon on the first connection and keeps it supervised.",
    fixes: [{
      title: "Install bunker.socket and bunker.service (socket activation)",
      steps: [
        ...Object.entries(units).map(([name, content]) => ({ kind: "write-file" as const, path: `${c.unitDir}/${name}`, content })),
        { kind: "run", argv: [...ctl, "daemon-reload"], root: false },
        { kind: "run", argv: [...ctl, "enable", "--now", "bunker.socket"], root: false },
      ],
      note: "a daemon the CLI started earlier keeps running until `bunker daemon stop`",
    }],
  };
}
