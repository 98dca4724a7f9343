import type { DiskUsage } from "../../engine/index.ts";
import { listWire, type DnsNamesOf } from "./container-inspect.ts";
import { imageSummaryWire } from "./images.ts";
import { volumeWire } from "./volumes.ts";

/** GET /system/df in Docker's shape; a kind that was not asked for is left out. */
export function diskUsageWire(du: DiskUsage, dnsNamesOf: DnsNamesOf): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (du.layersSize !== undefined) out.LayersSize = du.layersSize;
  if (du.images) out.Images = du.images.map((u) => ({ ...imageSummaryWire(u.image), SharedSize: u.sharedSize, Containers: u.containers }));
  if (du.containers) out.Containers = du.containers.map((c) => ({ ...listWire(c.record, dnsNamesOf), SizeRw: c.sizeRw ?? 0, SizeRootFs: c.sizeRootFs ?? 0 }));
  if (du.volumes) out.Volumes = du.volumes.map((v) => ({ ...volumeWire(v.volume), UsageData: { Size: v.size, RefCount: v.refCount } }));
  if (du.buildCache) {
    out.BuildCache = du.buildCache.map((b) => ({
      ID: b.image.id.slice(7, 32),
      Parent: b.image.doc.parent?.slice(7, 32) ?? "",
      Parents: b.image.doc.parent ? [b.image.doc.parent.slice(7, 32)] : [],
      Type: "regular",
      Description: b.description,
      InUse: b.inUse,
      Shared: b.shared,
      Size: b.size,
      CreatedAt: b.created,
      LastUsedAt: b.created,
      UsageCount: 0,
    }));
  }
  return out;
}
