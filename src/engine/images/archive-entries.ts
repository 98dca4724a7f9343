import { existsSync, readFileSync } from "node:fs";
import { join, normalize } from "node:path";
import { choosePlatform, classify, MediaType, type Platform } from "../../image/index.ts";
import { InvalidArgument } from "../../lib/index.ts";

/** One image found in an unpacked `docker save` archive or OCI image layout. */
export interface ArchiveImage {
  configPath: string;
  layers: { path: string; mediaType?: string; digest?: string }[];
  /** Full references, e.g. "busybox:latest"; empty for an untagged image. */
  refs: string[];
}

/** Read a path named by the archive, refusing one that leaves it. */
export function readArchiveFile(dir: string, p: string): Uint8Array {
  const full = join(dir, normalize(p));
  if (!full.startsWith(dir + "/")) throw new InvalidArgument(`invalid archive: ${p} leaves the archive`);
  if (!existsSync(full)) throw new InvalidArgument(`invalid archive: ${p} is missing`);
  return new Uint8Array(readFileSync(full));
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new InvalidArgument(`invalid archive: ${what}: ${(err as Error).message}`);
  }
}

const blobPath = (digest: string) => {
  const m = /^([a-z0-9]+):([a-f0-9]+)$/.exec(digest);
  if (!m) throw new InvalidArgument(`invalid archive: bad digest ${JSON.stringify(digest)}`);
  return `blobs/${m[1]}/${m[2]}`;
};

/** Docker's legacy manifest.json: [{Config, RepoTags, Layers}]. */
function legacyEntries(dir: string): ArchiveImage[] {
  const list = parseJson(readArchiveFile(dir, "manifest.json"), "manifest.json");
  if (!Array.isArray(list)) throw new InvalidArgument("invalid archive: manifest.json is not a list");
  return list.map((e: { Config?: unknown; RepoTags?: unknown; Layers?: unknown }) => {
    if (typeof e?.Config !== "string" || !Array.isArray(e.Layers)) throw new InvalidArgument("invalid archive: manifest.json entry without Config or Layers");
    return {
      configPath: e.Config,
      layers: e.Layers.map((l) => ({ path: String(l) })),
      refs: Array.isArray(e.RepoTags) ? e.RepoTags.map(String) : [],
    };
  });
}

/**
 * The name an index entry gives its image: containerd's full name when present, else the OCI
 * ref.name when it is a whole reference ("docker.io/library/busybox:1"); a bare tag such as
 * "latest" names no repository, so the image loads untagged.
 */
function entryRef(annotations: Record<string, string> | undefined): string | undefined {
  const full = annotations?.["io.containerd.image.name"];
  if (full) return full;
  const ref = annotations?.["org.opencontainers.image.ref.name"];
  return ref && /[/:]/.test(ref) ? ref : undefined;
}

/** An OCI image layout: index.json → (nested indexes, by platform) → manifests. */
function ociEntries(dir: string, platform?: Platform): ArchiveImage[] {
  const top = classify(MediaType.ociIndex, readArchiveFile(dir, "index.json"));
  if (top.kind !== "index") throw new InvalidArgument("invalid archive: index.json is not an image index");
  const byManifest = new Map<string, ArchiveImage>();
  for (const entry of top.index.manifests) {
    let found = classify(entry.mediaType, readArchiveFile(dir, blobPath(entry.digest)));
    for (let depth = 0; found.kind === "index"; depth++) {
      if (depth > 4) throw new InvalidArgument("invalid archive: indexes nested too deeply");
      const chosen = choosePlatform(found.index, platform);
      found = classify(chosen.mediaType, readArchiveFile(dir, blobPath(chosen.digest)));
    }
    const m = found.manifest;
    const ref = entryRef(entry.annotations as Record<string, string> | undefined);
    const known = byManifest.get(entry.digest);
    if (known) {
      if (ref) known.refs.push(ref);
      continue;
    }
    byManifest.set(entry.digest, {
      configPath: blobPath(m.config.digest),
      layers: m.layers.map((l) => ({ path: blobPath(l.digest), mediaType: l.mediaType, digest: l.digest })),
      refs: ref ? [ref] : [],
    });
  }
  return [...byManifest.values()];
}

/**
 * What images an unpacked archive holds: Docker's manifest.json when present (docker save of
 * any version), else the OCI image layout (index.json with oci-layout), as skopeo, podman and
 * buildx write it. Throws InvalidArgument when it is neither.
 */
export function archiveImages(dir: string, platform?: Platform): ArchiveImage[] {
  if (existsSync(join(dir, "manifest.json"))) return legacyEntries(dir);
  if (existsSync(join(dir, "index.json"))) {
    if (!existsSync(join(dir, "oci-layout"))) throw new InvalidArgument("invalid archive: index.json without an oci-layout file");
    return ociEntries(dir, platform);
  }
  throw new InvalidArgument("invalid archive: neither manifest.json (docker save) nor index.json (OCI image layout) found");
}
