import { timestampNanos } from "../lib/index.ts";
import { checkFilterKeys, invalidFilter, labelsMatch } from "./list-filters.ts";

/** What a prune request's `filters` keep: objects created before `until`, with (`label`) and without (`label!`) labels. */
export interface PruneFilter {
  /** Nanoseconds since the epoch; only objects created before it go. */
  until?: bigint;
  labels: string[];
  notLabels: string[];
}

/**
 * Docker's prune filters (`until`, `label`, `label!`, plus the keys a kind adds, e.g. images'
 * `dangling`, volumes' `all`); another key is refused with Docker's 400.
 */
export function pruneFilter(filters: Record<string, string[]>, extraKeys: string[] = [], now = new Date()): PruneFilter {
  checkFilterKeys(filters, ["until", "label", "label!", ...extraKeys]);
  const untils = filters.until ?? [];
  if (untils.length > 1) throw invalidFilter("until", untils.join(","));
  let until: bigint | undefined;
  if (untils[0] !== undefined) {
    until = timestampNanos(untils[0], now);
    if (until === undefined) throw invalidFilter("until", untils[0]);
  }
  return { until, labels: filters.label ?? [], notLabels: filters["label!"] ?? [] };
}

/** Whether an object created at `created` (ISO time) with `labels` is one the filter prunes. */
export function prunable(f: PruneFilter, created: string, labels: Record<string, string>): boolean {
  if (f.until !== undefined && BigInt(Date.parse(created)) * 1_000_000n >= f.until) return false;
  if (f.labels.length && !labelsMatch(f.labels, labels)) return false;
  // label!=k (or k=v): no object with that label (or that value) goes.
  if (f.notLabels.some((l) => labelsMatch([l], labels))) return false;
  return true;
}
