import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";
import { sysctlSteps } from "./_steps.ts";

/** net.ipv4.ping_group_range: containers' ping to the outside needs the daemon's gid in it. */
export function checkPing(facts: SetupFacts): CheckResult {
  const id = "ping";
  const range = facts.host.pingGroupRange;
  if (!facts.host.rootless) return { id, status: "skip", summary: "root may open ICMP sockets", fixes: [] };
  if (range === null) return { id, status: "skip", summary: "net.ipv4.ping_group_range is not readable", fixes: [] };
  if (range[0] <= facts.gid && facts.gid <= range[1]) return { id, status: "ok", summary: `gid ${facts.gid} may open ICMP sockets (ping_group_range ${range.join(" ")})`, fixes: [] };
  return {
    id,
    status: "advice",
    summary: `gid ${facts.gid} is outside net.ipv4.ping_group_range (${range.join(" ")})`,
    explanation: "Containers can then ping only their gateway: echo to the outside needs an ICMP socket of the daemon.",
    fixes: [{ title: "Let users open ICMP echo sockets", steps: sysctlSteps("net.ipv4.ping_group_range", "0 2147483647", "99-bunker-ping.conf"), optional: true }],
  };
}
