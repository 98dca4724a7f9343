import type { DockerClient } from "../client/index.ts";
import { humanSize } from "./format/index.ts";

/** What one prune call removed: the lines the CLI prints (a titled list, or nothing) and the bytes freed. */
export interface PruneReport {
  text: string;
  space: number;
}

const section = (title: string, lines: string[]) => (lines.length ? `${title}:\n${lines.join("\n")}\n\n` : "");

/** Docker's closing line of every prune. */
export const reclaimedLine = (space: number) => `Total reclaimed space: ${humanSize(space, 4)}`;

/** The `filters` query of a prune, with `extra` keys added (e.g. images' dangling=false). */
function withFilters(filters: string | undefined, extra: Record<string, string> = {}): string | undefined {
  const f = JSON.parse(filters ?? "{}") as Record<string, Record<string, boolean>>;
  for (const [k, v] of Object.entries(extra)) f[k] = { [v]: true };
  return Object.keys(f).length ? JSON.stringify(f) : undefined;
}

export async function pruneContainers(client: DockerClient, filters?: string): Promise<PruneReport> {
  const r = await client.json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>("POST", "/containers/prune", { query: { filters } });
  return { text: section("Deleted Containers", r.ContainersDeleted ?? []), space: r.SpaceReclaimed ?? 0 };
}

export async function pruneNetworks(client: DockerClient, filters?: string): Promise<PruneReport> {
  const r = await client.json<{ NetworksDeleted: string[] | null }>("POST", "/networks/prune", { query: { filters } });
  return { text: section("Deleted Networks", r.NetworksDeleted ?? []), space: 0 };
}

export async function pruneVolumes(client: DockerClient, filters: string | undefined, all: boolean): Promise<PruneReport> {
  const r = await client.json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>("POST", "/volumes/prune", { query: { filters: withFilters(filters, all ? { all: "true" } : {}) } });
  return { text: section("Deleted Volumes", r.VolumesDeleted ?? []), space: r.SpaceReclaimed ?? 0 };
}

export async function pruneImages(client: DockerClient, filters: string | undefined, all: boolean): Promise<PruneReport> {
  const r = await client.json<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed: number }>("POST", "/images/prune", {
    query: { filters: withFilters(filters, all ? { dangling: "false" } : {}) },
  });
  const lines = (r.ImagesDeleted ?? []).map((e) => (e.Untagged ? `untagged: ${e.Untagged}` : `deleted: ${e.Deleted}`));
  return { text: section("Deleted Images", lines), space: r.SpaceReclaimed ?? 0 };
}

export async function pruneBuildCache(client: DockerClient, filters: string | undefined, all: boolean): Promise<PruneReport> {
  const r = await client.json<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>("POST", "/build/prune", { query: { filters, all: all ? "1" : undefined } });
  return { text: section("Deleted build cache objects", (r.CachesDeleted ?? []).map((id) => id.replace(/^sha256:/, ""))), space: r.SpaceReclaimed ?? 0 };
}
