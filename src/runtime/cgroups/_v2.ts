/** Delegation facts for the unified (v2) hierarchy. */
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import type { CgroupV2Facts, LimitController } from "./cgroup-facts.ts";
import type { CgroupMount } from "./_proc-files.ts";
import { cgroupDir, ownerOf, topmostOwned } from "./_ownership.ts";

/** The v2 part of CgroupFacts, before detect.ts merges it. */
export interface V2Result {
  facts?: CgroupV2Facts;
  delegated: boolean;
  driver: "cgroupfs" | "systemd";
  controllers: LimitController[];
  warnings: string[];
}

const LIMITS: LimitController[] = ["memory", "pids", "cpu", "io", "cpuset"];
const DROP_IN = "/etc/systemd/system/user@.service.d/delegate.conf";

/** A whitespace-separated list file such as cgroup.controllers; [] when unreadable. */
function readList(path: string): string[] {
  try {
    return readFileSync(path, "utf8").split(/\s+/).filter((s) => s !== "");
  } catch {
    return [];
  }
}

/** Detects v2 delegation for the process whose unified cgroup is `ownPath`. */
export function detectV2(mount: CgroupMount, ownPath: string | undefined, uid: number, fsRoot: string): V2Result {
  if (ownPath === undefined) {
    return {
      delegated: false,
      driver: "cgroupfs",
      controllers: [],
      warnings: ["/proc/self/cgroup has no cgroup v2 line (0::/path), so Bunker cannot tell which cgroup it runs in; run it on a kernel with cgroup2 enabled."],
    };
  }
  const warnings: string[] = [];
  // systemd manages the cgroup when it lies inside the uid's user manager, which can create scopes for us.
  const driver = ownPath.split("/").includes(`user@${uid}.service`) ? "systemd" : "cgroupfs";
  const ownDir = cgroupDir(mount, fsRoot, ownPath);
  let delegationRoot: string | undefined;
  if (ownDir === undefined) {
    warnings.push(`The process's cgroup ${ownPath} lies outside the part of the hierarchy mounted at ${mount.mountPoint}; mount the cgroup2 filesystem of its own cgroup namespace there.`);
  } else if (mount.readOnly) {
    warnings.push(`${mount.mountPoint} is mounted read-only, so Bunker cannot create cgroups; mount cgroup2 read-write (for a container: give it a private cgroup namespace and a writable cgroup mount).`);
  } else {
    delegationRoot = topmostOwned(mount, fsRoot, ownPath, uid);
    if (delegationRoot === undefined && uid !== 0) {
      const owner = ownerOf(ownDir);
      const who = owner === undefined ? "not readable" : `owned by uid ${owner}`;
      warnings.push(`cgroup v2 is not delegated to uid ${uid} (its cgroup ${ownPath} is ${who}); enable systemd delegation with the drop-in ${DROP_IN} containing "[Service]" and "Delegate=cpu cpuset io memory pids", run "systemctl daemon-reload", and start Bunker from a new login session of that user.`);
    } else if (delegationRoot === undefined) {
      warnings.push(`The process's cgroup directory for ${ownPath} does not exist under ${mount.mountPoint}.`);
    }
  }

  const at = delegationRoot ?? ownPath;
  const atDir = cgroupDir(mount, fsRoot, at);
  const available = atDir === undefined ? [] : readList(join(atDir, "cgroup.controllers"));
  const subtreeControl = atDir === undefined ? [] : readList(join(atDir, "cgroup.subtree_control"));
  const facts: CgroupV2Facts = { mountPoint: mount.mountPoint, ownPath, controllers: available, subtreeControl };
  if (delegationRoot !== undefined) facts.delegationRoot = delegationRoot;

  const controllers = delegationRoot === undefined ? [] : LIMITS.filter((c) => available.includes(c));
  const missing = LIMITS.filter((c) => !controllers.includes(c));
  if (delegationRoot !== undefined && missing.length > 0) {
    const list = missing.join(", ");
    if (uid === 0) {
      const parentDir = delegationRoot === "/" ? undefined : cgroupDir(mount, "", posix.dirname(delegationRoot));
      const fix = parentDir === undefined
        ? "the kernel does not offer them, so boot one built with these controllers"
        : `enable them in ${join(parentDir, "cgroup.subtree_control")} (e.g. echo +${missing[0]} > ${join(parentDir, "cgroup.subtree_control")})`;
      warnings.push(`cgroup v2 controllers ${list} are not available in ${delegationRoot}; ${fix}.`);
    } else {
      warnings.push(`cgroup v2 controllers ${list} are not delegated to ${delegationRoot}; list them in Delegate= in ${DROP_IN} (Delegate=cpu cpuset io memory pids), run "systemctl daemon-reload", and log in again.`);
    }
  }
  return { facts, delegated: delegationRoot !== undefined, driver, controllers, warnings };
}
