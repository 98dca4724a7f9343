/** Delegation facts for the legacy (v1) controller hierarchies. */
import type { CgroupV1Facts, CgroupV1Hierarchy, LimitController } from "./cgroup-facts.ts";
import type { CgroupMembership, CgroupMount } from "./_proc-files.ts";
import { cgroupDir, ownedAndWritable, topmostOwned } from "./_ownership.ts";

/** The v1 part of CgroupFacts, before detect.ts merges it. */
export interface V1Result {
  facts: CgroupV1Facts;
  delegated: boolean;
  controllers: LimitController[];
  warnings: string[];
}

const LIMITS: LimitController[] = ["memory", "pids", "cpu", "blkio", "cpuset"];

const keyOf = (controllers: string[]): string => [...controllers].sort().join(",");

/** One mount per hierarchy: a later mount on the same point hides an earlier one; /sys/fs/cgroup/* is preferred over bind mounts elsewhere. */
function pickHierarchies(mounts: CgroupMount[]): CgroupMount[] {
  const byPoint = new Map<string, CgroupMount>();
  for (const m of mounts) if (m.controllers.length > 0) byPoint.set(m.mountPoint, m);
  const byKey = new Map<string, CgroupMount>();
  for (const m of byPoint.values()) {
    const key = keyOf(m.controllers);
    const seen = byKey.get(key);
    if (!seen || (!seen.mountPoint.startsWith("/sys/fs/cgroup/") && m.mountPoint.startsWith("/sys/fs/cgroup/"))) byKey.set(key, m);
  }
  return [...byKey.values()];
}

/** A cgroup path below the mount's visible root. */
function below(mount: CgroupMount, ...parts: string[]): string {
  return `${mount.root === "/" ? "" : mount.root}/${parts.join("/")}`;
}

/**
 * The cgroup of this hierarchy that `uid` may create children in. The rule, first match wins:
 *  1. the process's own cgroup when owned by uid and owner-writable, widened upward while each
 *     parent is too (pam_cgfs moves login sessions into /user/<name>/<n>, chowned to the user);
 *     root's own cgroup always qualifies;
 *  2. `<mount>/user/<username>` when it exists, owned by uid and owner-writable;
 *  3. `<mount>/bunker/<uid>`, likewise.
 * 2 and 3 are subtrees root makes once per controller and chowns to the user (`chown -R`, so the
 * user may also move processes into it; cgroups the user then creates belong to the user).
 */
function delegatedIn(mount: CgroupMount, ownPath: string, uid: number, username: string | undefined, fsRoot: string): string | undefined {
  const own = topmostOwned(mount, fsRoot, ownPath, uid);
  if (own !== undefined) return own;
  const conventional: string[] = [];
  if (username && !username.includes("/") && username !== "." && username !== "..") conventional.push(below(mount, "user", username));
  conventional.push(below(mount, "bunker", String(uid)));
  for (const path of conventional) {
    const dir = cgroupDir(mount, fsRoot, path);
    if (dir !== undefined && ownedAndWritable(dir, uid)) return path;
  }
  return undefined;
}

/** Detects v1 delegation for every mounted controller hierarchy. */
export function detectV1(
  mounts: CgroupMount[],
  memberships: CgroupMembership[],
  uid: number,
  username: string | undefined,
  fsRoot: string,
): V1Result {
  const facts: CgroupV1Facts = { controllers: {} };
  const readOnly: string[] = [];
  let delegated = false;
  for (const mount of pickHierarchies(mounts)) {
    const key = keyOf(mount.controllers);
    const member = memberships.find((m) => m.id !== 0 && keyOf(m.controllers) === key)
      ?? memberships.find((m) => m.id !== 0 && m.controllers.some((c) => mount.controllers.includes(c)));
    if (!member) continue;
    const entry: CgroupV1Hierarchy = { mountPoint: mount.mountPoint, ownPath: member.path };
    if (mount.readOnly) readOnly.push(mount.mountPoint);
    else {
      const path = delegatedIn(mount, member.path, uid, username, fsRoot);
      if (path !== undefined) {
        entry.delegatedPath = path;
        if (mount.controllers.some((c) => !c.startsWith("name="))) delegated = true;
      }
    }
    for (const c of mount.controllers) facts.controllers[c] = { ...entry };
  }

  const controllers = LIMITS.filter((c) => facts.controllers[c]?.delegatedPath !== undefined);
  const warnings: string[] = [];
  if (readOnly.length > 0) {
    warnings.push(`cgroup v1 hierarchies ${readOnly.join(", ")} are mounted read-only, so Bunker cannot create cgroups in them; mount them read-write.`);
  }
  const unmounted = LIMITS.filter((c) => facts.controllers[c] === undefined);
  if (unmounted.length > 0) {
    warnings.push(`cgroup v1 controllers ${unmounted.join(", ")} are not mounted, so their limits are unavailable; mount each at /sys/fs/cgroup/<controller>.`);
  }
  const missing = LIMITS.filter((c) => {
    const h = facts.controllers[c];
    return h !== undefined && h.delegatedPath === undefined && !readOnly.includes(h.mountPoint);
  });
  if (missing.length > 0) {
    const first = facts.controllers[missing[0] ?? ""]?.mountPoint ?? "/sys/fs/cgroup/memory";
    const sub = username ? `user/${username}` : `bunker/${uid}`;
    const owner = username ?? String(uid);
    warnings.push(
      uid === 0
        ? `cgroup v1 controllers ${missing.join(", ")} have no usable cgroup directory for this process; check that its cgroups in /proc/self/cgroup exist under their mounts.`
        : `cgroup v1 controllers ${missing.join(", ")} are not delegated to uid ${uid}; as root, create a subtree for each and chown it to the user, e.g. "mkdir -p ${first}/${sub} && chown -R ${owner} ${first}/${sub}" (or <mount>/bunker/${uid}), or log in through pam_cgfs.`,
    );
  }
  return { facts, delegated, controllers, warnings };
}
