import { classify, parseImageConfig, parseReference, resolvableReference, withDefaultTag, type RegistryClient, type RegistryCredentials } from "../../image/index.ts";

/** What GET /distribution/{name}/json tells: the manifest's descriptor and the platforms it serves. */
export interface DistributionInfo {
  descriptor: { mediaType: string; digest: string; size: number };
  platforms: { architecture: string; os: string; variant?: string; "os.version"?: string; "os.features"?: string[] }[];
}

/**
 * `docker manifest`-style lookup without pulling: the registry's manifest (or index) for `ref`,
 * and the platforms it holds — the index's entries, or, for a single manifest, the platform
 * its config names (fetched; it is small).
 */
export async function inspectDistribution(registry: RegistryClient, refText: string, credentials?: RegistryCredentials): Promise<DistributionInfo> {
  const ref = withDefaultTag(parseReference(refText));
  const target = resolvableReference(ref);
  const repo = { registryHost: ref.domain, repository: ref.path };
  const m = await registry.getManifest(repo, target.digest ?? target.tag!, { credentials });
  const found = classify(m.mediaType, m.bytes);
  const descriptor = { mediaType: m.mediaType, digest: m.digest, size: m.size };
  if (found.kind === "index") {
    const platforms = found.index.manifests.filter((d) => d.platform).map((d) => {
      const p = d.platform!;
      return { architecture: p.architecture, os: p.os, ...(p.variant ? { variant: p.variant } : {}), ...(p["os.version"] ? { "os.version": p["os.version"] } : {}), ...(p["os.features"] ? { "os.features": p["os.features"] } : {}) };
    });
    return { descriptor, platforms };
  }
  const config = parseImageConfig(await registry.getBlob(repo, { digest: found.manifest.config.digest, size: found.manifest.config.size }, { credentials }));
  return { descriptor, platforms: [{ architecture: config.architecture, os: config.os, ...(config.variant ? { variant: config.variant } : {}) }] };
}
