import { canonicalString, classify, familiarString, parseReference, withDefaultTag, type RegistryClient, type RegistryCredentials } from "../../image/index.ts";
import { InvalidArgument, NotFound } from "../../lib/index.ts";
import type { ContentStore } from "../../store/index.ts";
import type { Image } from "./image-doc.ts";
import type { PullEvent } from "./pull-image.ts";

const short = (digest: string) => digest.replace(/^sha256:/, "").slice(0, 12);

/** A progress line, or the final aux record with what was pushed. */
export type PushEvent = PullEvent | { progressDetail: Record<string, never>; aux: { Tag: string; Digest: string; Size: number } };

/**
 * `docker push NAME[:TAG]`: the image's layers and config (blobs the registry has already are
 * skipped), then its manifest under the tag, with Docker's progress lines and the final aux
 * record {Tag, Digest, Size} clients read.
 */
export async function pushImage(
  deps: { registry: RegistryClient; content: ContentStore },
  image: Image,
  refText: string,
  opts: { credentials?: RegistryCredentials },
  emit: (e: PushEvent) => void,
): Promise<void> {
  const ref = withDefaultTag(parseReference(refText));
  if (!ref.tag) throw new InvalidArgument(`push needs a tag: ${refText}`);
  if (!image.references.includes(canonicalString(ref))) throw new NotFound(`An image does not exist locally with the tag: ${familiarString({ ...ref, tag: undefined })}`);
  const repo = { registryHost: ref.domain, repository: ref.path };
  emit({ status: `The push refers to repository [${canonicalString({ ...ref, tag: undefined }).replace(/^docker\.io\//, "docker.io/")}]` });
  if (!(await deps.content.has(image.manifestDigest))) throw new NotFound(`the manifest of ${image.id} is not in the store; pull the image again`);
  const manifestBytes = await Bun.file(deps.content.path(image.manifestDigest)).bytes();
  const found = classify(null, manifestBytes);
  if (found.kind !== "manifest") throw new InvalidArgument(`stored manifest ${image.manifestDigest} is an index`);
  const manifest = found.manifest;
  for (const desc of [...manifest.layers].reverse()) emit({ status: "Preparing", progressDetail: {}, id: short(desc.digest) });
  for (const desc of [...manifest.layers, manifest.config]) {
    if (!(await deps.content.has(desc.digest))) throw new NotFound(`blob ${desc.digest} of ${image.id} is not in the store`);
    const r = await deps.registry.pushBlob(repo, { digest: desc.digest, size: desc.size }, Bun.file(deps.content.path(desc.digest)), { credentials: opts.credentials });
    if (desc !== manifest.config) emit({ status: r.how === "uploaded" ? "Pushed" : r.how === "mounted" ? `Mounted from ${ref.path}` : "Layer already exists", progressDetail: {}, id: short(desc.digest) });
  }
  const digest = await deps.registry.putManifest(repo, ref.tag, manifestBytes, manifest.mediaType ?? "application/vnd.docker.distribution.manifest.v2+json", { credentials: opts.credentials });
  emit({ status: `${ref.tag}: digest: ${digest} size: ${manifestBytes.length}` });
  emit({ progressDetail: {}, aux: { Tag: ref.tag, Digest: digest, Size: manifestBytes.length } });
}
