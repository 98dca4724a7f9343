import { ManifestError, parseManifests, unsupportedFields, validateManifest, describeManifest, type Manifest } from "../kube/index.ts";
import { UsageError } from "./scan-flags.ts";

/**
 * The manifests of YAML files (`-`: stdin), each checked against the Kubernetes schema; the
 * fields play does not carry out are listed in one warning on stderr.
 */
export async function readManifestFiles(files: string[], opts: { warn: boolean }): Promise<Manifest[]> {
  if (!files.length) throw new UsageError("'bunker kube play' requires at least 1 argument: a YAML file, or - for stdin");
  const all: Manifest[] = [];
  const unsupported: string[] = [];
  for (const file of files) {
    const where = files.length > 1 ? `${file}: ` : "";
    let text: string;
    try {
      text = file === "-" ? await Bun.stdin.text() : await Bun.file(file).text();
    } catch (err) {
      throw new UsageError(`open ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message}`);
    }
    try {
      const manifests = parseManifests(text);
      for (const m of manifests) {
        validateManifest(m);
        const fields = unsupportedFields(m);
        if (fields.length) unsupported.push(`${where}${describeManifest(m)}: ${fields.join(", ")}`);
      }
      all.push(...manifests);
    } catch (err) {
      if (err instanceof ManifestError && where) throw new ManifestError(`${where}${err.message}`);
      throw err;
    }
  }
  if (!all.length) throw new ManifestError("no Kubernetes manifests in the input");
  if (opts.warn && unsupported.length) console.error(`WARNING: these fields are not supported by bunker kube play and are ignored:\n  ${unsupported.join("\n  ")}`);
  return all;
}
