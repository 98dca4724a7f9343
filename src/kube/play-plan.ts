import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import { kubeLabels } from "./kube-labels.ts";
import { ManifestError } from "./manifest-error.ts";
import { describeManifest, type Manifest } from "./parse-manifests.ts";
import { podContainerBody, type KeyStores, type PlannedFile } from "./pod-container-body.ts";

export interface PlannedContainer {
  /** The Docker container's name: <pod>-<container>. */
  name: string;
  image: string;
  pullAlways: boolean;
  body: Record<string, unknown>;
  files: PlannedFile[];
}

export interface PlannedPod {
  name: string;
  /** The pod's network namespace holder: it joins the network and carries the published ports. */
  infra: PlannedContainer;
  init: PlannedContainer[];
  containers: PlannedContainer[];
  /** Named volumes standing for the pod's (disk) emptyDir volumes, removed with the pod. */
  volumes: string[];
}

export interface PlayPlan {
  network: string;
  /** Named volumes for the PersistentVolumeClaims; kept by `--down`. */
  claims: string[];
  pods: PlannedPod[];
  warnings: string[];
}

interface PodSource {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: IPodSpec;
}

const decode = (data: Record<string, string> | undefined) => Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));

/** The pods of Pod and Deployment manifests: a Deployment of N replicas is N pods <name>-1 … <name>-N. */
function podSources(manifests: Manifest[]): PodSource[] {
  const out: PodSource[] = [];
  for (const m of manifests) {
    const md = (m.body.metadata ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
    if (m.kind === "Pod") out.push({ name: m.name, labels: md.labels ?? {}, annotations: md.annotations ?? {}, spec: m.body.spec as IPodSpec });
    if (m.kind !== "Deployment") continue;
    const spec = m.body.spec as { replicas?: number; selector: { matchLabels?: Record<string, string> }; template: { metadata?: typeof md; spec: IPodSpec } };
    const labels = spec.template.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(spec.selector.matchLabels ?? {})) {
      if (labels[k] !== v) throw new ManifestError(`${describeManifest(m)}: spec.template.metadata.labels: Invalid value: selector does not match template labels (${k}=${v})`);
    }
    if (spec.template.spec.restartPolicy && spec.template.spec.restartPolicy !== "Always") throw new ManifestError(`${describeManifest(m)}: spec.template.spec.restartPolicy: Unsupported value: "${spec.template.spec.restartPolicy}": supported values: "Always"`);
    for (let i = 1; i <= (spec.replicas ?? 1); i++) out.push({ name: `${m.name}-${i}`, labels, annotations: spec.template.metadata?.annotations ?? {}, spec: spec.template.spec });
  }
  return out;
}

/**
 * What `bunker kube play` creates for validated manifests: a network shared by all pods, a
 * volume per claim, and per pod an infra container (on the network, with the pod name and the
 * names of the Services selecting it as aliases, and every published port) that the pod's
 * containers join through `--network container:`. Service ports are published on the first
 * pod the Service selects, on host port nodePort, else port; a host port already taken by an
 * earlier pod of the same play is left out with a warning.
 */
