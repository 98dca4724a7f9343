import type { HostFacts } from "../host-facts.ts";
import { fixHints } from "../fix-hints.ts";

export interface IdMapLine {
  inside: number;
  outside: number;
  count: number;
}

/** How a rootless container's ids map to the host's. */
export interface IdMapPlan {
  /** False as root: containers run in the host's user namespace, like rootful Docker. */
  userns: boolean;
  uidMap: IdMapLine[];
  gidMap: IdMapLine[];
  /** Set when newuidmap/newgidmap write the maps (the whole subordinate range). */
  newuidmap?: string;
  newgidmap?: string;
  /** A one-line warning when only a single id can be mapped. */
  warning?: string;
}

/**
 * Container root is the user; 1..N are the user's subordinate ids, written by the setuid
 * newuidmap/newgidmap. Without subordinate ids or those tools, only root maps (to the user),
 * with a warning: files owned by other ids inside images then show as nobody.
 */
export function planIdMaps(host: Pick<HostFacts, "uid" | "rootless" | "subordinateIds" | "idMapTools" | "username">, gid: number): IdMapPlan {
  if (!host.rootless) return { userns: false, uidMap: [], gidMap: [] };
  const uids = host.subordinateIds.uids[0];
  const gids = host.subordinateIds.gids[0];
  const { newuidmap, newgidmap } = host.idMapTools;
  if (uids && gids && newuidmap.usable && newgidmap.usable && newuidmap.path && newgidmap.path) {
    return {
      userns: true,
      uidMap: [{ inside: 0, outside: host.uid, count: 1 }, { inside: 1, outside: uids.start, count: uids.count }],
      gidMap: [{ inside: 0, outside: gid, count: 1 }, { inside: 1, outside: gids.start, count: gids.count }],
      newuidmap: newuidmap.path,
      newgidmap: newgidmap.path,
    };
  }
  const user = { username: host.username, uid: host.uid };
  const why = !uids || !gids
    ? `no subordinate ids for ${host.username ?? host.uid} in /etc/subuid and /etc/subgid (add the line "${fixHints.subidLine(user)}" to both: ${fixHints.subidCommand(user)})`
    : `newuidmap/newgidmap are missing or not setuid (install the uidmap package, or ${fixHints.setuidCommand("/usr/bin/newuidmap /usr/bin/newgidmap")})`;
  return {
    userns: true,
    uidMap: [{ inside: 0, outside: host.uid, count: 1 }],
    gidMap: [{ inside: 0, outside: gid, count: 1 }],
    warning: `${why}: mapping a single id (container root = you); other users inside the container will not work; \`bunker setup\` offers the fix`,
  };
}
