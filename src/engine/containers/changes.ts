import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { TreeChanges } from "../../store/index.ts";

/** docker diff's kinds: 0 modified, 1 added, 2 deleted. */
export interface Change {
  Path: string;
  Kind: 0 | 1 | 2;
}

const isWhiteout = (st: import("node:fs").Stats) => st.isCharacterDevice() && st.rdev === 0;

/**
 * What a container changed, from its overlay upper directory: a whiteout (0/0 character
 * device) is a deletion, a path that exists in a lower layer is a modification, anything else
 * an addition. Directories holding changes are listed as modified, as Docker does.
 */
export function overlayChanges(upper: string, lowers: string[]): Change[] {
  const out: Change[] = [];
  const inLower = (rel: string) => lowers.some((l) => existsSync(join(l, rel)) || isLink(join(l, rel)));
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const path = `${rel}/${name}`;
      const st = lstatSync(abs);
      if (isWhiteout(st)) {
        out.push({ Path: path, Kind: 2 });
        continue;
      }
      out.push({ Path: path, Kind: inLower(path) ? 0 : 1 });
      if (st.isDirectory()) walk(abs, path);
    }
  };
  walk(upper, "");
  return out;
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The same list from a whole-tree comparison (vfs): each change and deletion, and the directories above them. */
export function treeChangeList(changes: TreeChanges, parentDir: string | undefined): Change[] {
  const parentHas = (rel: string) => !!parentDir && (existsSync(join(parentDir, rel)) || isLink(join(parentDir, rel)));
  const out: Change[] = [];
  for (const rel of changes.ancestors) if (!changes.changed.has(rel)) out.push({ Path: `/${rel}`, Kind: 0 });
  for (const rel of changes.changed) out.push({ Path: `/${rel}`, Kind: parentHas(rel) ? 0 : 1 });
  for (const rel of changes.deleted) out.push({ Path: `/${rel}`, Kind: 2 });
  return out.sort((a, b) => (a.Path < b.Path ? -1 : a.Path > b.Path ? 1 : 0));
}

/**
 * The list without the runtime's mount points (and what is under them), and without the
 * directories that were listed as modified only because a mount point was made in them.
 */
export function withoutMountPoints(changes: Change[], mountPoints: string[]): Change[] {
  const under = (path: string, top: string) => path === top || path.startsWith(`${top}/`);
  const hidden = (path: string) => mountPoints.some((m) => under(path, m));
  const kept = changes.filter((c) => !hidden(c.Path));
  const parents = new Set(mountPoints.map((m) => m.slice(0, m.lastIndexOf("/")) || "/"));
  return kept.filter((c) => c.Kind !== 0 || !parents.has(c.Path) || kept.some((o) => o !== c && under(o.Path, c.Path)));
}
