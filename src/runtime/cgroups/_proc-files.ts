/**
 * Parsers for the two proc files cgroup detection reads: /proc/self/mountinfo and
 * /proc/self/cgroup. Pure functions over text, so tests can feed fixtures.
 */

/** One cgroup or cgroup2 mount from /proc/self/mountinfo. */
export interface CgroupMount {
  /** "cgroup" (v1) or "cgroup2". */
  fsType: "cgroup" | "cgroup2";
  /** Where it is mounted, with mountinfo's octal escapes decoded. */
  mountPoint: string;
  /** The cgroup path of the hierarchy that appears at the mount point ("/" unless bind or namespaced). */
  root: string;
  /** True when mounted read-only. */
  readOnly: boolean;
  /** v1 only: the controllers bound to this hierarchy, e.g. ["cpu", "cpuacct"] or ["name=systemd"]. */
  controllers: string[];
}

/** One line of /proc/self/cgroup. */
export interface CgroupMembership {
  /** Hierarchy id; 0 is the unified (v2) hierarchy. */
  id: number;
  /** The controllers of a v1 hierarchy, empty for v2. */
  controllers: string[];
  /** The process's cgroup path in that hierarchy. */
  path: string;
}

/** v1 super options that are not controller names. */
const NOT_CONTROLLERS = new Set(["rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode"]);

/** Decodes mountinfo's `\ooo` octal escapes (space, tab, newline, backslash). */
function unescapeMountPath(raw: string): string {
  return raw.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The cgroup and cgroup2 mounts listed in mountinfo text, in file order; malformed lines are skipped. */
export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split("\n")) {
    const fields = line.trim().split(" ");
    const dash = fields.indexOf("-");
    if (dash < 6 || fields.length < dash + 4) continue;
    const fsType = fields[dash + 1];
    if (fsType !== "cgroup" && fsType !== "cgroup2") continue;
    const mountOptions = (fields[5] ?? "").split(",");
    const superOptions = (fields[dash + 3] ?? "").split(",");
    const controllers =
      fsType === "cgroup"
        ? superOptions.filter((o) => !NOT_CONTROLLERS.has(o) && !o.startsWith("release_agent="))
        : [];
    mounts.push({
      fsType,
      mountPoint: unescapeMountPath(fields[4] ?? ""),
      root: unescapeMountPath(fields[3] ?? "/"),
      readOnly: mountOptions.includes("ro") || superOptions.includes("ro"),
      controllers,
    });
  }
  return mounts;
}

/** The lines of /proc/self/cgroup text; malformed lines are skipped. */
export function parseSelfCgroup(text: string): CgroupMembership[] {
  const out: CgroupMembership[] = [];
  for (const line of text.split("\n")) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, id, list, path] = match as unknown as [string, string, string, string];
    out.push({ id: Number(id), controllers: list === "" ? [] : list.split(","), path });
  }
  return out;
}
