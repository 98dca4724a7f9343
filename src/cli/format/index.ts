export { Template } from "./template.ts";
export { TemplateParseError } from "./lexer.ts";
export { TemplateExecError } from "./exec.ts";
export { GoStruct, goPrint, goStructOf } from "./go-values.ts";
export { tabwrite } from "./tabwriter.ts";
export { humanSize, goTimeString, ellipsis, truncateId } from "./units.ts";
export { renderList, resolveListFormat, writeOut, type ListFormat } from "./render-list.ts";
export { renderInspect, renderValue } from "./render-inspect.ts";
export { containerContext, containerHeaders, defaultContainerTable, displayPorts, type ContainerSummary } from "./container-context.ts";
export { imageContext, imageHeaders, imageRows, defaultImageTable, defaultImageDigestTable, rawImageFormat, rawImageDigestFormat, type ImageSummary } from "./image-context.ts";
export { volumeContext, volumeHeaders, defaultVolumeTable, type VolumeSummary } from "./volume-context.ts";
export { historyContext, historyHeaders, defaultHistoryTable, nonHumanHistoryTable, type HistoryEntry } from "./history-context.ts";
export { statsContext, statsHeaders, defaultStatsTable, type StatsRow } from "./stats-context.ts";
export {
  diskUsageRows, diskUsageHeaders, defaultDiskUsageTable, buildCacheContext, buildCacheHeaders, defaultBuildCacheTable,
  defaultDiskUsageImageTable, defaultDiskUsageContainerTable, defaultDiskUsageVolumeTable, type DiskUsageSummary,
} from "./disk-usage-context.ts";
export { networkContext, networkHeaders, defaultNetworkTable, type NetworkSummary } from "./network-context.ts";
