import type { CheckResult, Fix } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";
import { userName } from "./_steps.ts";

const DROP_IN = "/etc/systemd/system/user@.service.d/delegate.conf";
const DELEGATE = "Delegate=cpu cpuset io memory pids";

/** The v1 hand-over pam_cgfs does: a subtree per hierarchy, owned by the user (cpuset filled in). */
function v1Script(mounts: string[], uid: number, user: string): string {
  return mounts
    .map((m) => {
      const dir = `${m}/bunker/${uid}`;
      const cpuset = m.includes("cpuset")
        ? ` && for f in cpuset.cpus cpuset.mems; do for d in ${m}/bunker ${dir}; do [ -n "$(cat $d/$f)" ] || cat ${m}/$f > $d/$f; done; done`
        : "";
      return `mkdir -p ${dir} && chown -R ${user} ${dir}${cpuset}`;
    })
    .join(" && ");
}

/** cgroup delegation: v2 through systemd's Delegate=, v1 through a per-user subtree per hierarchy. */
export function checkCgroups(facts: SetupFacts): CheckResult {
  const id = "cgroups";
  const { host } = facts;
  const cg = host.cgroups;
  const version = cg.version === 1 ? "cgroup v1 (legacy hierarchies)" : "cgroup v2";
  const wanted = cg.version === 1 ? ["memory", "pids", "cpu", "blkio", "cpuset"] : ["memory", "pids", "cpu", "io", "cpuset"];
  const missing = wanted.filter((c) => !(cg.controllers as string[]).includes(c));
  const where = cg.version === 2 ? cg.v2?.delegationRoot : cg.v1?.controllers.memory?.delegatedPath ?? Object.values(cg.v1?.controllers ?? {}).find((h) => h.delegatedPath)?.delegatedPath;
  if (missing.length === 0) {
    const how = !host.rootless ? "root manages every controller" : cg.version === 1 ? "per-user subtrees delegated" : "delegated";
    return { id, status: "ok", summary: `${version}: ${how}${where ? ` (${where})` : ""}: ${cg.controllers.join(", ")}`, fixes: [] };
  }
  const user = userName(host);
  const fixes: Fix[] = [];
  if (host.rootless && cg.version === 2) {
    fixes.push({
      title: `Delegate the cgroup controllers to users with the systemd drop-in ${DROP_IN}`,
      steps: [
        { kind: "run", argv: ["mkdir", "-p", "/etc/systemd/system/user@.service.d"], root: true },
        { kind: "run", argv: ["tee", DROP_IN], root: true, input: `[Service]\n${DELEGATE}\n` },
        { kind: "run", argv: ["systemctl", "daemon-reload"], root: true },
      ],
      note: "log out and in again (or restart user@UID.service) for it to take effect",
    });
  } else if (host.rootless && cg.version === 1) {
    const mounts = [...new Set(missing.map((c) => cg.v1?.controllers[c]?.mountPoint).filter((m): m is string => m !== undefined))];
    if (mounts.length > 0) {
      fixes.push({ title: `Hand ${user} a subtree of each cgroup v1 hierarchy (${mounts.join(", ")}), as pam_cgfs does`, steps: [{ kind: "run", argv: ["sh", "-c", v1Script(mounts, host.uid, user)], root: true }], note: "cgroup v1 subtrees do not survive a reboot: run it from a boot script, or use pam_cgfs" });
    }
  }
  if (facts.client) {
    fixes.push({
      title: 'Run containers without the limits that cannot be enforced, with a warning (daemon.json "unenforced-limits": "warn")',
      steps: [{ kind: "daemon-config", file: facts.client.daemonConfigFile, set: { "unenforced-limits": "warn" } }],
      optional: true,
    });
  }
  const found = !cg.delegated ? `nothing is delegated to uid ${host.uid}` : `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not delegated${where ? ` to ${where}` : ""}`;
  return {
    id,
    status: "problem",
    summary: `${version}: ${found}${cg.warnings.length ? ` (${cg.warnings[0]})` : ""}`,
    explanation: `Limits such as --memory, --cpus and --pids-limit need their controller delegated; Bunker refuses them otherwise${!host.rootless ? "" : ", and pause/stats need it too"}.`,
    fixes,
  };
}
