import { canonicalString, choosePlatform, classify, familiarString, formatPlatform, hostPlatform, imageConfigPlatform, parseImageConfig, parsePlatform, parseReference, resolvableReference, withDefaultTag, type Descriptor, type ImageManifest, type RegistryClient, type RegistryCredentials } from "../../image/index.ts";
import { ImageRecords, type ContentStore, type Snapshotter } from "../../store/index.ts";
import { ensureLayers, type LayerSource } from "./layer-chain.ts";
import { boundedTee, ContentMismatch, InvalidArgument } from "../../lib/index.ts";
import type { Image, ImageDoc } from "./image-doc.ts";
import type { LayerUnpacker } from "./layer-unpacker.ts";

/** One line of Docker's pull progress stream. */
export interface PullEvent {
  id?: string;
  status: string;
  progressDetail?: { current?: number; total?: number };
}

export interface PullDeps {
  registry: RegistryClient;
  content: ContentStore;
  records: ImageRecords<ImageDoc>;
  snapshotter: Snapshotter;
  unpacker: LayerUnpacker;
}

const short = (digest: string) => digest.replace(/^sha256:/, "").slice(0, 12);

/** Run `work` over `items` with at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}

/** Fetch a blob into the content store unless it is there, resuming a partial download. */
async function fetchBlob(deps: PullDeps, repo: { registryHost: string; repository: string }, desc: Descriptor, creds: RegistryCredentials | undefined, progress: (current: number) => void): Promise<void> {
  if (await deps.content.has(desc.digest)) return;
  const have = await deps.content.partialSize(desc.digest);
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = await deps.registry.blobStream(repo, { digest: desc.digest, size: desc.size }, {
      credentials: creds,
      have: have > 0 ? Bun.file(deps.content.partialPath(desc.digest)).slice(0, have) : undefined,
      onProgress: (bytes) => progress(bytes),
    });
  } catch (err) {
    // A whole blob kept from an earlier try, and wrong: start afresh next time.
    if (err instanceof ContentMismatch) await deps.content.discardPartial(desc.digest);
    throw err;
  }
  await deps.content.ingest(desc.digest, stream, { expectedSize: desc.size, resumeFrom: have > 0 ? have : undefined });
}

type Repo = { registryHost: string; repository: string };

/** Docker's "Downloading" lines for one blob, every half MiB. */
function downloadProgress(emit: (e: PullEvent) => void, l: Descriptor): (current: number) => void {
  let last = 0;
  return (current) => {
    if (current - last >= 512 * 1024 || current === l.size) {
      last = current;
      emit({ status: "Downloading", progressDetail: { current, total: l.size }, id: short(l.digest) });
    }
  };
}

/**
 * For vfs, which applies the layers one after the other from the content store: the blobs
 * download first (three at a time), and each layer unpacks once its blob and those below are in.
 */
function downloadFirst(deps: PullDeps, repo: Repo, layers: Descriptor[], missing: Descriptor[], creds: RegistryCredentials | undefined, emit: (e: PullEvent) => void): LayerSource & { downloads: Promise<void> } {
  const blobs = [...new Map(missing.map((l) => [l.digest, l])).values()];
  const downloaded = new Map(blobs.map((l) => [l.digest, Promise.withResolvers<void>()]));
  for (const d of downloaded.values()) d.promise.catch(() => undefined); // the first to wait for it reports it
  const downloads = inParallel(blobs, 3, async (l) => {
    try {
      await fetchBlob(deps, repo, l, creds, downloadProgress(emit, l));
    } catch (err) {
      downloaded.get(l.digest)!.reject(err);
      throw err;
    }
    emit({ status: "Download complete", progressDetail: {}, id: short(l.digest) });
    downloaded.get(l.digest)!.resolve();
  });
  const ready = (i: number) => downloaded.get(layers[i]!.digest)?.promise ?? Promise.resolve();
  return {
    downloads,
    ready,
    unpackInto: async (i, dir, extracting) => {
      await ready(i);
      extracting();
      return deps.unpacker.unpack(deps.content.path(layers[i]!.digest), dir, "overlay");
    },
  };
}

/**
 * For overlay, where each layer unpacks on its own: every blob is unpacked as it downloads, its
 * bytes going to the content store and to the unpacker side by side (biggest layers first, three
 * at a time). A layer counts only once its blob is stored and verified, and its diff_id checked;
 * a blob already in the store, or half there from an earlier try (resumed first), unpacks from
 * the store. A blob two layers share is fetched once.
 */
