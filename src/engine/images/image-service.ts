import { canonicalString, familiarName, familiarString, parseReference, withDefaultTag, type RegistryClient, type RegistryCredentials } from "../../image/index.ts";
import { Conflict, NotFound, log } from "../../lib/index.ts";
import type { ContentStore, ImageRecords, Snapshotter, TreeTarRequest } from "../../store/index.ts";
import type { Image, ImageDoc } from "./image-doc.ts";
import type { CopyUpRequest, LayerUnpacker } from "./layer-unpacker.ts";
import { pullImage, type PullEvent } from "./pull-image.ts";
import { inspectDistribution, type DistributionInfo } from "./inspect-distribution.ts";
import { pushImage, type PushEvent } from "./push-image.ts";
import { saveImages } from "./save-image.ts";
import { commitImage, type CommitInput } from "./commit-image.ts";
import { importImage } from "./import-image.ts";
import { loadImages, type LoadProgress } from "./load-image.ts";
import { recordImage } from "./record-image.ts";
import type { Readable } from "node:stream";
import { join } from "node:path";
import type { EventBus } from "../events/index.ts";
import { prunable, type PruneFilter } from "../prune-filters.ts";

/** Images: pull, list, find, tag, remove. */
export class ImageService {
  constructor(
    private readonly registry: RegistryClient,
    readonly content: ContentStore,
    readonly records: ImageRecords<ImageDoc>,
    readonly snapshotter: Snapshotter,
    private readonly unpacker: LayerUnpacker,
    /** Ids of containers using an image (rmi refuses while there are any). */
    private readonly usedBy: (imageId: string) => string[] = () => [],
    private readonly events?: EventBus,
  ) {}

  /** Docker's image event: the image's labels and `name` in Attributes. */
  private emit(action: string, id: string, name: string, image?: Image): void {
    this.events?.emit("image", action, id, { ...(image?.doc.config.config?.Labels ?? {}), name });
  }

