import { humanDuration } from "../../lib/index.ts";
import type { ContainerSummary } from "./container-context.ts";
import { GoStruct } from "./go-values.ts";
import type { ImageSummary } from "./image-context.ts";
import { humanSize } from "./units.ts";
import type { VolumeSummary } from "./volume-context.ts";

/** One build cache record of GET /system/df. */
export interface BuildCacheSummary {
  ID: string;
  Type: string;
  Description: string;
  InUse: boolean;
  Shared: boolean;
  Size: number;
  CreatedAt: string;
  LastUsedAt: string | null;
  UsageCount: number;
}

/** GET /system/df as the CLI reads it. */
export interface DiskUsageSummary {
  LayersSize?: number;
  Images?: ImageSummary[] | null;
  Containers?: ContainerSummary[] | null;
  Volumes?: VolumeSummary[] | null;
  BuildCache?: BuildCacheSummary[] | null;
}

export const diskUsageHeaders: Record<string, string> = { Type: "TYPE", TotalCount: "TOTAL", Active: "ACTIVE", Size: "SIZE", Reclaimable: "RECLAIMABLE" };
export const defaultDiskUsageTable = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";

export const buildCacheHeaders: Record<string, string> = {
  ID: "CACHE ID", CacheType: "CACHE TYPE", Size: "SIZE", CreatedSince: "CREATED", LastUsedSince: "LAST USED", UsageCount: "USAGE", Shared: "SHARED", Description: "DESCRIPTION", InUse: "IN USE",
};
export const defaultBuildCacheTable = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}";
export const defaultDiskUsageImageTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
export const defaultDiskUsageContainerTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
export const defaultDiskUsageVolumeTable = "table {{.Name}}\t{{.Links}}\t{{.Size}}";

const size = (n: number) => humanSize(n, 4);
/** "1.2MB (40%)": the share in whole percent, as Docker's integer division gives it. */
const withShare = (part: number, total: number) => (total > 0 ? `${size(part)} (${Math.floor((part * 100) / total)}%)` : size(part));
const activeContainer = (c: ContainerSummary) => /running|paused|restarting/.test(c.State);

function row(type: string, total: number, active: number, sizeText: string, reclaimable: string): GoStruct {
  return new GoStruct("*formatter.diskUsageContext", {
    Type: () => type,
    TotalCount: () => String(total),
    Active: () => String(active),
    Size: () => sizeText,
    Reclaimable: () => reclaimable,
  });
}

/** The four summary rows of `docker system df` (Images, Containers, Local Volumes, Build Cache), Docker's arithmetic. */
export function diskUsageRows(du: DiskUsageSummary): GoStruct[] {
  const images = du.Images ?? [];
  const layers = du.LayersSize ?? 0;
  const usedByContainers = images.filter((i) => (i.Containers ?? 0) > 0 && i.Size !== -1 && (i.SharedSize ?? -1) !== -1).reduce((n, i) => n + i.Size - (i.SharedSize ?? 0), 0);
  const containers = du.Containers ?? [];
  const rw = containers.reduce((n, c) => n + (c.SizeRw ?? 0), 0);
  const idleRw = containers.filter((c) => !activeContainer(c)).reduce((n, c) => n + (c.SizeRw ?? 0), 0);
  const volumes = du.Volumes ?? [];
  const volSize = (v: VolumeSummary) => (v.UsageData && v.UsageData.Size !== -1 ? v.UsageData.Size : 0);
  const volTotal = volumes.reduce((n, v) => n + volSize(v), 0);
  const volIdle = volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((n, v) => n + volSize(v), 0);
  const cache = du.BuildCache ?? [];
  const cacheSize = cache.filter((b) => !b.Shared).reduce((n, b) => n + b.Size, 0);
  const cacheInUse = cache.filter((b) => b.InUse && !b.Shared).reduce((n, b) => n + b.Size, 0);
  return [
    row("Images", images.length, images.filter((i) => (i.Containers ?? 0) > 0).length, size(layers), withShare(layers - usedByContainers, layers)),
    row("Containers", containers.length, containers.filter(activeContainer).length, size(rw), withShare(idleRw, rw)),
    row("Local Volumes", volumes.length, volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length, size(volTotal), withShare(volIdle, volTotal)),
    row("Build Cache", cache.length, cache.filter((b) => b.InUse).length, size(cacheSize), size(cacheSize - cacheInUse)),
  ];
}

const since = (iso: string | null) => (iso ? `${humanDuration(Date.now() - Date.parse(iso))} ago` : "");

/** Docker's buildCacheContext for `system df -v`. */
export function buildCacheContext(b: BuildCacheSummary, opts: { trunc: boolean }): GoStruct {
  return new GoStruct("*formatter.buildCacheContext", {
    ID: () => (opts.trunc ? b.ID.slice(0, 12) : b.ID) + (b.InUse ? "*" : ""),
    CacheType: () => b.Type,
    Description: () => b.Description,
    Size: () => size(b.Size),
    CreatedSince: () => since(b.CreatedAt),
    LastUsedSince: () => since(b.LastUsedAt),
    UsageCount: () => String(b.UsageCount),
    InUse: () => String(b.InUse),
    Shared: () => String(b.Shared),
  });
}
