import { fixHints } from "../../runtime/index.ts";
import type { CheckResult, Fix } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";
import { sysctlSteps } from "./_steps.ts";

/** Unprivileged user namespaces: the kernel switches that forbid them, and whether one can really be made. */
export function checkUserNamespaces(facts: SetupFacts): CheckResult {
  const id = "userns";
  if (!facts.host.rootless) return { id, status: "skip", summary: "not needed as root (containers run without a user namespace, as rootful Docker's)", fixes: [] };
  const ns = facts.host.userNamespaces;
  const fixes: Fix[] = [];
  const found: string[] = [];
  if (ns.maxUserNamespaces === 0) {
    found.push("user.max_user_namespaces is 0");
    fixes.push({ title: "Allow user namespaces (user.max_user_namespaces)", steps: sysctlSteps("user.max_user_namespaces", "28633", "99-bunker-userns.conf") });
  }
  if (ns.unprivilegedUsernsClone === false) {
    found.push("kernel.unprivileged_userns_clone is 0");
    fixes.push({ title: "Allow unprivileged user namespaces (kernel.unprivileged_userns_clone)", steps: sysctlSteps("kernel.unprivileged_userns_clone", "1", "99-bunker-userns-clone.conf") });
  }
  if (ns.apparmorRestricts === true) {
    found.push("AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns is 1)");
    fixes.push({
      title: "Lift AppArmor's restriction on unprivileged user namespaces",
      steps: sysctlSteps("kernel.apparmor_restrict_unprivileged_userns", "0", "99-bunker-apparmor-userns.conf"),
      note: "this lifts it for every program; an AppArmor profile with `userns,` for the bunker binary is the narrower alternative",
    });
  }
  if (found.length === 0 && facts.userNamespaceProbe.ok) {
    return { id, status: "ok", summary: `unprivileged user namespaces work (max_user_namespaces ${ns.maxUserNamespaces ?? "unknown"})`, fixes: [] };
  }
  if (found.length === 0 && !facts.userNamespaceProbe.ok) found.push(`creating one fails: ${facts.userNamespaceProbe.reason}`);
  return {
    id,
    status: "problem",
    summary: `user namespaces cannot be created: ${found.join("; ")}`,
    explanation: "Rootless containers run in a user namespace where container root is you; without one no container starts.",
    fixes: fixes.length > 0 ? fixes : [{ title: "Allow user namespaces", steps: [{ kind: "print", text: `check the kernel's user namespace settings: ${fixHints.usernsClone}, ${fixHints.maxUserNamespaces}, or a security module (AppArmor, SELinux) that forbids them` }] }],
  };
}
