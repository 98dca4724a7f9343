import { treeSize } from "../lib/index.ts";
import type { BuildService } from "./builds/build-service.ts";
import type { ContainerService } from "./containers/container-service.ts";
import { listContainers, type ListedContainer } from "./containers/list-containers.ts";
import type { Image } from "./images/image-doc.ts";
import type { ImageService } from "./images/image-service.ts";
import type { Volume, VolumeService } from "./volumes/volume-service.ts";

export type DiskUsageKind = "container" | "image" | "volume" | "build-cache";

export interface ImageUsage {
  image: Image;
  /** Bytes of its layers that another image uses too. */
  sharedSize: number;
  /** Containers made from it. */
  containers: number;
}

export interface BuildCacheUsage {
  /** The image a cached build step made (kept by the cache alone, untagged). */
  image: Image;
  /** Bytes of the step's own layer when no other image uses it, else 0 (and `shared`). */
  size: number;
  shared: boolean;
  inUse: boolean;
  /** The step, as the image's history tells it. */
  description: string;
  created: string;
}

/** docker system df: what images, containers, volumes and the build cache hold. */
export interface DiskUsage {
  /** Every layer's bytes, each counted once (undefined when images were not asked for). */
  layersSize?: number;
  images?: ImageUsage[];
  containers?: ListedContainer[];
  volumes?: { volume: Volume; size: number; refCount: number }[];
  buildCache?: BuildCacheUsage[];
}

/**
 * Gather `kinds` (all four when empty). The build cache's images (untagged step images only
 * the cache keeps) are shown as build cache, not as images, so nothing is counted twice.
 */
export async function diskUsage(
  svc: { images: ImageService; containers: ContainerService; volumes: VolumeService; builds: BuildService },
  kinds: DiskUsageKind[] = [],
): Promise<DiskUsage> {
  const want = (k: DiskUsageKind) => kinds.length === 0 || kinds.includes(k);
  const out: DiskUsage = {};
  const all = svc.images.list();
  const cached = svc.builds.cache.imageIds();
  const cacheOnly = (i: Image) => cached.has(i.id) && i.references.length === 0;
  const usersOf = new Map<string, number>();
  for (const i of all) for (const l of i.layers) usersOf.set(l, (usersOf.get(l) ?? 0) + 1);
  const layerSize = (chainId: string) => svc.images.records.getLayer(chainId)?.size ?? 0;
  if (want("image")) {
    out.layersSize = svc.images.records.listLayers().reduce((n, l) => n + l.size, 0);
    out.images = all
      .filter((i) => !cacheOnly(i))
      .map((image) => ({
        image,
        sharedSize: image.layers.filter((l) => (usersOf.get(l) ?? 0) > 1).reduce((n, l) => n + layerSize(l), 0),
        containers: svc.containers.usingImage(image.id).length,
      }));
  }
  if (want("container")) out.containers = await listContainers(svc.containers.store, svc.images, { all: true, size: true });
  if (want("volume")) {
    out.volumes = svc.volumes.list().map((volume) => ({ volume, size: treeSize(volume.mountpoint), refCount: svc.containers.usingVolume(volume.name).length }));
  }
  if (want("build-cache")) {
    out.buildCache = all.filter(cacheOnly).map((image) => {
      const top = image.layers.at(-1);
      const shared = top === undefined || (usersOf.get(top) ?? 0) > 1;
      const history = image.doc.config.history ?? [];
      return {
        image,
        size: shared || top === undefined ? 0 : layerSize(top),
        shared,
        inUse: svc.containers.usingImage(image.id).length > 0,
        description: history.at(-1)?.created_by ?? "",
        created: image.created,
      };
    });
  }
  return out;
}
