import { boolFilter, checkFilterKeys, labelsMatch, regexpMatch } from "../list-filters.ts";
import type { Volume, VolumeService } from "./volume-service.ts";

/** docker volume ls: the volumes that pass the filters (dangling, name, driver, label). */
export function listVolumes(volumes: VolumeService, usedBy: (name: string) => string[], filters: Record<string, string[]>): Volume[] {
  checkFilterKeys(filters, ["dangling", "name", "driver", "label"]);
  const dangling = boolFilter(filters, "dangling");
  return volumes.list().filter((v) => {
    if (dangling !== undefined && dangling !== (usedBy(v.name).length === 0)) return false;
    if (filters.name?.length && !filters.name.some((n) => regexpMatch(n, v.name))) return false;
    if (filters.driver?.length && !filters.driver.some((d) => regexpMatch(d, v.driver))) return false;
    if (filters.label?.length && !labelsMatch(filters.label, v.labels ?? {})) return false;
    return true;
  });
}
