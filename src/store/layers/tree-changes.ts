import { lstatSync, readdirSync, readlinkSync, type Stats } from "node:fs";

/** What a whole tree changed against its parent's whole tree (vfs snapshots, which are copies). */
export interface TreeChanges {
  /** Added or modified paths (relative, no leading slash). */
  changed: Set<string>;
  /** Deleted paths; a deleted directory is one entry, its contents are not listed. */
  deleted: Set<string>;
  /** Directories that hold a change somewhere below (walked, written as entries). */
  ancestors: Set<string>;
}

const statOf = (path: string): Stats | undefined => {
  try {
    return lstatSync(path, { bigint: false });
  } catch {
    return undefined;
  }
};

/**
 * Docker's "naive" diff: an entry is modified when its type, mode, owner, device, size
 * (not for directories) or modification time differs, or a symlink's target does. vfs copies
 * keep times (cp -a), so untouched files compare equal.
 */
function differs(a: Stats, b: Stats, aPath: string, bPath: string): boolean {
  if ((a.mode & 0o177777) !== (b.mode & 0o177777) || a.uid !== b.uid || a.gid !== b.gid || a.rdev !== b.rdev) return true;
  if (a.isDirectory()) return false;
  if (a.size !== b.size || a.mtimeMs !== b.mtimeMs) return true;
  return a.isSymbolicLink() && readlinkSync(aPath) !== readlinkSync(bPath);
}

/** Compare `dir` (the new whole tree) with `parentDir` (the old one; none: everything is added). */
export function treeChanges(dir: string, parentDir: string | undefined): TreeChanges {
  const out: TreeChanges = { changed: new Set(), deleted: new Set(), ancestors: new Set() };
  const mark = (rel: string) => {
    for (let i = rel.lastIndexOf("/"); i > 0; i = rel.lastIndexOf("/", i - 1)) {
      const parent = rel.slice(0, i);
      if (out.ancestors.has(parent)) break;
      out.ancestors.add(parent);
    }
  };
  const walk = (rel: string) => {
    const here = rel ? `${dir}/${rel}` : dir;
    const there = parentDir && (rel ? `${parentDir}/${rel}` : parentDir);
    const names = new Set(readdirSync(here));
    const old = there && statOf(there)?.isDirectory() ? readdirSync(there) : [];
    for (const name of old) {
      if (names.has(name)) continue;
      const r = rel ? `${rel}/${name}` : name;
      out.deleted.add(r);
      mark(r);
    }
    for (const name of [...names].sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(`${here}/${name}`);
      const before = there ? statOf(`${there}/${name}`) : undefined;
      if (!before || (before.mode & 0o170000) !== (st.mode & 0o170000) || differs(st, before, `${here}/${name}`, `${there}/${name}`)) {
        out.changed.add(r);
        mark(r);
      }
      if (st.isDirectory()) walk(r);
    }
  };
  walk("");
  return out;
}
