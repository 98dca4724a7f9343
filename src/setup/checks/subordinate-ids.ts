import { fixHints, SUBID_COUNT } from "../../runtime/index.ts";
import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";
import { userName } from "./_steps.ts";

/** The user's ranges in /etc/subuid and /etc/subgid: present, and at least 65536 ids each. */
export function checkSubordinateIds(facts: SetupFacts): CheckResult {
  const id = "subids";
  const { host } = facts;
  if (!host.rootless) return { id, status: "skip", summary: "not needed as root", fixes: [] };
  const user = userName(host);
  const uids = host.subordinateIds.uids[0];
  const gids = host.subordinateIds.gids[0];
  const start = facts.subidNextStart;
  const end = start + SUBID_COUNT - 1;
  if (!uids || !gids) {
    const missing = [!uids ? "/etc/subuid" : "", !gids ? "/etc/subgid" : ""].filter(Boolean).join(" and ");
    return {
      id,
      status: "problem",
      summary: `no subordinate ids for ${user} in ${missing}`,
      explanation: `Containers then map a single id (container root = you), so images with files of other owners fail; the line "${fixHints.subidLine(host, start)}" gives them 65536 ids.`,
      fixes: [{ title: `Give ${user} ${SUBID_COUNT} subordinate uids and gids (${start}-${end})`, steps: [{ kind: "run", argv: ["usermod", ...(!uids ? ["--add-subuids", `${start}-${end}`] : []), ...(!gids ? ["--add-subgids", `${start}-${end}`] : []), user], root: true }] }],
    };
  }
  const small = [uids.count < SUBID_COUNT ? `subuid ${uids.count}` : "", gids.count < SUBID_COUNT ? `subgid ${gids.count}` : ""].filter(Boolean);
  if (small.length > 0) {
    const del = [...(uids.count < SUBID_COUNT ? ["--del-subuids", `${uids.start}-${uids.start + uids.count - 1}`, "--add-subuids", `${start}-${end}`] : []), ...(gids.count < SUBID_COUNT ? ["--del-subgids", `${gids.start}-${gids.start + gids.count - 1}`, "--add-subgids", `${start}-${end}`] : [])];
    return {
      id,
      status: "problem",
      summary: `${user}'s subordinate ranges are smaller than ${SUBID_COUNT} (${small.join(", ")})`,
      explanation: `Images use ids up to 65534 (nobody); ids past the range cannot be mapped, so such files and users fail inside containers.`,
      fixes: [{ title: `Replace the small range with ${start}-${end}`, steps: [{ kind: "run", argv: ["usermod", ...del, user], root: true }], note: "files that containers already made under the old range keep its ids: remove old containers and images first" }],
    };
  }
  return { id, status: "ok", summary: `${user} has subordinate uids ${uids.start}-${uids.start + uids.count - 1} and gids ${gids.start}-${gids.start + gids.count - 1}`, fixes: [] };
}
