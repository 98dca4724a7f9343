import { BuildCacheRecords, type MetadataDb } from "../../store/index.ts";
import { parseReference } from "../../image/index.ts";
import { InvalidArgument, log, messageOf } from "../../lib/index.ts";
import type { ImageService } from "../images/image-service.ts";
import { readBuildContext } from "./build-context.ts";
import { BuildFailure } from "./build-failure.ts";
import type { BuildEmit, BuildOptions } from "./build-options.ts";
import { Builder } from "./builder.ts";
import type { Executor } from "./executor.ts";

/** docker build (the legacy builder's API) and the build cache. */
export class BuildService {
  readonly cache: BuildCacheRecords;

  constructor(
    db: MetadataDb,
    private readonly executor: Executor,
    private readonly images: ImageService,
  ) {
    this.cache = new BuildCacheRecords(db);
  }

  /** Refuse a malformed tag before a build starts ("invalid reference format"). */
  checkTags(tags: string[]): void {
    for (const t of tags) {
      try {
        parseReference(t);
      } catch {
        throw new InvalidArgument(`invalid tag ${JSON.stringify(t)}: invalid reference format`);
      }
    }
  }

  /**
   * Build from a context tar. Progress and the result go to `emit` as Docker's JSON messages;
   * a failure ends with `{"errorDetail": {...}, "error": "..."}` (and nothing is tagged). With
   * `quiet`, only the image id (or, on failure, the whole output and the error) is sent. A failure
   * before anything was sent (an unreadable context, a Dockerfile that does not parse) is thrown
   * instead, so the API answers it with an error status, as Docker does.
   */
  async build(opts: BuildOptions, body: AsyncIterable<Uint8Array> | Uint8Array, emit: BuildEmit): Promise<string | undefined> {
    const held: object[] = [];
    let sent = false;
    const send: BuildEmit = (m) => {
      sent = true;
      emit(m);
    };
    const out: BuildEmit = opts.quiet ? (m) => ("aux" in m ? send(m) : held.push(m)) : send;
    try {
      const context = await readBuildContext(body);
      const builder = new Builder(this.executor, { get: (k) => this.cache.get(k)?.imageId, put: (k, id) => this.cache.put(k, id) }, opts, context, out);
      const id = await builder.build();
      if (opts.quiet) emit({ stream: `${id}\n` });
      return id;
    } catch (err) {
      if (!sent && !opts.quiet) throw err;
      for (const m of held) emit(m);
      const message = messageOf(err);
      log.debug("build failed", { error: message });
      const code = err instanceof BuildFailure ? err.code : undefined;
      emit({ errorDetail: { ...(code !== undefined ? { code } : {}), message }, error: message });
      return undefined;
    }
  }

  /**
   * docker builder prune: forget the cache and remove the images only the cache kept (untagged,
   * not used by a container, not the parent of a kept image's layers... their blobs go with them).
   * Returns Docker's report: CachesDeleted (ids) and SpaceReclaimed (bytes).
   */
  async prune(): Promise<{ CachesDeleted: string[]; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let space = 0;
    for (const entry of this.cache.list()) {
      this.cache.forgetImage(entry.imageId);
      const image = this.images.records.get(entry.imageId);
      if (!image || image.references.length > 0) continue;
      try {
        const removed = await this.images.removeCounting(image.id);
        deleted.push(image.id);
        space += removed.reclaimed;
      } catch (err) {
        log.debug("build cache prune kept an image", { id: image.id, error: messageOf(err) });
      }
    }
    return { CachesDeleted: deleted, SpaceReclaimed: space };
  }

  /**
   * The intermediate images of builds: images the build cache keeps whose history is the start
   * of another image's (hidden from `images` unless all=1, as Docker hides them). The result
   * of an untagged build is not one of them: it shows as <none>.
   */
  intermediateImages(): Set<string> {
    const cached = this.cache.imageIds();
    const all = this.images.list();
    const key = (h: unknown) => JSON.stringify(h);
    const prefixes = new Set<string>();
    for (const image of all) {
      const history = image.doc.config.history ?? [];
      for (let n = 1; n < history.length; n++) prefixes.add(key(history.slice(0, n)));
    }
    return new Set(all.filter((i) => cached.has(i.id) && prefixes.has(key(i.doc.config.history ?? []))).map((i) => i.id));
  }
}
