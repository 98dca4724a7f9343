import { rmSync } from "node:fs";
import { join } from "node:path";
import { Conflict, NotFound, NotImplemented, newId } from "../../lib/index.ts";
import { treeChanges } from "../../store/index.ts";
import { rootLayers, type ContainerConfig, type ContainerRuntime } from "../../runtime/index.ts";
import type { ImageService } from "../images/image-service.ts";
import type { EventBus } from "../events/index.ts";
import { applyConfigChanges } from "../builds/config-changes.ts";
import { overlayChanges, treeChangeList, withoutMountPoints, type Change } from "./changes.ts";
import type { ContainerStore } from "./container-store.ts";
import { emitContainerEvent } from "./container-events.ts";

/**
 * A container's filesystem from outside: a process root to copy through (cp), its changes (diff),
 * the whole tree (export), and a new image of it (commit).
 */
export class ContainerFiles {
  constructor(
    private readonly store: ContainerStore,
    private readonly runtime: ContainerRuntime,
    private readonly images: ImageService,
    private readonly dataRoot: string,
    private readonly events: EventBus,
  ) {}

  /**
   * Run `use` with the pid of a process whose root is the container's filesystem (docker cp):
   * its own process when it runs; else a stand-in set up exactly as the container (rootfs
   * mounted, never exec'd), held for the duration and then killed.
   */
  async withRoot<T>(ref: string, use: (pid: number) => Promise<T> | T): Promise<T> {
    const record = this.store.find(ref);
    if (record.state.status === "running") return use(record.state.pid);
    if (record.state.status === "removing" || record.state.status === "dead") throw new Conflict(`container ${record.id} is marked for removal`);
    const config: ContainerConfig = { ...record.runtime, tty: false, openStdin: false, init: false, network: "private", interfaces: [] };
    // Its own id per call (the runtime's socket name is the id's first 16 characters): copies may overlap.
    const standIn = `m${newId().slice(0, 15)}${record.id}`;
    const handle = await this.runtime.spawn(standIn, config, { containerDir: join(this.dataRoot, "containers", record.id), waitStart: true });
    const link = await this.runtime.connect(handle.socketPath, { output: false });
    const gone = new Promise<void>((resolve) => link.onClose(resolve));
    try {
      return await use(handle.pid);
    } finally {
      try {
        process.kill(handle.pid, "SIGKILL");
      } catch {
        // already gone
      }
      await Promise.race([gone, Bun.sleep(5000)]);
      link.close();
      this.runtime.cgroups().remove(standIn);
      rmSync(handle.stateDir, { recursive: true, force: true });
    }
  }

  /** docker commit: the container's changes as a new image (tagged `reference` when given). */
  async commit(ref: string, opts: { reference?: string; comment?: string; author?: string; changes?: string[] }): Promise<string> {
    const record = this.store.find(ref);
    if (!record.imageId) throw new NotImplemented("commit works on containers made from an image (not --rootfs) so far");
    const base = this.images.records.get(record.imageId);
    if (!base) throw new NotFound(`No such image: ${record.imageId}`);
    const r = record.runtime;
    const { changes = [], ...named } = opts;
    applyConfigChanges({}, changes); // a bad change is refused before any work
    const image = await this.images.commit(base, {
      snapshotKey: record.id,
      cmd: record.requested.cmd ?? r.args,
      entrypoint: record.requested.entrypoint,
      env: r.env,
      workingDir: r.workingDir ?? "",
      user: r.user ?? "",
      labels: record.requested.labels,
      createdBy: r.args.join(" "),
      containerId: record.id,
      containerImage: record.requested.image,
      ...named,
      adjust: (config) => applyConfigChanges(config, changes),
    });
    emitContainerEvent(this.events, record, "commit", { comment: opts.comment ?? "", imageID: image.id, imageRef: opts.reference ?? "" });
    return image.id;
  }

  /** docker diff: what the container changed in its image's filesystem. */
  async changes(ref: string): Promise<Change[]> {
    const record = this.store.find(ref);
    if (!record.imageId) throw new NotImplemented("diff works on containers made from an image (not --rootfs) so far");
    const diff = await this.images.snapshotter.diffDir(record.id);
    const all = diff.kind === "dir" ? treeChangeList(treeChanges(diff.dir, diff.parentDir), diff.parentDir) : overlayChanges(diff.dir, rootLayers(record.runtime).slice(1));
    // The mount points the runtime makes (Docker keeps them in a layer of its own): not changes.
    const r = record.runtime;
    return withoutMountPoints(all, ["/dev", "/proc", "/sys", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", ...r.binds.map((b) => b.target), ...r.tmpfs.map((t) => t.target)]);
  }

  /** docker export: the container's whole filesystem (its image's layers with its changes) as a tar. */
  async export(ref: string): Promise<ReadableStream<Uint8Array>> {
    const record = this.store.find(ref);
    if (!record.imageId) return this.images.treeTar({ kind: "merged", dir: record.runtime.rootfs, lowers: [] });
    const diff = await this.images.snapshotter.diffDir(record.id);
    if (diff.kind === "dir") return this.images.treeTar({ kind: "merged", dir: diff.dir, lowers: [] });
    return this.images.treeTar({ kind: "merged", dir: diff.dir, lowers: rootLayers(record.runtime).slice(1) });
  }
}
