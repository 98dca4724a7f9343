import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Conflict, InvalidArgument, NotFound, log, newId, treeSize } from "../../lib/index.ts";
import { prunable, type PruneFilter } from "../prune-filters.ts";
import { removeTree, type MetadataDb } from "../../store/index.ts";
import type { EventBus } from "../events/index.ts";

/** A named volume: a directory under the data root that containers mount. */
export interface Volume {
  id: string;
  name: string;
  created: string;
  driver: "local";
  labels: Record<string, string>;
  options: Record<string, string>;
  mountpoint: string;
}

/** The label Docker puts on volumes made without a name (`-v /path`, an image's VOLUME). */
export const anonymousVolumeLabel = "com.docker.volume.anonymous";

const validName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** docker volume create/ls/inspect/rm/prune, with the local driver only. */
export class VolumeService {
  constructor(
    private readonly db: MetadataDb,
    private readonly dataRoot: string,
    /** Containers (ids) that mount a volume: rm refuses while there are any. */
    private readonly usedBy: (name: string) => string[] = () => [],
    private readonly events?: EventBus,
  ) {}

  list(): Volume[] {
    return this.db.all<Volume>("volumes");
  }

  find(name: string): Volume {
    const v = this.db.get<Volume>("volumes", name);
    if (!v) throw new NotFound(`get ${name}: no such volume`);
    return v;
  }

  /** Create a volume; an existing one of the same name is returned as it is (as Docker does). */
  create(opts: { name?: string; driver?: string; labels?: Record<string, string>; options?: Record<string, string> } = {}): Volume {
    const name = opts.name || newId();
    if (!validName.test(name)) throw new InvalidArgument(`create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed`);
    if (opts.driver && opts.driver !== "local") throw new NotFound(`create ${name}: error looking up volume plugin ${opts.driver}: plugin "${opts.driver}" not found`);
    if (opts.options && Object.keys(opts.options).length) throw new InvalidArgument(`create ${name}: local volume options are not supported yet`);
    const existing = this.db.get<Volume>("volumes", name);
    if (existing) return existing;
    const mountpoint = join(this.dataRoot, "volumes", name, "_data");
    mkdirSync(mountpoint, { recursive: true, mode: 0o755 });
    const v: Volume = { id: name, name, created: new Date().toISOString(), driver: "local", labels: opts.labels ?? {}, options: {}, mountpoint };
    this.db.put("volumes", v);
    log.info("volume created", { name });
    this.events?.emit("volume", "create", name, { driver: "local" });
    return v;
  }

  remove(name: string, opts: { force?: boolean } = {}): void {
    const v = this.db.get<Volume>("volumes", name);
    if (!v) {
      if (opts.force) return;
      throw new NotFound(`get ${name}: no such volume`);
    }
    const users = this.usedBy(name);
    if (users.length) throw new Conflict(`remove ${name}: volume is in use - [${users.join(", ")}]`);
    this.db.delete("volumes", name);
    removeTree(join(this.dataRoot, "volumes", name));
    this.events?.emit("volume", "destroy", name, { driver: "local" });
  }

  /**
   * docker volume prune: remove the volumes no container uses that pass the filter, only
   * anonymous ones unless `all` (Docker 23's rule); returns their names and the bytes freed.
   */
  prune(opts: { all?: boolean; filter?: PruneFilter } = {}): { VolumesDeleted: string[]; SpaceReclaimed: number } {
    const deleted: string[] = [];
    let space = 0;
    for (const v of this.list()) {
      if (this.usedBy(v.name).length) continue;
      if (!opts.all && !Object.hasOwn(v.labels ?? {}, anonymousVolumeLabel)) continue;
      if (opts.filter && !prunable(opts.filter, v.created, v.labels ?? {})) continue;
      const size = treeSize(v.mountpoint);
      this.remove(v.name);
      deleted.push(v.name);
      space += size;
    }
    this.events?.emit("volume", "prune", "", { reclaimed: String(space) });
    return { VolumesDeleted: deleted, SpaceReclaimed: space };
  }

  /** Names that look like volumes rather than paths, for `-v NAME:/path`. */
  static isVolumeName(source: string): boolean {
    return !source.startsWith("/") && !source.startsWith(".");
  }

  /** What is on disk, for tests and info. */
  onDisk(): string[] {
    try {
      return readdirSync(join(this.dataRoot, "volumes"));
    } catch {
      return [];
    }
  }
}
