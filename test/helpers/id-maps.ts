import { lookupUserName, readSubordinateIds } from "../../src/runtime/index.ts";
import type { IdMapRange } from "../../src/sys/index.ts";

/** Who runs the tests, and the id-mapping tools and ranges they have, for the container tests. */
export const uid = process.getuid?.() ?? -1;
export const gid = process.getgid?.() ?? -1;
export const isRoot = uid === 0;
export const userName = lookupUserName(uid) ?? String(uid);
export const newuidmap = Bun.which("newuidmap") ?? undefined;
export const newgidmap = Bun.which("newgidmap") ?? undefined;

const ids = readSubordinateIds({ name: userName, uid });
/** This user's first subordinate ranges in /etc/subuid and /etc/subgid (the runtime's own parser). */
export const subuid = ids.uids[0];
export const subgid = ids.gids[0];

/** The full map rootless Bunker writes: container root is the user, 1.. the subordinate range. */
export function fullMaps(): { uidMap: IdMapRange[]; gidMap: IdMapRange[] } {
  return {
    uidMap: subuid ? [{ inside: 0, outside: uid, count: 1 }, { inside: 1, outside: subuid.start, count: subuid.count }] : [],
    gidMap: subgid ? [{ inside: 0, outside: gid, count: 1 }, { inside: 1, outside: subgid.start, count: subgid.count }] : [],
  };
}
