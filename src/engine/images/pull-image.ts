import { canonicalString, choosePlatform, classify, familiarString, formatPlatform, hostPlatform, imageConfigPlatform, parseImageConfig, parsePlatform, parseReference, resolvableReference, withDefaultTag, type Descriptor, type ImageManifest, type RegistryClient, type RegistryCredentials } from "../../image/index.ts";
import { ImageRecords, type ContentStore, type Snapshotter } from "../../store/index.ts";
import { ensureLayers } from "./layer-chain.ts";
import { InvalidArgument } from "../../lib/index.ts";
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
  const stream = await deps.registry.blobStream(repo, { digest: desc.digest, size: desc.size }, {
    credentials: creds,
    have: have > 0 ? Bun.file(deps.content.partialPath(desc.digest)).slice(0, have) : undefined,
    onProgress: (bytes) => progress(bytes),
  });
  await deps.content.ingest(desc.digest, stream, { expectedSize: desc.size, resumeFrom: have > 0 ? have : undefined });
}

/**
 * `docker pull`: resolve the reference (a manifest list/index picks the platform), fetch the
 * config and the layers (three at a time, resumable, every digest checked), unpack each layer
 * that is not there yet into its snapshot bottom up (its diff_id checked against the config),
 * then record the image and its tags in one transaction. A failure leaves no image and no
 * half-made snapshot; fetched blobs stay for the next try (gc removes them otherwise).
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
  // Each layer unpacks as soon as its blob is in (three downloads and three unpacks at a time).
  const blobs = [...new Map(missing.map((l) => [l.digest, l])).values()];
  const downloaded = new Map(blobs.map((l) => [l.digest, Promise.withResolvers<void>()]));
  for (const d of downloaded.values()) d.promise.catch(() => undefined); // also reported through `downloads` below
  const downloads = inParallel(blobs, 3, async (l) => {
    let last = 0;
    try {
      await fetchBlob(deps, repo, l, opts.credentials, (current) => {
        if (current - last >= 512 * 1024 || current === l.size) {
          last = current;
          emit({ status: "Downloading", progressDetail: { current, total: l.size }, id: short(l.digest) });
        }
      });
    } catch (err) {
      downloaded.get(l.digest)!.reject(err);
      throw err;
    }
    emit({ status: "Download complete", progressDetail: {}, id: short(l.digest) });
    downloaded.get(l.digest)!.resolve();
  });
  const blobReady = (i: number) => downloaded.get(manifest.layers[i]!.digest)?.promise ?? Promise.resolve();
  const unpacked = ensureLayers(deps, manifest.layers.map((l) => l.digest), diffIds, (blob, status) => emit({ status, progressDetail: {}, id: short(blob) }), blobReady);
  const [layersResult, downloadsResult] = await Promise.allSettled([unpacked, downloads]);
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
