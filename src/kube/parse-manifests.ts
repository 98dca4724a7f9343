import { parseAllDocuments } from "yaml";
import { ManifestError } from "./manifest-error.ts";

/** One manifest of a (multi-document) file, numbered from 1 in file order. */
export interface Manifest {
  index: number;
  kind: string;
  name: string;
  body: Record<string, unknown>;
}

/** "document 2 (Deployment web)", the prefix of every message about one manifest. */
export function describeManifest(m: Pick<Manifest, "index" | "kind" | "name">): string {
  return `document ${m.index}${m.kind ? ` (${m.kind}${m.name ? ` ${m.name}` : ""})` : ""}`;
}

/**
 * The manifests of a YAML stream (`---`-separated documents; a kind List is flattened into its
 * items). Bad YAML throws a ManifestError naming the document and line.
 */
export function parseManifests(text: string): Manifest[] {
  const out: Manifest[] = [];
  let index = 0;
  for (const doc of parseAllDocuments(text)) {
    if (!("errors" in doc)) continue; // an empty stream
    index++;
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      const what = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      throw new ManifestError(`document ${index}: invalid YAML at line ${pos?.line ?? "?"}, column ${pos?.col ?? "?"}: ${what}`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) {
      index--;
      continue;
    }
    const items = isObject(value) && value.kind === "List" && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (!isObject(item)) throw new ManifestError(`document ${index}: expected a mapping with apiVersion, kind and metadata, got ${Array.isArray(item) ? "a list" : typeof item}`);
      const metadata = isObject(item.metadata) ? item.metadata : {};
      out.push({ index, kind: typeof item.kind === "string" ? item.kind : "", name: typeof metadata.name === "string" ? metadata.name : "", body: item });
    }
  }
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
