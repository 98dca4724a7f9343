import { boolFilter, checkFilterKeys, labelsMatch, pathMatch } from "../list-filters.ts";
import type { Image } from "./image-doc.ts";
import type { ImageService } from "./image-service.ts";

const familiar = (ref: string) => ref.replace(/^docker\.io\/library\//, "").replace(/^docker\.io\//, "");

/** Docker's reference filter (FamiliarMatch): the pattern against "name:tag", then against the name alone. */
function referenceMatches(pattern: string, ref: string): boolean {
  const f = familiar(ref);
  if (pathMatch(pattern, f)) return true;
  const name = f.replace(/@.*$/, "").replace(/:[^:/]*$/, "");
  return pathMatch(pattern, name);
}

/**
 * docker images: the images that pass the filters (dangling, label, before, since, reference),
 * newest first as Docker's daemon lists them. With a reference filter an image keeps only the references that matched.
 */
export function listImages(images: ImageService, filters: Record<string, string[]>): Image[] {
  checkFilterKeys(filters, ["dangling", "label", "before", "since", "reference"]);
  const dangling = boolFilter(filters, "dangling");
  const created = (ref: string) => Date.parse(images.find(ref).created);
  const before = filters.before?.length ? Math.min(...filters.before.map(created)) : undefined;
  const since = filters.since?.length ? Math.max(...filters.since.map(created)) : undefined;
  const out: Image[] = [];
  for (const image of images.list().reverse()) {
    const tagged = image.references.some((r) => !r.includes("@"));
    if (dangling !== undefined && dangling === tagged) continue;
    const t = Date.parse(image.created);
    if (before !== undefined && !(t < before)) continue;
    if (since !== undefined && !(t > since)) continue;
    if (filters.label?.length && !labelsMatch(filters.label, image.doc.config.config?.Labels ?? {})) continue;
    if (filters.reference?.length) {
      const refs = image.references.filter((r) => filters.reference!.some((p) => referenceMatches(p, r)));
      if (!refs.length) continue;
      out.push({ ...image, references: refs });
      continue;
    }
    out.push(image);
  }
  return out;
}
