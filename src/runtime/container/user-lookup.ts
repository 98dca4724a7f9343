import { lstatSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgument } from "../../lib/index.ts";

/**
 * Resolve `path` (absolute, as the container sees it) to a host path under `root`, following
 * symlinks the way the container would: an absolute link target restarts at `root`, and `..`
 * never climbs above it. So a rootfs whose /etc/passwd links to /etc/shadow reads the
 * container's own file, never the host's.
 */
export function resolveInRoot(root: string, path: string): string {
  const parts = path.split("/").filter(Boolean);
  const resolved: string[] = [];
  let links = 0;
  while (parts.length) {
    const part = parts.shift()!;
    if (part === ".") continue;
    if (part === "..") {
      resolved.pop();
      continue;
    }
    const host = join(root, ...resolved, part);
    let st;
    try {
      st = lstatSync(host);
    } catch {
      resolved.push(part, ...parts);
      break;
    }
    if (!st.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    if (++links > 40) throw new InvalidArgument(`too many levels of symbolic links in ${path}`);
    const target = readlinkSync(host);
    if (target.startsWith("/")) resolved.length = 0;
    parts.unshift(...target.split("/").filter(Boolean));
  }
  return join(root, ...resolved);
}

/** A file as the container sees it: from the first of `roots` (top layer first) that has it. */
function readInRoot(roots: string | string[], path: string): string {
  for (const root of typeof roots === "string" ? [roots] : roots) {
    try {
      return readFileSync(resolveInRoot(root, path), "utf8");
    } catch {
      // not in this layer
    }
  }
  return "";
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  /** Supplementary groups from /etc/group (the user's memberships), without the primary gid. */
  groups: number[];
  home: string;
}

interface PasswdEntry { name: string; uid: number; gid: number; home: string }

function passwd(root: string | string[]): PasswdEntry[] {
  return readInRoot(root, "/etc/passwd")
    .split("\n")
    .map((l) => l.split(":"))
    .filter((f) => f.length >= 7 && /^\d+$/.test(f[2]!) && /^\d+$/.test(f[3]!))
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! }));
}

function groupsFile(root: string | string[]): { name: string; gid: number; members: string[] }[] {
  return readInRoot(root, "/etc/group")
    .split("\n")
    .map((l) => l.split(":"))
    .filter((f) => f.length >= 4 && /^\d+$/.test(f[2]!))
    .map((f) => ({ name: f[0]!, gid: Number(f[2]), members: f[3]!.split(",").filter(Boolean) }));
}

const numeric = (s: string) => /^\d+$/.test(s) && Number(s) <= 0xfffffffe;

/**
 * `-u user[:group]` as Docker resolves it against the container's own /etc/passwd and
 * /etc/group (`root` may be the layers of an unmounted overlay, top first)
 * /etc/group: names must exist there; numbers need not (a numeric uid without an entry gets
 * gid 0 and home /). Supplementary groups are the user's memberships in /etc/group.
 */
export function lookupUser(root: string | string[], spec: string | undefined, groupAdd: string[] = []): ResolvedUser {
  const [userPart = "", groupPart] = (spec || "0").split(":");
  const users = passwd(root);
  let uid: number;
  let gid = 0;
  let home = "/";
  let name: string | undefined;
  const entry = numeric(userPart) ? users.find((u) => u.uid === Number(userPart)) : users.find((u) => u.name === userPart);
  if (entry) {
    ({ uid, gid, home, name } = entry);
  } else if (numeric(userPart)) {
    uid = Number(userPart);
  } else {
    throw new InvalidArgument(`unable to find user ${userPart}: no matching entries in passwd file`);
  }
  const groups = groupsFile(root);
  if (groupPart !== undefined && groupPart !== "") {
    const g = numeric(groupPart) ? { gid: Number(groupPart) } : groups.find((x) => x.name === groupPart);
    if (!g) throw new InvalidArgument(`unable to find group ${groupPart}: no matching entries in group file`);
    gid = g.gid;
  }
  const supplementary = name ? groups.filter((g) => g.members.includes(name!) && g.gid !== gid).map((g) => g.gid) : [];
  // --group-add: numbers as they are, names from the container's /etc/group.
  for (const extra of groupAdd) {
    const g = numeric(extra) ? { gid: Number(extra) } : groups.find((x) => x.name === extra);
    if (!g) throw new InvalidArgument(`Unable to find group ${extra}: no matching entries in group file`);
    supplementary.push(g.gid);
  }
  return { uid, gid, groups: [...new Set(supplementary)], home: home || "/" };
}