function unpackWhileDownloading(deps: PullDeps, repo: Repo, layers: Descriptor[], creds: RegistryCredentials | undefined, emit: (e: PullEvent) => void): LayerSource {
  const stored = new Map<string, PromiseWithResolvers<void>>();
  const fromStore = (l: Descriptor, dir: string, extracting: () => void) => {
    extracting();
    return deps.unpacker.unpack(deps.content.path(l.digest), dir, "overlay");
  };
  const fetchInto = async (l: Descriptor, dir: string, extracting: () => void) => {
    const complete = () => emit({ status: "Download complete", progressDetail: {}, id: short(l.digest) });
    if ((await deps.content.has(l.digest)) || (await deps.content.partialSize(l.digest)) > 0) {
      await fetchBlob(deps, repo, l, creds, downloadProgress(emit, l));
      complete();
      return fromStore(l, dir, extracting);
    }
    const stream = await deps.registry.blobStream(repo, { digest: l.digest, size: l.size }, { credentials: creds, onProgress: downloadProgress(emit, l) });
    const tee = boundedTee(stream);
    const unpacking = deps.unpacker.unpack(tee.second, dir, "overlay").finally(tee.release);
    const storing = deps.content.ingest(l.digest, tee.first, { expectedSize: l.size }).finally(() => tee.abort(new Error(`the download of ${l.digest} stopped`)));
    const [blob, layer] = await Promise.allSettled([storing, unpacking]);
    if (blob.status === "rejected") throw blob.reason; // the download's own error comes first
    complete();
    // Another pull stored the blob meanwhile, and this download was dropped: from the store then.
    if (!tee.complete) return fromStore(l, dir, extracting);
    extracting();
    if (layer.status === "rejected") throw layer.reason;
    return layer.value;
  };
  /** Run `work` as the one fetch of `l`'s blob, or wait for the one under way and go on from the store. */
  const once = async <T>(l: Descriptor, work: () => Promise<T>, after: () => Promise<T>): Promise<T> => {
    const shared = stored.get(l.digest);
    if (shared) {
      await shared.promise;
      return after();
    }
    const mine = Promise.withResolvers<void>();
    mine.promise.catch(() => undefined); // whoever shares the blob reports it
    stored.set(l.digest, mine);
    try {
      const result = await work();
      mine.resolve();
      return result;
    } catch (err) {
      mine.reject(err);
      throw err;
    }
  };
  return {
    sizes: layers.map((l) => l.size),
    ready: (i) => {
      const l = layers[i]!;
      const fetch = () => fetchBlob(deps, repo, l, creds, downloadProgress(emit, l)).then(() => emit({ status: "Download complete", progressDetail: {}, id: short(l.digest) }));
      return once(l, fetch, () => Promise.resolve());
    },
    unpackInto: (i, dir, extracting) => {
      const l = layers[i]!;
      return once(l, () => fetchInto(l, dir, extracting), () => fromStore(l, dir, extracting));
    },
  };
}

/**
 * `docker pull`: resolve the reference (a manifest list/index picks the platform), fetch the
 * config and the layers (three at a time, resumable, every digest checked), unpack each layer
 * that is not there yet (on overlay while it downloads; its diff_id checked against the config)
 * and move it into its snapshot bottom up, then record the image and its tags in one
 * transaction. A failure leaves no image and no half-made snapshot; fetched blobs stay for the
 * next try (gc removes them otherwise).
 */
export async function pullImage(deps: PullDeps, refText: string, opts: { platform?: string; credentials?: RegistryCredentials }, emit: (e: PullEvent) => void): Promise<Image> {
  const ref = withDefaultTag(parseReference(refText));
  const target = resolvableReference(ref);
  const repo = { registryHost: ref.domain, repository: ref.path };
  const want = opts.platform ? parsePlatform(opts.platform) : hostPlatform();
  emit({ status: `Pulling from ${ref.path}`, id: ref.digest ?? ref.tag });
  const top = await deps.registry.getManifest(repo, target.digest ?? target.tag!, { credentials: opts.credentials });
  let found = classify(top.mediaType, top.bytes);
  let manifestDigest = top.digest;
  if (found.kind === "index") {
    const entry = choosePlatform(found.index, want);
    const m = await deps.registry.getManifest(repo, entry.digest, { credentials: opts.credentials });
    await deps.content.write(m.bytes); // the platform's manifest, for push and save
    found = classify(m.mediaType, m.bytes);
    manifestDigest = m.digest;
    if (found.kind !== "manifest") throw new InvalidArgument(`manifest ${entry.digest} in the index is itself an index`);
  }
  const manifest: ImageManifest = found.manifest;
  await deps.content.write(top.bytes);
  await fetchBlob(deps, repo, manifest.config, opts.credentials, () => undefined);
  const config = parseImageConfig(await Bun.file(deps.content.path(manifest.config.digest)).bytes());
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) throw new InvalidArgument(`image config lists ${diffIds.length} layers but the manifest ${manifest.layers.length}`);
  const chain = ImageRecords.chainIds(diffIds);
  const missing = manifest.layers.filter((_, i) => !deps.records.getLayer(chain[i]!));
  for (const l of manifest.layers) emit({ status: missing.includes(l) ? "Pulling fs layer" : "Already exists", progressDetail: {}, id: short(l.digest) });
  const source = deps.snapshotter.name === "vfs" ? downloadFirst(deps, repo, manifest.layers, missing, opts.credentials, emit) : unpackWhileDownloading(deps, repo, manifest.layers, opts.credentials, emit);
  const unpacked = ensureLayers(deps, manifest.layers.map((l) => l.digest), diffIds, (blob, status) => emit({ status, progressDetail: {}, id: short(blob) }), source);
  const [layersResult, downloadsResult] = await Promise.allSettled([unpacked, "downloads" in source ? source.downloads : undefined]);
  if (downloadsResult.status === "rejected") throw downloadsResult.reason; // the download's own error comes first
  if (layersResult.status === "rejected") throw layersResult.reason;
  const layers = layersResult.value;
  const references = [canonicalString(ref)];
  const repoDigest = `${canonicalString({ ...ref, tag: undefined, digest: undefined })}@${top.digest}`;
  if (!ref.digest) references.push(repoDigest);
  const previous = deps.records.findByReference(canonicalString(ref));
  const { image } = deps.records.addImage({
    id: manifest.config.digest,
    manifestDigest,
    platform: formatPlatform(imageConfigPlatform(config)),
    size: layers.reduce((n, l) => n + l.size, 0),
    created: config.created ?? new Date(0).toISOString(),
    doc: { config, repoDigests: [repoDigest] },
    references,
    layers,
    blobs: [top.digest, ...manifest.layers.map((l) => l.digest)],
  });
  emit({ status: `Digest: ${top.digest}` });
  emit({ status: previous?.id === image.id ? `Status: Image is up to date for ${familiarString(ref)}` : `Status: Downloaded newer image for ${familiarString(ref)}` });
  return image;
}
