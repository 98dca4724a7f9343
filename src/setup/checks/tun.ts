import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";

/** /dev/net/tun: every container's network interface is a TAP device made through it. */
export function checkTun(facts: SetupFacts): CheckResult {
  const id = "tun";
  const tun = facts.host.tun;
  if (tun.ok) return { id, status: "ok", summary: "/dev/net/tun opens", fixes: [] };
  const missing = /no such device node|ENOENT/.test(tun.reason);
  return {
    id,
    status: "problem",
    summary: tun.reason.replace(/ \(make it .*\)$/, ""),
    explanation: "Containers get their network interface (a TAP device) through /dev/net/tun; without it only --network none and host work.",
    fixes: [
      missing
        ? { title: "Create /dev/net/tun (mode 0666)", steps: [{ kind: "run", argv: ["sh", "-c", "modprobe tun 2>/dev/null; [ -e /dev/net/tun ] || { mkdir -p /dev/net && mknod /dev/net/tun c 10 200; }; chmod 0666 /dev/net/tun"], root: true }] }
        : { title: "Let every user open /dev/net/tun, as udev does", steps: [{ kind: "run", argv: ["chmod", "0666", "/dev/net/tun"], root: true }] },
    ],
  };
}
