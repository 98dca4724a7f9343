/**
 * Paths inside a layer root, resolved the way a chroot would but refusing every escape:
 * entry names are cleaned lexically (a leading "/" is dropped, as Docker does; ".." that would
 * climb above the root is refused), and each parent directory is looked at with lstat. A parent
 * that is a symlink is followed only when its target is relative and stays inside the root;
 * an absolute target or one that climbs out is refused, so nothing is ever written through a
 * link to the host's files. Directories already seen to be real ones are remembered, so a deep
 * path costs no lstat per level; whoever replaces or removes a path must `forget` it.
 */
import { lstatSync, mkdirSync, readlinkSync } from "node:fs";
import { posix } from "node:path";
import { InvalidArgument } from "../../lib/index.ts";

const MAX_LINKS = 40;

/** The cleaned relative form of a tar name ("" for the root), or null when it climbs out. */
export function cleanEntryName(name: string): string | null {
  const rel = posix.normalize(name.replace(/^\/+/, "") || ".").replace(/\/+$/, "");
  if (rel === "." || rel === "") return "";
  if (rel === ".." || rel.startsWith("../")) return null;
  return rel;
}

export type ParentMode = "create" | "existing" | "optional";

export class RootResolver {
  /** Relative paths known to be real directories (seen by lstat, or made here). */
  private readonly knownDirs = new Set<string>();

  constructor(
    readonly root: string,
    private readonly layer: string,
    /** Called with the relative path of each directory made for a missing parent. */
    private readonly onMkdir: (rel: string) => void = () => {},
    /** False when nothing can be at `rel` (a fresh root where it was not made): no lstat then. */
    private readonly mayExist: (rel: string) => boolean = () => true,
  ) {}

  abs(rel: string): string {
    return rel ? `${this.root}/${rel}` : this.root;
  }

  /**
   * The real relative path of the directory that holds `rel` (already cleaned), following
   * inside symlinks. "create" makes missing parents (mode 0700 for now, fixed up at the end),
   * "existing" throws when one is missing, "optional" returns null then.
   */
  parentOf(rel: string, mode: ParentMode, entry: string): string | null {
    const queue = posix.dirname(rel) === "." ? [] : posix.dirname(rel).split("/");
    const done: string[] = [];
    let links = 0;
    while (queue.length > 0) {
      const part = queue.shift()!;
      if (part === "" || part === ".") continue;
      if (part === "..") {
        if (done.length === 0) throw this.escape(entry, "climbs above the layer root through a symlink");
        done.pop();
        continue;
      }
      const here = [...done, part].join("/");
      if (this.knownDirs.has(here)) {
        done.push(part);
        continue;
      }
      const abs = this.abs(here);
      const st = this.mayExist(here) ? lstatSync(abs, { throwIfNoEntry: false }) : undefined;
      if (!st) {
        if (mode === "optional") return null;
        if (mode === "existing") throw new InvalidArgument(`layer ${this.layer}: entry "${entry}": ${here} does not exist in the layer`);
        mkdirSync(abs, 0o700);
        this.onMkdir(here);
        this.knownDirs.add(here);
        done.push(part);
        continue;
      }
      if (st.isDirectory()) {
        this.knownDirs.add(here);
        done.push(part);
      } else if (st.isSymbolicLink()) {
        if (++links > MAX_LINKS) throw this.escape(entry, `too many levels of symlinks at ${here}`);
        const target = readlinkSync(abs);
        if (target.startsWith("/")) throw this.escape(entry, `path component ${here} is a symlink to ${target}, outside the layer`);
        queue.unshift(...target.split("/"));
      } else {
        throw new InvalidArgument(`layer ${this.layer}: entry "${entry}": ${here} is not a directory`);
      }
    }
    return done.join("/");
  }

  /** `rel` is a real directory now (just made by the caller). */
  knownDirectory(rel: string): void {
    if (rel) this.knownDirs.add(rel);
  }

  /** `rel` was removed or replaced: neither it nor anything under it is known any more. */
  forget(rel: string): void {
    this.knownDirs.delete(rel);
    const prefix = `${rel}/`;
    for (const d of this.knownDirs) if (d.startsWith(prefix)) this.knownDirs.delete(d);
  }

  private escape(entry: string, why: string): InvalidArgument {
    return new InvalidArgument(`layer ${this.layer}: entry "${entry}" refused: ${why}`);
  }
}
