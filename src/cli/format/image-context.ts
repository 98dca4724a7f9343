import { humanDuration } from "../../lib/index.ts";
import { GoStruct } from "./go-values.ts";
import { goTimeString, humanSize, truncateId } from "./units.ts";

/** One entry of GET /images/json as the CLI reads it. */
export interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: number;
  Size: number;
  SharedSize?: number;
  VirtualSize?: number;
  Containers?: number;
  Labels?: Record<string, string> | null;
}

export const imageHeaders: Record<string, string> = {
  ID: "IMAGE ID", Repository: "REPOSITORY", Tag: "TAG", Digest: "DIGEST", CreatedSince: "CREATED", CreatedAt: "CREATED AT",
  Size: "SIZE", Containers: "CONTAINERS", VirtualSize: "VIRTUAL SIZE", SharedSize: "SHARED SIZE", UniqueSize: "UNIQUE SIZE",
};

export const defaultImageTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
export const defaultImageDigestTable = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";

/** An image's rows as `docker images` lists them: one per repository:tag (or digest), `<none>` when it has neither. */
export function imageRows(i: ImageSummary): { repository: string; tag: string; digest: string }[] {
  const tags = new Map<string, string[]>();
  const digests = new Map<string, string[]>();
  for (const t of i.RepoTags ?? []) {
    if (t === "<none>:<none>") continue;
    const cut = t.lastIndexOf(":");
    const repo = t.slice(0, cut);
    tags.set(repo, [...(tags.get(repo) ?? []), t.slice(cut + 1)]);
  }
  for (const d of i.RepoDigests ?? []) {
    if (d === "<none>@<none>") continue;
    const cut = d.indexOf("@");
    const repo = d.slice(0, cut);
    digests.set(repo, [...(digests.get(repo) ?? []), d.slice(cut + 1)]);
  }
  const rows: { repository: string; tag: string; digest: string }[] = [];
  for (const [repo, list] of tags) for (const tag of list) rows.push({ repository: repo, tag, digest: digests.get(repo)?.[0] ?? "<none>" });
  for (const [repo, list] of digests) if (!tags.has(repo)) for (const digest of list) rows.push({ repository: repo, tag: "<none>", digest });
  if (!rows.length) rows.push({ repository: "<none>", tag: "<none>", digest: "<none>" });
  return rows;
}

/** Docker's ImageContext for one row of `images`. */
export function imageContext(i: ImageSummary, row: { repository: string; tag: string; digest: string }, opts: { trunc: boolean }): GoStruct {
  const shared = i.SharedSize ?? -1;
  const virtual = i.VirtualSize ?? i.Size;
  return new GoStruct("*formatter.ImageContext", {
    ID: () => (opts.trunc ? truncateId(i.Id) : i.Id),
    Repository: () => row.repository,
    Tag: () => row.tag,
    Digest: () => row.digest,
    CreatedSince: () => (i.Created > 0 ? `${humanDuration(Date.now() - i.Created * 1000)} ago` : "N/A"),
    CreatedAt: () => goTimeString(i.Created),
    Size: () => humanSize(i.Size),
    Containers: () => (i.Containers === undefined || i.Containers === -1 ? "N/A" : String(i.Containers)),
    VirtualSize: () => humanSize(virtual),
    SharedSize: () => (shared === -1 ? "N/A" : humanSize(shared)),
    UniqueSize: () => (shared === -1 || virtual === -1 ? "N/A" : humanSize(virtual - shared)),
  });
}
