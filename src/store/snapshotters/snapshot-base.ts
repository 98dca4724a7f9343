import { closeSync, fsyncSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Conflict, InvalidArgument, NotFound } from "../../lib/index.ts";
import type { SnapshotterName } from "../snapshotter-choice.ts";
import { removeTree } from "../remove-tree.ts";
import type { PreparedSnapshot, SnapshotDiff, SnapshotInfo, Snapshotter } from "./snapshotter.ts";

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,254}$/;
const SNAPSHOT_DIR = /^[a-f0-9]{16}$/;
const LEFTOVER = /^\.(tmp|trash)-/;

export interface ParentSnapshot {
  info: SnapshotInfo;
  dir: string;
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === "ENOENT";
}

/**
 * The bookkeeping every driver shares. A snapshot lives in `<root>/<16 hex of sha256(key)>/`
 * (short, so that a long chain of lower dirs fits one mount(2) call) with its record in
 * info.json. It is built under `<root>/.tmp-*` and renamed into place, and removed by renaming
 * it to `<root>/.trash-*` first, so a crash never leaves a half-made snapshot visible;
 * `cleanup` deletes the leftovers.
 */
export abstract class SnapshotBase implements Snapshotter {
  abstract readonly name: SnapshotterName;

  constructor(readonly root: string) {}

  /** Fill a new snapshot's directory (fs/ and whatever else the driver needs). */
  protected abstract populate(dir: string, parents: ParentSnapshot[]): Promise<void>;
  protected abstract describe(info: SnapshotInfo, dir: string, parentDirs: string[]): PreparedSnapshot;
  protected abstract diff(info: SnapshotInfo, dir: string, parentDirs: string[]): SnapshotDiff;
  /** Tidy a snapshot that was just committed (drop the work dir, say). */
  protected async sealed(_dir: string): Promise<void> {}

  protected checkKey(key: string): void {
    if (typeof key !== "string" || !KEY.test(key)) {
      throw new InvalidArgument(`invalid snapshot key ${JSON.stringify(key)}: use up to 255 of [A-Za-z0-9_.:@+-], starting with a letter or digit`);
    }
  }

  protected dirOf(key: string): string {
    this.checkKey(key);
    return join(this.root, new Bun.CryptoHasher("sha256").update(key).digest("hex").slice(0, 16));
  }

  private async readInfo(dir: string, key?: string): Promise<SnapshotInfo | undefined> {
    let text: string;
    try {
      text = await readFile(join(dir, "info.json"), "utf8");
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const info = JSON.parse(text) as SnapshotInfo;
    if (key !== undefined && info.key !== key) throw new Conflict(`snapshot directory ${dir} belongs to ${info.key}, not ${key}`);
    return info;
  }

  private async writeInfo(dir: string, info: SnapshotInfo): Promise<void> {
    await writeFile(join(dir, "info.json.tmp"), JSON.stringify(info));
    await rename(join(dir, "info.json.tmp"), join(dir, "info.json"));
  }

  private async existing(key: string): Promise<{ info: SnapshotInfo; dir: string }> {
    const dir = this.dirOf(key);
    const info = await this.readInfo(dir, key);
    if (!info) throw new NotFound(`snapshot ${key} not found`);
    return { info, dir };
  }

  async stat(key: string): Promise<SnapshotInfo | undefined> {
    return this.readInfo(this.dirOf(key), key);
  }

  async list(): Promise<SnapshotInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    const out: SnapshotInfo[] = [];
    for (const name of names.filter((n) => SNAPSHOT_DIR.test(n)).sort()) {
      const info = await this.readInfo(join(this.root, name));
      if (info) out.push(info);
    }
    return out;
  }

  async prepare(key: string, parentKeys: string[]): Promise<PreparedSnapshot> {
    const dir = this.dirOf(key);
    if (!Array.isArray(parentKeys)) throw new InvalidArgument("parent keys must be a list");
    if (new Set(parentKeys).size !== parentKeys.length || parentKeys.includes(key)) throw new InvalidArgument(`snapshot ${key}: parent keys repeat`);
    if (await this.readInfo(dir, key)) throw new Conflict(`snapshot ${key} already exists`);
    const parents: ParentSnapshot[] = [];
    for (const [i, parentKey] of parentKeys.entries()) {
      const parent = await this.existing(parentKey);
      if (!parent.info.committed) throw new InvalidArgument(`snapshot ${parentKey} is not committed: it cannot be a parent`);
      const below = parentKeys.slice(i + 1);
      if (parent.info.parents.join("\n") !== below.join("\n")) {
        throw new InvalidArgument(`snapshot ${parentKey} lies on [${parent.info.parents.join(", ")}], not on [${below.join(", ")}]`);
      }
      parents.push(parent);
    }
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const tmp = join(this.root, `.tmp-${randomBytes(8).toString("hex")}`);
    await mkdir(tmp, { mode: 0o700 });
    const info: SnapshotInfo = { key, parents: [...parentKeys], committed: false, created: new Date().toISOString() };
    try {
      await this.populate(tmp, parents);
      await this.writeInfo(tmp, info);
      await rename(tmp, dir);
    } catch (err) {
      removeTree(tmp);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOTEMPTY" || code === "EEXIST") throw new Conflict(`snapshot ${key} already exists`);
      throw err;
    }
    const fd = openSync(this.root, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return this.describe(info, dir, parents.map((p) => p.dir));
  }

  async mounts(key: string): Promise<PreparedSnapshot> {
    const { info, dir } = await this.existing(key);
    return this.describe(info, dir, info.parents.map((p) => this.dirOf(p)));
  }

  async diffDir(key: string): Promise<SnapshotDiff> {
    const { info, dir } = await this.existing(key);
    return this.diff(info, dir, info.parents.map((p) => this.dirOf(p)));
  }

  async commit(key: string): Promise<void> {
    const { info, dir } = await this.existing(key);
    if (info.committed) throw new Conflict(`snapshot ${key} is already committed`);
    await this.sealed(dir);
    await this.writeInfo(dir, { ...info, committed: true });
  }

  async remove(key: string): Promise<void> {
    const { dir } = await this.existing(key);
    const child = (await this.list()).find((s) => s.parents.includes(key));
    if (child) throw new Conflict(`snapshot ${key} is a parent of ${child.key}`);
    const trash = join(this.root, `.trash-${randomBytes(8).toString("hex")}`);
    await rename(dir, trash);
    removeTree(trash);
  }

  async cleanup(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    for (const name of names) if (LEFTOVER.test(name)) removeTree(join(this.root, name));
  }
}