export function planPlay(manifests: Manifest[], opts: { network: string }): PlayPlan {
  const warnings: string[] = [];
  const stores: KeyStores = { configMaps: new Map(), secrets: new Map() };
  for (const m of manifests) {
    if (m.kind === "ConfigMap") stores.configMaps.set(m.name, { ...decode(m.body.binaryData as Record<string, string>), ...(m.body.data as Record<string, string>) });
    if (m.kind === "Secret") stores.secrets.set(m.name, { ...decode(m.body.data as Record<string, string>), ...(m.body.stringData as Record<string, string>) });
  }
  const sources = podSources(manifests);
  const seen = new Set<string>();
  for (const s of sources) {
    if (seen.has(s.name)) throw new ManifestError(`pod ${s.name} is defined twice`);
    seen.add(s.name);
  }
  const aliases = new Map(sources.map((s) => [s.name, [s.name]]));
  const bindings = new Map<string, Record<string, { HostIp: string; HostPort: string }[]>>(sources.map((s) => [s.name, {}]));
  const taken = new Set<string>();
  const publish = (pod: string, hostIp: string, hostPort: number, port: number, proto: string, what: string) => {
    const key = `${hostIp || "0.0.0.0"}:${hostPort}/${proto}`;
    if (taken.has(key)) {
      warnings.push(`${what}: host port ${hostPort}/${proto} is already published by this play: not published for pod ${pod}`);
      return;
    }
    taken.add(key);
    (bindings.get(pod)![`${port}/${proto}`] ??= []).push({ HostIp: hostIp, HostPort: String(hostPort) });
  };
  for (const s of sources) {
    for (const c of s.spec.containers) {
      for (const p of c.ports ?? []) if (p.hostPort) publish(s.name, p.hostIP ?? "", p.hostPort, p.containerPort, (p.protocol ?? "TCP").toLowerCase(), `pod ${s.name}: container ${c.name}`);
    }
  }
  for (const m of manifests.filter((x) => x.kind === "Service")) {
    const spec = m.body.spec as IServiceSpec;
    const selector = spec.selector ?? {};
    const selected = Object.keys(selector).length ? sources.filter((s) => Object.entries(selector).every(([k, v]) => s.labels[k] === v)) : [];
    if (!selected.length) {
      warnings.push(`${describeManifest(m)}: selects no pod of this play: its ports are not published`);
      continue;
    }
    for (const s of selected) aliases.get(s.name)!.push(m.name);
    const first = selected[0]!;
    for (const p of spec.ports ?? []) {
      let target = p.targetPort ?? p.port;
      if (typeof target === "string") {
        const named = first.spec.containers.flatMap((c) => c.ports ?? []).find((cp) => cp.name === target);
        if (!named && !/^\d+$/.test(target)) throw new ManifestError(`${describeManifest(m)}: targetPort "${target}" names no container port of pod ${first.name}`);
        target = named ? named.containerPort : Number(target);
      }
      const proto = (p.protocol ?? "TCP").toLowerCase();
      const already = bindings.get(first.name)![`${target}/${proto}`]?.some((b) => b.HostPort === String(p.nodePort ?? p.port));
      if (!already) publish(first.name, "", p.nodePort ?? p.port, target, proto, describeManifest(m));
    }
    if (selected.length > 1) warnings.push(`${describeManifest(m)}: selects ${selected.length} pods; its ports are published on the first, ${first.name}, and its name resolves to all of them`);
  }

  const pods = sources.map((s): PlannedPod => {
    const base = { ...s.labels, ...s.annotations, [kubeLabels.pod]: s.name };
    const volumes: string[] = [];
    const emptyDirVolume = (v: string) => {
      const name = `${s.name}-${v}`;
      if (!volumes.includes(name)) volumes.push(name);
      return name;
    };
    const planned = (c: (typeof s.spec.containers)[number], role: "init" | "container"): PlannedContainer => {
      const { body, files } = podContainerBody({ name: s.name, spec: s.spec, labels: { ...base, [kubeLabels.role]: role, [kubeLabels.container]: c.name }, emptyDirVolume }, c, stores, role);
      (body.HostConfig as Record<string, unknown>).NetworkMode = `container:${s.name}-infra`;
      return { name: `${s.name}-${c.name}`, image: c.image ?? "", pullAlways: c.imagePullPolicy === "Always", body, files };
    };
    const first = s.spec.containers[0]!;
    const ports = bindings.get(s.name)!;
    const exposed = Object.fromEntries([...s.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => `${p.containerPort}/${(p.protocol ?? "TCP").toLowerCase()}`)), ...Object.keys(ports)].map((k) => [k, {}]));
    const infra: PlannedContainer = {
      name: `${s.name}-infra`,
      image: first.image ?? "",
      pullAlways: false,
      files: [],
      // It only holds the namespaces: `cat` on a stdin that stays open, under Bunker's --init.
      body: {
        Image: first.image,
        Entrypoint: ["cat"],
        Cmd: [],
        OpenStdin: true,
        Hostname: s.spec.hostname ?? s.name,
        Labels: { ...base, [kubeLabels.role]: "infra" },
        ExposedPorts: exposed,
        NetworkingConfig: { EndpointsConfig: { [opts.network]: { Aliases: [...new Set(aliases.get(s.name))] } } },
        HostConfig: { NetworkMode: opts.network, PortBindings: ports, Init: true, RestartPolicy: { Name: s.spec.restartPolicy === "Never" ? "no" : "always", MaximumRetryCount: 0 } },
      },
    };
    return { name: s.name, infra, init: (s.spec.initContainers ?? []).map((c) => planned(c, "init")), containers: s.spec.containers.map((c) => planned(c, "container")), volumes };
  });
  const claims = manifests.filter((m) => m.kind === "PersistentVolumeClaim").map((m) => m.name);
  return { network: opts.network, claims, pods, warnings };
}

/** The names of the pods manifests describe (what `--down` removes). */
export function podNames(manifests: Manifest[]): string[] {
  return podSources(manifests).map((s) => s.name);
}
