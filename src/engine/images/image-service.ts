import { canonicalString, familiarString, parseReference, withDefaultTag, type RegistryClient, type RegistryCredentials } from "../../image/index.ts";
import { Conflict, NotFound, log } from "../../lib/index.ts";
import type { ContentStore, ImageRecords, Snapshotter } from "../../store/index.ts";
import type { Image, ImageDoc } from "./image-doc.ts";
import type { LayerUnpacker } from "./layer-unpacker.ts";
import { pullImage, type PullEvent } from "./pull-image.ts";
import { pushImage, type PushEvent } from "./push-image.ts";
import { saveImages } from "./save-image.ts";
import { commitImage, type CommitInput } from "./commit-image.ts";
import { importImage } from "./import-image.ts";
import { loadImages } from "./load-image.ts";
import { recordImage } from "./record-image.ts";
import type { Readable } from "node:stream";
import { join } from "node:path";

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
  ) {}

  pull(ref: string, opts: { platform?: string; credentials?: RegistryCredentials }, emit: (e: PullEvent) => void): Promise<Image> {
    return pullImage({ registry: this.registry, content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, ref, opts, emit);
  }

  /** docker push: the image named `ref` to its registry. */
  push(ref: string, opts: { credentials?: RegistryCredentials }, emit: (e: PushEvent) => void): Promise<void> {
    return pushImage({ registry: this.registry, content: this.content }, this.find(ref), ref, opts, emit);
  }

  /** docker save: the named images as one archive (see saveImages). */
  save(names: string[]): Readable {
    const wanted = names.map((n) => {
      const image = this.find(n);
      const byId = image.id.startsWith(n) || image.id === `sha256:${n}`;
      const tags = byId ? image.references.filter((r) => !r.includes("@")) : [canonicalString(withDefaultTag(parseReference(n)))];
      return { image, tags };
    });
    return saveImages(this.content, wanted);
  }

  /** docker load: images from an archive in Docker's save format; returns Docker's report lines. */
  load(input: Readable): Promise<string[]> {
    return loadImages({ content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, input, join(this.content.dataRoot, "tmp"));
  }

  /** docker commit: a new image from a container's writable layer over `base` (see commitImage). */
  commit(base: Image, input: CommitInput): Promise<Image> {
    return commitImage({ content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, base, input);
  }

  /** Store an image made here from blobs already in the content store (build steps; see recordImage). */
  record(input: Parameters<typeof recordImage>[1]): Promise<Image> {
    return recordImage({ content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, input);
  }

  /** docker import: a rootfs tarball as a one-layer image (see importImage). */
  import(input: Readable, opts: { reference?: string; message?: string }): Promise<Image> {
    return importImage({ content: this.content, records: this.records, snapshotter: this.snapshotter, unpacker: this.unpacker }, input, opts);
  }

  /** POST /auth: check credentials against a registry (docker login). */
  async login(serverAddress: string, credentials: RegistryCredentials): Promise<void> {
    const host = serverAddress.replace(/^https?:\/\//, "").replace(/\/.*$/, "") || "docker.io";
    await this.registry.login(host === "index.docker.io" ? "docker.io" : host, credentials);
  }

  /** docker image prune: remove images no tag names and no container uses (all unused with `all`). */
  async prune(opts: { all?: boolean } = {}): Promise<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[]; SpaceReclaimed: number }> {
    const deleted: { Untagged?: string; Deleted?: string }[] = [];
    let space = 0;
    for (const image of this.list()) {
      const tagged = image.references.some((r) => !r.includes("@"));
      if ((tagged && !opts.all) || this.usedBy(image.id).length) continue;
      deleted.push(...(await this.remove(image.id, { force: true })));
      space += image.size;
    }
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
    this.records.tag(canonicalString(withDefaultTag(parseReference(target))), image.id);
  }

  /**
   * docker rmi: a reference is untagged; the image itself goes when no reference is left (or
   * when named by id, if only one repository points at it, or with force), and then its layers'
   * snapshots and blobs nobody else uses. Returns Docker's list of Untagged/Deleted entries.
   */
  async remove(nameOrId: string, opts: { force?: boolean } = {}): Promise<{ Untagged?: string; Deleted?: string }[]> {
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
      if (remaining > image.references.filter((r) => r.includes("@")).length || users.length) return out;
    } else {
      if (users.length && !opts.force) throw new Conflict(`conflict: unable to delete ${image.id.slice(7, 19)} (cannot be forced) - image is being used by running container ${users[0]!.slice(0, 12)}`);
      if (tags.length > 1 && !opts.force) throw new Conflict(`conflict: unable to delete ${image.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
      for (const r of image.references) out.push({ Untagged: familiarString(parseReference(r)) });
    }
    const removed = this.records.remove(image.id);
    for (const layer of removed.layers) await this.snapshotter.remove(layer.snapshotKey).catch((err) => log.warn("could not remove a layer snapshot", { key: layer.snapshotKey, error: String(err) }));
    for (const blob of [...removed.blobs, image.id]) await this.content.delete(blob);
    out.push({ Deleted: image.id });
    return out;
  }
}
