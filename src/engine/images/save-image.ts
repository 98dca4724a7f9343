import tar from "tar-stream";
import { Readable } from "node:stream";
import { classify, familiarString, parseReference } from "../../image/index.ts";
import type { ContentStore } from "../../store/index.ts";
import type { Image } from "./image-doc.ts";

const hex = (digest: string) => digest.replace(/^sha256:/, "");

/**
 * docker save: a tar that is both an OCI image layout (oci-layout, index.json, blobs/sha256/…)
 * and Docker's legacy form (manifest.json, repositories), as Docker 25+ writes it. Layers are
 * the stored blobs as pulled (compressed); `docker load` and Bunker's load both accept them.
 */
export function saveImages(content: ContentStore, images: { image: Image; tags: string[] }[]): Readable {
  const pack = tar.pack();
  void (async () => {
    try {
      const written = new Set<string>();
      const addBlob = async (digest: string) => {
        if (written.has(digest)) return;
        written.add(digest);
        const data = await Bun.file(content.path(digest)).bytes();
        await new Promise<void>((resolve, reject) => pack.entry({ name: `blobs/sha256/${hex(digest)}`, size: data.length, mode: 0o644, mtime: new Date(0) }, Buffer.from(data), (err) => (err ? reject(err) : resolve())));
      };
      const index: unknown[] = [];
      const legacy: unknown[] = [];
      const repositories: Record<string, Record<string, string>> = {};
      for (const { image, tags } of images) {
        const manifestBytes = await Bun.file(content.path(image.manifestDigest)).bytes();
        const found = classify(null, manifestBytes);
        if (found.kind !== "manifest") throw new Error(`stored manifest of ${image.id} is an index`);
        const m = found.manifest;
        for (const d of [image.manifestDigest, m.config.digest, ...m.layers.map((l) => l.digest)]) await addBlob(d);
        const names = tags.map((t) => familiarString(parseReference(t)));
        for (const name of names.length ? names : [undefined]) {
          index.push({
            mediaType: m.mediaType ?? "application/vnd.docker.distribution.manifest.v2+json",
            digest: image.manifestDigest,
            size: manifestBytes.length,
            ...(name ? { annotations: { "io.containerd.image.name": name, "org.opencontainers.image.ref.name": name.slice(name.lastIndexOf(":") + 1) } } : {}),
          });
        }
        legacy.push({ Config: `blobs/sha256/${hex(m.config.digest)}`, RepoTags: names.length ? names : null, Layers: m.layers.map((l) => `blobs/sha256/${hex(l.digest)}`) });
        for (const name of names) {
          const cut = name.lastIndexOf(":");
          (repositories[name.slice(0, cut)] ??= {})[name.slice(cut + 1)] = hex(image.layers.at(-1) ?? image.id);
        }
      }
      const file = (name: string, value: unknown) => pack.entry({ name, mode: 0o644, mtime: new Date(0) }, JSON.stringify(value));
      file("oci-layout", { imageLayoutVersion: "1.0.0" });
      file("index.json", { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: index });
      file("manifest.json", legacy);
      file("repositories", repositories);
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
    }
  })();
  return pack as unknown as Readable;
}
