import type { IContainer } from "kubernetes-models/v1/Container";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { ContainerFacts, ImageFacts } from "./container-facts.ts";
import { dnsLabel, isLabelKey, isLabelValue, kubeLabels } from "./kube-labels.ts";
import { formatBytes, formatNanoCpus } from "./quantity.ts";

/** One Docker container as a Kubernetes container, the volumes and claims it needs, and its pod metadata. */
export interface ConvertedContainer {
  container: IContainer;
  volumes: IVolume[];
  claims: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  restartPolicy: "Always" | "OnFailure" | "Never";
  /** The pod `kube play` made this container for, if it did. */
  playedPod?: string;
  warnings: string[];
}

const same = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
const capName = (c: string) => c.toUpperCase().replace(/^CAP_/, "");

function restartPolicyOf(name: string | undefined): ConvertedContainer["restartPolicy"] {
  if (name === "always" || name === "unless-stopped") return "Always";
  if (name === "on-failure") return "OnFailure";
  return "Never";
}

/** Docker's -u "uid[:gid]" as runAsUser/runAsGroup; a user name has no Kubernetes field. */
function userOf(user: string | undefined, warnings: string[], who: string): { runAsUser?: number; runAsGroup?: number } {
  if (!user) return {};
  const [u = "", g] = user.split(":");
  const out: { runAsUser?: number; runAsGroup?: number } = {};
  if (/^\d+$/.test(u)) out.runAsUser = Number(u);
  else warnings.push(`${who}: user "${u}" is a name, Kubernetes takes only numeric ids (runAsUser): left out`);
  if (g !== undefined) {
    if (/^\d+$/.test(g)) out.runAsGroup = Number(g);
    else warnings.push(`${who}: group "${g}" is a name, Kubernetes takes only numeric ids (runAsGroup): left out`);
  }
  return out;
}

/**
 * `network`: the container whose network namespace `c` joins (`--network container:`), which
 * holds the published ports. A container `kube play` made keeps its name inside the pod.
 */
