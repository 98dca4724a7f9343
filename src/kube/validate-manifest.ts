import { Pod } from "kubernetes-models/v1/Pod";
import { Service } from "kubernetes-models/v1/Service";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { describeManifest, type Manifest } from "./parse-manifests.ts";
import { ManifestError } from "./manifest-error.ts";

interface Validating {
  validate(): void;
}

/** The kinds Bunker reads and writes, with their apiVersion and schema model. */
const kinds: Record<string, { apiVersion: string; model: new (data: never) => Validating }> = {
  Pod: { apiVersion: "v1", model: Pod },
  Deployment: { apiVersion: "apps/v1", model: Deployment },
  Service: { apiVersion: "v1", model: Service },
  PersistentVolumeClaim: { apiVersion: "v1", model: PersistentVolumeClaim },
  ConfigMap: { apiVersion: "v1", model: ConfigMap },
  Secret: { apiVersion: "v1", model: Secret },
};

export const supportedKinds = Object.keys(kinds);

interface AjvProblem {
  instancePath: string;
  message?: string;
}

/** "/spec/containers/0/ports/0/containerPort" → "spec.containers[0].ports[0].containerPort". */
export function fieldPath(pointer: string): string {
  const parts = pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "") || "(root)";
}

/**
 * Check a manifest against the Kubernetes OpenAPI schema (kubernetes-models); throws a
 * ManifestError such as "document 2 (Deployment web): spec.template.spec.containers[0].ports[0].containerPort: must be integer".
 */
export function validateManifest(m: Manifest): void {
  const where = describeManifest(m);
  if (!m.kind) throw new ManifestError(`${where}: kind is missing`);
  const known = kinds[m.kind];
  if (!known) throw new ManifestError(`${where}: unsupported kind "${m.kind}" (supported: ${supportedKinds.join(", ")})`);
  if (m.body.apiVersion !== known.apiVersion) throw new ManifestError(`${where}: apiVersion: must be "${known.apiVersion}" for kind ${m.kind}, got ${JSON.stringify(m.body.apiVersion ?? null)}`);
  if (!m.name) throw new ManifestError(`${where}: metadata.name: is required`);
  try {
    new known.model(m.body as never).validate();
  } catch (err) {
    const problems = (err as { errors?: AjvProblem[] }).errors;
    if (!Array.isArray(problems)) throw err;
    throw new ManifestError(`${where}: ${problems.map((p) => `${fieldPath(p.instancePath)}: ${p.message ?? "is invalid"}`).join("; ")}`);
  }
}
