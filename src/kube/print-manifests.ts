import { Document, isMap, isSeq } from "yaml";

/**
 * Manifests as one `---`-separated YAML stream, keys sorted (Kubernetes does not care about
 * their order, and sorted output is stable), each hostPath volume preceded by a comment saying
 * that it is a path on the machine it was generated on.
 */
export function printManifests(docs: Record<string, unknown>[]): string {
  return docs
    .map((obj) => {
      const doc = new Document(obj, { sortMapEntries: true });
      for (const specPath of [["spec"], ["spec", "template", "spec"]]) {
        const volumes = doc.getIn([...specPath, "volumes"], true);
        if (!isSeq(volumes)) continue;
        for (const volume of volumes.items) {
          if (!isMap(volume) || !volume.has("hostPath")) continue;
          volume.commentBefore = " hostPath: a directory or file of the host this was generated on; it must exist on the node that runs it";
        }
      }
      return doc.toString({ lineWidth: 0 });
    })
    .join("---\n");
}
