import { Conflict, NotFound } from "../../lib/index.ts";
import type { MetadataDb } from "../../store/index.ts";
import type { ContainerRecord } from "./container-record.ts";

/** Containers in bunker.db, found the way Docker finds them: full id, name, or unique id prefix. */
export class ContainerStore {
  constructor(private readonly db: MetadataDb) {}

  list(): ContainerRecord[] {
    return this.db.all<ContainerRecord>("containers");
  }

  /** The container `ref` names (id, name with or without "/", or unique id prefix). */
  find(ref: string): ContainerRecord {
    const found = this.tryFind(ref);
    if (!found) throw new NotFound(`No such container: ${ref}`);
    return found;
  }

  tryFind(ref: string): ContainerRecord | undefined {
    const exact = this.db.get<ContainerRecord>("containers", ref);
    if (exact) return exact;
    const name = ref.startsWith("/") ? ref.slice(1) : ref;
    const all = this.list();
    const byName = all.find((c) => c.name === name);
    if (byName) return byName;
    if (!/^[0-9a-f]+$/.test(ref)) return undefined;
    const matches = all.filter((c) => c.id.startsWith(ref));
    if (matches.length > 1) throw new Conflict(`multiple containers match the prefix ${ref}`);
    return matches[0];
  }

  nameTaken(name: string): boolean {
    return this.list().some((c) => c.name === name);
  }

  save(record: ContainerRecord): void {
    this.db.put("containers", record);
  }

  /** Apply `change` to the stored record and save it; returns the new record. */
  update(id: string, change: (r: ContainerRecord) => void): ContainerRecord {
    const record = this.db.get<ContainerRecord>("containers", id);
    if (!record) throw new NotFound(`No such container: ${id}`);
    change(record);
    this.save(record);
    return record;
  }

  delete(id: string): void {
    this.db.delete("containers", id);
  }
}
