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
  Containers?: number;
  Labels?: Record<string, string> | null;
}

export const imageHeaders: Record<string, string> = {
  ID: "IMAGE ID", Repository: "REPOSITORY", Tag: "TAG", Digest: "DIGEST", CreatedSince: "CREATED", CreatedAt: "CREATED AT",
  Size: "SIZE", Containers: "CONTAINERS", VirtualSize: "SIZE", SharedSize: "SHARED SIZE", UniqueSize: "UNIQUE SIZE",
};

export const defaultImageTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince}}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
export const defaultImageDigestTable = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince}}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
/** Docker's `--format raw` for images (without and with --digests). */
export const rawImageFormat = "repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";
export const rawImageDigestFormat = "repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";

/**
 * An image's rows as `docker images` lists them: one per repository:tag, `<none>` for an image
 * with neither tags nor digests. Digests are shown when `needDigest` (--digests, or a format
 * that shows {{.Digest}}): one row per tag and digest; repositories known only by digest get
 * a row per digest with --digests (`showDigests`), else one row with an empty digest.
 */
export function imageRows(i: ImageSummary, opts: { needDigest?: boolean; showDigests?: boolean } = {}): ImageRow[] {
  const tags = new Map<string, string[]>();
  const digests = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const t of i.RepoTags ?? []) {
    const cut = t.lastIndexOf(":");
    if (t !== "<none>:<none>" && cut > t.lastIndexOf("/")) add(tags, t.slice(0, cut), t.slice(cut + 1));
  }
  for (const d of i.RepoDigests ?? []) {
    const cut = d.indexOf("@");
    if (d !== "<none>@<none>" && cut > 0) add(digests, d.slice(0, cut), d.slice(cut + 1));
  }
  if (!tags.size && !digests.size) return [{ repository: "<none>", tag: "<none>", digest: "<none>" }];
  const rows: ImageRow[] = [];
  for (const [repo, list] of tags) {
    const ds = opts.needDigest ? (digests.get(repo) ?? []) : [];
    digests.delete(repo);
    for (const tag of list) {
      if (!ds.length) rows.push({ repository: repo, tag, digest: "<none>" });
      for (const digest of ds) rows.push({ repository: repo, tag, digest });
    }
  }
  for (const [repo, list] of digests) {
    if (opts.showDigests) for (const digest of list) rows.push({ repository: repo, tag: "<none>", digest });
    else rows.push({ repository: repo, tag: "<none>", digest: "" });
  }
  return rows;
}

export interface ImageRow {
  repository: string;
  tag: string;
  digest: string;
}

/** Docker's ImageContext for one row of `images`. */
export function imageContext(i: ImageSummary, row: ImageRow, opts: { trunc: boolean }): GoStruct {
  const shared = i.SharedSize ?? -1;
  return new GoStruct("*formatter.ImageContext", {
    ID: () => (opts.trunc ? truncateId(i.Id) : i.Id),
    Repository: () => row.repository,
    Tag: () => row.tag,
    Digest: () => row.digest,
    CreatedSince: () => `${humanDuration(Date.now() - i.Created * 1000)} ago`,
    CreatedAt: () => goTimeString(i.Created),
    Size: () => humanSize(i.Size),
    Containers: () => (i.Containers === undefined || i.Containers === -1 ? "N/A" : String(i.Containers)),
    // VirtualSize is Docker's deprecated name for Size; these three print with go-units' HumanSize (4 digits).
    VirtualSize: () => humanSize(i.Size, 4),
    SharedSize: () => (shared === -1 ? "N/A" : humanSize(shared, 4)),
    UniqueSize: () => (shared === -1 || i.Size === -1 ? "N/A" : humanSize(i.Size - shared, 4)),
  });
}