export function containerToK8s(c: ContainerFacts, image: ImageFacts, network?: ContainerFacts): ConvertedContainer {
  const name = c.Config.Labels?.[kubeLabels.container] ?? c.Name.replace(/^\//, "");
  const warnings: string[] = [];
  const cfg = c.Config;
  const host = c.HostConfig;
  const img = image.Config ?? {};
  const k: IContainer = { name: dnsLabel(name), image: cfg.Image };

  // Entrypoint → command, Cmd → args, when they differ from the image's own.
  const entrypoint = cfg.Entrypoint ?? img.Entrypoint ?? [];
  // As Docker: an Entrypoint of the container's own drops the image's Cmd.
  const cmd = cfg.Cmd ?? (cfg.Entrypoint ? [] : img.Cmd ?? []);
  if (!same(entrypoint, img.Entrypoint)) {
    if (entrypoint.length) k.command = [...entrypoint];
    if (cmd.length) k.args = [...cmd];
    else if (!entrypoint.length) k.args = [];
  } else if (!same(cmd, img.Cmd)) k.args = [...cmd];
  if (!entrypoint.length && !cmd.length && (img.Entrypoint?.length || img.Cmd?.length)) warnings.push(`${name}: runs with an empty command, which Kubernetes cannot express: the image's command will run`);

  const imageEnv = new Set(img.Env ?? []);
  const env = (cfg.Env ?? []).filter((e) => !imageEnv.has(e)).map((e) => (e.includes("=") ? { name: e.slice(0, e.indexOf("=")), value: e.slice(e.indexOf("=") + 1) } : { name: e, value: "" }));
  if (env.length) k.env = env;
  if (cfg.WorkingDir && cfg.WorkingDir !== (img.WorkingDir || "")) k.workingDir = cfg.WorkingDir;
  if (cfg.Tty) k.tty = true;
  if (cfg.OpenStdin) k.stdin = true;

  // Ports: every exposed or published one, hostPort when it was fixed.
  const owner = network ?? c;
  const keys = new Set([...Object.keys(owner.Config.ExposedPorts ?? {}), ...Object.keys(owner.HostConfig.PortBindings ?? {})]);
  const ports: NonNullable<IContainer["ports"]> = [];
  for (const key of [...keys].sort((a, b) => Number.parseInt(a) - Number.parseInt(b) || a.localeCompare(b))) {
    const [num = "", proto = "tcp"] = key.split("/");
    const bindings = owner.HostConfig.PortBindings?.[key] ?? [];
    const base = { containerPort: Number(num), protocol: proto.toUpperCase() as "TCP" | "UDP" | "SCTP" };
    const fixed = bindings.filter((b) => b.HostPort && /^\d+$/.test(b.HostPort));
    if (!fixed.length) ports.push(base);
    for (const b of fixed) ports.push({ ...base, hostPort: Number(b.HostPort), ...(b.HostIp && b.HostIp !== "0.0.0.0" ? { hostIP: b.HostIp } : {}) });
    if (bindings.some((b) => !b.HostPort)) warnings.push(`${name}: port ${key} is published on a random host port, which a manifest cannot say: only its containerPort is kept`);
  }
  if (ports.length) k.ports = ports;

  // Limits, and requests equal to them (Kubernetes would default them so anyway).
  const limits: Record<string, string> = {};
  if (host.Memory) limits.memory = formatBytes(host.Memory);
  if (host.NanoCpus) limits.cpu = formatNanoCpus(host.NanoCpus);
  const requests: Record<string, string> = { ...limits };
  if (host.MemoryReservation) requests.memory = formatBytes(host.MemoryReservation);
  if (Object.keys(requests).length) k.resources = { ...(Object.keys(limits).length ? { limits } : {}), requests };

  const security: NonNullable<IContainer["securityContext"]> = { ...userOf(cfg.User, warnings, name) };
  const add = (host.CapAdd ?? []).map(capName).sort();
  const drop = (host.CapDrop ?? []).map(capName).sort();
  if (add.length || drop.length) security.capabilities = { ...(add.length ? { add } : {}), ...(drop.length ? { drop } : {}) };
  if (host.ReadonlyRootfs) security.readOnlyRootFilesystem = true;
  if (host.Privileged) security.privileged = true;
  if (Object.keys(security).length) k.securityContext = security;

  // Volumes: named → claim, anonymous → emptyDir, bind → hostPath, tmpfs → emptyDir in memory.
  const volumes: IVolume[] = [];
  const claims: string[] = [];
  const mounts: NonNullable<IContainer["volumeMounts"]> = [];
  const mounted = (vol: IVolume, target: string, readOnly: boolean) => {
    volumes.push(vol);
    mounts.push({ name: vol.name, mountPath: target, ...(readOnly ? { readOnly: true } : {}) });
  };
  const volName = (base: string) => {
    let n = dnsLabel(base);
    for (let i = 2; volumes.some((v) => v.name === n); i++) n = `${dnsLabel(base).slice(0, 60)}-${i}`;
    return n;
  };
  for (const m of [...(c.Mounts ?? [])].sort((a, b) => a.Destination.localeCompare(b.Destination))) {
    if (m.Type === "volume" && m.Name && !/^[0-9a-f]{64}$/.test(m.Name)) {
      claims.push(m.Name);
      mounted({ name: volName(m.Name), persistentVolumeClaim: { claimName: m.Name } }, m.Destination, !m.RW);
    } else if (m.Type === "volume") mounted({ name: volName(`${name}-${m.Destination}`), emptyDir: {} }, m.Destination, !m.RW);
    else if (m.Type === "bind") mounted({ name: volName(`${name}-${m.Destination}-host`), hostPath: { path: m.Source } }, m.Destination, !m.RW);
  }
  for (const [target, opts] of Object.entries(host.Tmpfs ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const size = /(?:^|,)size=([^,]+)/.exec(opts)?.[1];
    const sizeLimit = size ? (/^\d+$/.test(size) ? formatBytes(Number(size)) : size.replace(/^(\d+)([kmg])$/i, (_, n: string, u: string) => `${n}${u.toUpperCase()}i`)) : undefined;
    mounted({ name: volName(`${name}-${target}-tmpfs`), emptyDir: { medium: "Memory", ...(sizeLimit ? { sizeLimit } : {}) } }, target, false);
  }
  if (mounts.length) k.volumeMounts = mounts;

  // Labels the image did not set; those Kubernetes cannot take as labels become annotations.
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(cfg.Labels ?? {})) {
    // The image's own labels, and the bookkeeping of `kube play`, are not the container's.
    if (img.Labels?.[key] === value || key.startsWith("io.bunker.kube.")) continue;
    if (isLabelKey(key) && isLabelValue(value)) labels[key] = value;
    else annotations[key] = value;
  }
  const playedPod = cfg.Labels?.[kubeLabels.pod] !== undefined && cfg.Labels?.[kubeLabels.role] === "container" ? cfg.Labels[kubeLabels.pod] : undefined;
  return { container: k, volumes, claims, labels, annotations, restartPolicy: restartPolicyOf(host.RestartPolicy?.Name), playedPod, warnings };
}
