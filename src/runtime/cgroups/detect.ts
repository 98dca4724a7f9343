/**
 * detectCgroups(): which cgroup version the host runs, and which part of it this uid may manage.
 * Reads only files (mountinfo, /proc/self/cgroup, cgroup.controllers, directory owners); no probes.
 */
import { readFileSync } from "node:fs";
import { lookupUserName } from "../idmap/user-name.ts";
import type { CgroupEnv, CgroupFacts } from "./cgroup-facts.ts";
import { parseCgroupMounts, parseSelfCgroup } from "./_proc-files.ts";
import { detectV1 } from "./_v1.ts";
import { detectV2 } from "./_v2.ts";

const UNIFIED = "/sys/fs/cgroup";

function readProc(path: string, warnings: string[]): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    warnings.push(`Cannot read ${path} (${(err as Error).message}); mount /proc to let Bunker see its cgroups.`);
    return "";
  }
}

/**
 * Detects the cgroup facts of the host. Version: 2 when cgroup2 is mounted at /sys/fs/cgroup;
 * else 1 when v1 controller hierarchies are mounted (hybrid setups with a mostly empty cgroup2 at
 * /sys/fs/cgroup/unified count as 1, as Docker reports them); else 2 when cgroup2 is mounted
 * anywhere. With nothing mounted, version 2 with a warning and no delegation.
 */
export function detectCgroups(env: Partial<CgroupEnv> = {}): CgroupFacts {
  const warnings: string[] = [];
  const mountinfo = env.mountinfo ?? readProc("/proc/self/mountinfo", warnings);
  const selfCgroup = env.selfCgroup ?? readProc("/proc/self/cgroup", warnings);
  const uid = env.uid ?? process.getuid?.() ?? 0;
  const fsRoot = env.fsRoot ?? "";

  const mounts = parseCgroupMounts(mountinfo);
  const memberships = parseSelfCgroup(selfCgroup);
  const v2Mounts = mounts.filter((m) => m.fsType === "cgroup2");
  const v1Mounts = mounts.filter((m) => m.fsType === "cgroup" && m.controllers.some((c) => !c.startsWith("name=")));
  const unified = v2Mounts.findLast((m) => m.mountPoint === UNIFIED);

  if (unified === undefined && v1Mounts.length > 0) {
    const username = "username" in env ? env.username : lookupUserName(uid);
    const allV1 = mounts.filter((m) => m.fsType === "cgroup");
    const r = detectV1(allV1, memberships, uid, username, fsRoot);
    return {
      version: 1,
      driver: "cgroupfs",
      delegated: r.delegated,
      v1: r.facts,
      controllers: r.controllers,
      warnings: [...warnings, ...r.warnings],
    };
  }

  const mount = unified ?? v2Mounts.at(-1);
  if (mount === undefined) {
    warnings.push(`No cgroup filesystem is mounted, so container limits are unavailable; mount cgroup2 at ${UNIFIED}.`);
    return { version: 2, driver: "cgroupfs", delegated: false, controllers: [], warnings };
  }
  const ownPath = memberships.find((m) => m.id === 0)?.path;
  const r = detectV2(mount, ownPath, uid, fsRoot);
  const facts: CgroupFacts = {
    version: 2,
    driver: r.driver,
    delegated: r.delegated,
    controllers: r.controllers,
    warnings: [...warnings, ...r.warnings],
  };
  if (r.facts) facts.v2 = r.facts;
  return facts;
}
