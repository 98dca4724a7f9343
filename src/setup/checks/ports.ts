import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";
import { sysctlSteps } from "./_steps.ts";

/** net.ipv4.ip_unprivileged_port_start: the lowest host port a rootless -p can publish. */
export function checkPorts(facts: SetupFacts): CheckResult {
  const id = "ports";
  const start = facts.host.unprivilegedPortStart;
  if (!facts.host.rootless) return { id, status: "skip", summary: "root may publish any port", fixes: [] };
  if (start === null) return { id, status: "skip", summary: "net.ipv4.ip_unprivileged_port_start is not readable", fixes: [] };
  if (start <= 80) return { id, status: "ok", summary: `ports from ${start} up can be published`, fixes: [] };
  return {
    id,
    status: "advice",
    summary: `net.ipv4.ip_unprivileged_port_start is ${start}: ports below it (80, 443) cannot be published`,
    explanation: "Only root may bind ports below that number, so -p 80:80 fails for you.",
    fixes: [{ title: "Let users publish ports from 80 up", steps: sysctlSteps("net.ipv4.ip_unprivileged_port_start", "80", "99-bunker-ports.conf"), optional: true }],
  };
}
