import type { IContainer } from "kubernetes-models/v1/Container";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { ContainerFacts, ImageFacts } from "./container-facts.ts";
import { containerToK8s, type ConvertedContainer } from "./container-to-k8s.ts";
import { dnsLabel } from "./kube-labels.ts";
import { validateManifest } from "./validate-manifest.ts";

export interface GenerateOptions {
  type: "pod" | "deployment";
  replicas?: number;
  service?: boolean;
  /** Put every container into one pod of this name; else one pod per container, named after it (a played pod's containers: that pod). */
  podName?: string;
}

export interface Generated {
  docs: Record<string, unknown>[];
  warnings: string[];
}

function podOf(name: string, parts: ConvertedContainer[]) {
  const labels: Record<string, string> = { app: name };
  const annotations: Record<string, string> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.labels)) if (!(k in labels)) labels[k] = v;
    for (const [k, v] of Object.entries(p.annotations)) if (!(k in annotations)) annotations[k] = v;
  }
  const volumes: IVolume[] = [];
  const containers: IContainer[] = parts.map((p) => {
    const renamed = new Map<string, string>();
    for (const v of p.volumes) {
      // Two containers of one pod may each bring a volume of the same name: the second is renamed.
      const twin = volumes.find((o) => o.name === v.name);
      if (twin && JSON.stringify(twin) === JSON.stringify(v)) continue;
      let n = v.name;
      for (let i = 2; volumes.some((o) => o.name === n); i++) n = `${v.name.slice(0, 60)}-${i}`;
      renamed.set(v.name, n);
      volumes.push({ ...v, name: n });
    }
    const mounts = p.container.volumeMounts?.map((m) => ({ ...m, name: renamed.get(m.name) ?? m.name }));
    return { ...p.container, ...(mounts ? { volumeMounts: mounts } : {}) };
  });
  const names = new Set<string>();
  for (const c of containers) {
    let n = c.name;
    for (let i = 2; names.has(n); i++) n = `${c.name.slice(0, 60)}-${i}`;
    names.add(n);
    c.name = n;
  }
  const policies = new Set(parts.map((p) => p.restartPolicy));
  const restartPolicy = policies.has("Always") ? "Always" : policies.has("OnFailure") ? "OnFailure" : "Never";
  const spec = { containers, restartPolicy, ...(volumes.length ? { volumes } : {}) };
  const metadata = { name, labels, ...(Object.keys(annotations).length ? { annotations } : {}) };
  return { metadata, spec };
}

function serviceOf(name: string, containers: IContainer[]): Record<string, unknown> | undefined {
  const ports = containers.flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort !== undefined));
  if (!ports.length) return undefined;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, labels: { app: name } },
    spec: {
      selector: { app: name },
      ports: ports.map((p) => ({ name: `${p.hostPort}-${(p.protocol ?? "TCP").toLowerCase()}`, port: p.hostPort, targetPort: p.containerPort, protocol: p.protocol ?? "TCP" })),
    },
  };
}

/**
 * Kubernetes manifests for containers: a Pod (or a Deployment) per container, or one pod for all
 * with `podName`; a PersistentVolumeClaim per named volume; with `service`, a Service for the
 * published ports (whose hostPorts then leave the pod: the Service publishes them). Every
 * document is checked against the Kubernetes schema; a failure there is a bug and throws.
 */
export function generateManifests(inputs: { container: ContainerFacts; image: ImageFacts; network?: ContainerFacts }[], opts: GenerateOptions): Generated {
  const converted = inputs.map((i) => containerToK8s(i.container, i.image, i.network));
  const warnings = converted.flatMap((c) => c.warnings);
  // A pod per container, except that the containers of one pod `kube play` made stay together.
  const groups: { name: string; parts: ConvertedContainer[] }[] = opts.podName ? [{ name: dnsLabel(opts.podName), parts: converted }] : [];
  if (!opts.podName) {
    for (const c of converted) {
      const name = c.playedPod ?? c.container.name;
      const group = groups.find((g) => g.name === name);
      if (group) group.parts.push(c);
      else groups.push({ name, parts: [c] });
    }
  }
  const docs: Record<string, unknown>[] = [];
  const claims = [...new Set(converted.flatMap((c) => c.claims))].sort();
  for (const claim of claims) {
    docs.push({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: claim }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } });
  }
  for (const g of groups) {
    const { metadata, spec } = podOf(g.name, g.parts);
    const service = opts.service ? serviceOf(g.name, spec.containers) : undefined;
    if (service) for (const c of spec.containers) c.ports = c.ports?.map(({ hostPort: _h, hostIP: _i, ...p }) => p);
    if (opts.type === "deployment") {
      if (spec.restartPolicy !== "Always") warnings.push(`${g.name}: a Deployment's pods restart Always (the container's policy was ${spec.restartPolicy})`);
      docs.push({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: g.name, labels: { app: g.name } },
        spec: { replicas: opts.replicas ?? 1, selector: { matchLabels: { app: g.name } }, template: { metadata: { ...metadata, name: undefined }, spec: { ...spec, restartPolicy: "Always" } } },
      });
    } else docs.push({ apiVersion: "v1", kind: "Pod", metadata, spec });
    if (service) docs.push(service);
  }
  const clean = docs.map((d) => JSON.parse(JSON.stringify(d)) as Record<string, unknown>);
  clean.forEach((body, i) => {
    try {
      validateManifest({ index: i + 1, kind: body.kind as string, name: (body.metadata as { name: string }).name, body });
    } catch (err) {
      throw new Error(`bug: generated an invalid manifest: ${(err as Error).message}`);
    }
  });
  return { docs: clean, warnings };
}