  pull(ref: string, opts: { platform?: string; credentials?: RegistryCredentials }, emit: (e: PullEvent) => void): Promise<Image> {
    return pullImage({ registry: this.registry, content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, ref, opts, emit).then((image) => {
      const parsed = withDefaultTag(parseReference(ref));
      this.emit("pull", familiarString(parsed), familiarName(parsed), image);
      return image;
    });
  }

  /** GET /distribution/{name}/json: the registry's descriptor and platforms for `ref`, nothing pulled. */
  distribution(ref: string, credentials?: RegistryCredentials): Promise<DistributionInfo> {
    return inspectDistribution(this.registry, ref, credentials);
  }

  /** docker push: the image named `ref` to its registry. */
  async push(ref: string, opts: { credentials?: RegistryCredentials }, emit: (e: PushEvent) => void): Promise<void> {
    const image = this.find(ref);
    await pushImage({ registry: this.registry, content: this.content }, image, ref, opts, emit);
    const parsed = withDefaultTag(parseReference(ref));
    this.emit("push", familiarString(parsed), familiarName(parsed), image);
  }

  /** docker save: the named images as one archive (see saveImages). */
  save(names: string[]): Readable {
    const wanted = names.map((n) => {
      const image = this.find(n);
      const byId = image.id.startsWith(n) || image.id === `sha256:${n}`;
      // By id, Docker writes the image without its tags (it loads back untagged).
      const tags = byId ? [] : [canonicalString(withDefaultTag(parseReference(n)))];
      return { image, tags };
    });
    for (const { image } of wanted) this.emit("save", image.id, image.id, image);
    return saveImages(this.content, wanted);
  }

  /** docker load: images from an archive in Docker's save format; returns Docker's report lines. */
  load(input: Readable, onProgress?: (p: LoadProgress) => void): Promise<string[]> {
    return loadImages({ content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, input, join(this.content.dataRoot, "tmp"), (image) => this.emit("load", image.id, image.id, image), onProgress);
  }

  /** A new volume's first content from the image (see LayerUnpacker.copyUp). */
  copyUp(req: CopyUpRequest): Promise<void> {
    return this.unpacker.copyUp(req);
  }

  /** A snapshot tree as a tar, read where its files' owners show right (see LayerUnpacker). */
  treeTar(req: TreeTarRequest): ReadableStream<Uint8Array> {
    return this.unpacker.tar(req);
  }

  /** docker commit: a new image from a container's writable layer over `base` (see commitImage). */
  async commit(base: Image, input: CommitInput): Promise<Image> {
    const image = await commitImage({ content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, base, input);
    if (input.reference) this.emit("tag", image.id, familiarString(withDefaultTag(parseReference(input.reference))), image);
    return image;
  }

  /** Store an image made here from blobs already in the content store (build steps; see recordImage). */
  record(input: Parameters<typeof recordImage>[1]): Promise<Image> {
    return recordImage({ content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, input);
  }

  /** docker import: a rootfs tarball as a one-layer image (see importImage). */
  async import(input: Readable, opts: { reference?: string; message?: string; adjust?: CommitInput["adjust"] }): Promise<Image> {
    const image = await importImage({ content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, input, opts);
    this.emit("import", image.id, image.id, image);
    return image;
  }

  /** POST /auth: check credentials against a registry (docker login). */
  async login(serverAddress: string, credentials: RegistryCredentials): Promise<void> {
    const host = serverAddress.replace(/^https?:\/\//, "").replace(/\/.*$/, "") || "docker.io";
    await this.registry.login(host === "index.docker.io" ? "docker.io" : host, credentials);
  }

  /**
   * docker image prune: remove images no tag names and no container uses (all unused with
   * `all`), that pass the filter. SpaceReclaimed counts the layers that went with them (a layer
   * another image still uses frees nothing), as Docker's does.
   */
  async prune(opts: { all?: boolean; filter?: PruneFilter } = {}): Promise<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[]; SpaceReclaimed: number }> {
    const deleted: { Untagged?: string; Deleted?: string }[] = [];
    let space = 0;
    for (const image of this.list()) {
      const tagged = image.references.some((r) => !r.includes("@"));
      if ((tagged && !opts.all) || this.usedBy(image.id).length) continue;
      if (opts.filter && !prunable(opts.filter, image.created, image.doc.config.config?.Labels ?? {})) continue;
      // An image that is the parent of a kept one's layers may already be gone with an earlier removal.
      if (!this.records.get(image.id)) continue;
      const removed = await this.removeCounting(image.id, { force: true });
      deleted.push(...removed.entries);
      space += removed.reclaimed;
    }
    this.events?.emit("image", "prune", "", { reclaimed: String(space) });
    return { ImagesDeleted: deleted, SpaceReclaimed: space };
  }

  list(): Image[] {
    return this.records.list();
  }

  /** An image by name[:tag], name@digest, full id, or unique id prefix: "No such image: X" otherwise. */
  find(nameOrId: string): Image {
    const byRef = (() => {
      try {
        return this.records.findByReference(canonicalString(withDefaultTag(parseReference(nameOrId))));
      } catch {
        return undefined;
      }
    })();
    const found = byRef ?? this.records.find(nameOrId.startsWith("sha256:") ? nameOrId : /^[0-9a-f]{1,64}$/.test(nameOrId) ? `sha256:${nameOrId}` : nameOrId);
    if (!found) throw new NotFound(`No such image: ${nameOrId}`);
    return found;
  }

  tag(source: string, target: string): void {
    const image = this.find(source);
    const ref = withDefaultTag(parseReference(target));
    this.records.tag(canonicalString(ref), image.id);
    this.emit("tag", image.id, familiarString(ref), image);
  }

  /**
   * docker rmi: a reference is untagged; the image itself goes when no reference is left (or
   * when named by id, if only one repository points at it, or with force), and then its layers'
   * snapshots and blobs nobody else uses. Returns Docker's list of Untagged/Deleted entries.
   */
  async remove(nameOrId: string, opts: { force?: boolean } = {}): Promise<{ Untagged?: string; Deleted?: string }[]> {
    return (await this.removeCounting(nameOrId, opts)).entries;
  }

  /** remove(), also telling the bytes of the layers that went with the image. */
  async removeCounting(nameOrId: string, opts: { force?: boolean } = {}): Promise<{ entries: { Untagged?: string; Deleted?: string }[]; reclaimed: number }> {
    const image = this.find(nameOrId);
    const users = this.usedBy(image.id);
    const out: { Untagged?: string; Deleted?: string }[] = [];
    const byId = image.id.startsWith(nameOrId) || image.id === `sha256:${nameOrId}` || nameOrId.startsWith("sha256:");
    const tags = image.references.filter((r) => !r.includes("@"));
    if (!byId) {
      const ref = canonicalString(withDefaultTag(parseReference(nameOrId)));
      if (users.length && tags.length <= 1 && !opts.force) {
        throw new Conflict(`conflict: unable to remove repository reference "${nameOrId}" (must force) - container ${users[0]!.slice(0, 12)} is using its referenced image ${image.id.slice(7, 19)}`);
      }
      const { remaining } = this.records.untag(ref);
      out.push({ Untagged: familiarString(withDefaultTag(parseReference(nameOrId))) });
      this.emit("untag", image.id, image.id, image);
      if (remaining > image.references.filter((r) => r.includes("@")).length || users.length) return { entries: out, reclaimed: 0 };
    } else {
      if (users.length && !opts.force) throw new Conflict(`conflict: unable to delete ${image.id.slice(7, 19)} (cannot be forced) - image is being used by running container ${users[0]!.slice(0, 12)}`);
      if (tags.length > 1 && !opts.force) throw new Conflict(`conflict: unable to delete ${image.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
      for (const r of image.references) {
        out.push({ Untagged: familiarString(parseReference(r)) });
        this.emit("untag", image.id, image.id, image);
      }
    }
    const removed = this.records.remove(image.id);
    for (const layer of removed.layers) await this.snapshotter.remove(layer.snapshotKey).catch((err) => log.warn("could not remove a layer snapshot", { key: layer.snapshotKey, error: String(err) }));
    for (const blob of [...removed.blobs, image.id]) await this.content.delete(blob);
    out.push({ Deleted: image.id });
    this.emit("delete", image.id, image.id, image);
    return { entries: out, reclaimed: removed.layers.reduce((n, l) => n + l.size, 0) };
  }
}
