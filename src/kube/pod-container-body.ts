import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { ManifestError } from "./manifest-error.ts";
import { parseQuantity } from "./quantity.ts";

/** ConfigMaps and Secrets of the played files, by name: their data as text. */
export interface KeyStores {
  configMaps: Map<string, Record<string, string>>;
  secrets: Map<string, Record<string, string>>;
}

/** A file play writes into a container before starting it (a ConfigMap or Secret volume). */
export interface PlannedFile {
  path: string;
  data: string;
  mode: number;
}

const policies: Record<string, string> = { Always: "always", OnFailure: "on-failure", Never: "no" };

function store(stores: KeyStores, kind: "configMap" | "secret", name: string, optional: boolean | undefined, who: string): Record<string, string> | undefined {
  const found = (kind === "configMap" ? stores.configMaps : stores.secrets).get(name);
  if (!found && !optional) throw new ManifestError(`${who}: ${kind === "configMap" ? "ConfigMap" : "Secret"} "${name}" is not among the played manifests`);
  return found;
}

function envOf(c: IContainer, stores: KeyStores, who: string): string[] {
  const env: string[] = [];
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const data = store(stores, from.configMapRef ? "configMap" : "secret", ref.name ?? "", ref.optional, who);
    for (const [k, v] of Object.entries(data ?? {})) env.push(`${from.prefix ?? ""}${k}=${v}`);
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
    if (!ref) {
      env.push(`${e.name}=${e.value ?? ""}`);
      continue;
    }
    const kind = e.valueFrom?.configMapKeyRef ? "configMap" : "secret";
    const data = store(stores, kind, ref.name ?? "", ref.optional, who);
    const value = data?.[ref.key];
    if (value === undefined && !ref.optional) throw new ManifestError(`${who}: env ${e.name}: key "${ref.key}" is not in ${kind === "configMap" ? "ConfigMap" : "Secret"} "${ref.name}"`);
    if (value !== undefined) env.push(`${e.name}=${value}`);
  }
  return env;
}

function resourcesOf(c: IContainer, who: string): Record<string, number> {
  const out: Record<string, number> = {};
  const limits = c.resources?.limits ?? {};
  const requests = c.resources?.requests ?? {};
  const at = `${who}: resources`;
  if (limits.memory !== undefined) out.Memory = Math.round(parseQuantity(limits.memory, `${at}.limits.memory`));
  if (limits.cpu !== undefined) out.NanoCpus = Math.round(parseQuantity(limits.cpu, `${at}.limits.cpu`) * 1e9);
  // Requests say what limits do not: a memory reservation, CPU shares (1024 per CPU).
  if (requests.memory !== undefined && requests.memory !== limits.memory) out.MemoryReservation = Math.round(parseQuantity(requests.memory, `${at}.requests.memory`));
  if (requests.cpu !== undefined && limits.cpu === undefined) out.CpuShares = Math.max(2, Math.round(parseQuantity(requests.cpu, `${at}.requests.cpu`) * 1024));
  return out;
}

/**
 * One Kubernetes container of a pod as a Docker create body: command → Entrypoint, args → Cmd,
 * env (ConfigMap and Secret references resolved), limits, securityContext, and the pod's volumes
 * as binds, tmpfs mounts, or files to write before the start.
 */
export function podContainerBody(
  pod: { name: string; spec: IPodSpec; labels: Record<string, string>; emptyDirVolume: (volume: string) => string },
  c: IContainer,
  stores: KeyStores,
  role: "init" | "container",
): { body: Record<string, unknown>; files: PlannedFile[] } {
  const who = `pod ${pod.name}: container ${c.name}`;
  const security = { ...pod.spec.securityContext, ...c.securityContext };
  const user = security.runAsUser !== undefined ? `${security.runAsUser}${security.runAsGroup !== undefined ? `:${security.runAsGroup}` : ""}` : undefined;
  const binds: string[] = [];
  const tmpfs: Record<string, string> = {};
  const files: PlannedFile[] = [];
  for (const m of c.volumeMounts ?? []) {
    const v = pod.spec.volumes?.find((x) => x.name === m.name);
    if (!v) throw new ManifestError(`${who}: volumeMounts: no volume named "${m.name}" in the pod`);
    const ro = m.readOnly ? ":ro" : "";
    if (v.persistentVolumeClaim) binds.push(`${v.persistentVolumeClaim.claimName}:${m.mountPath}${ro || (v.persistentVolumeClaim.readOnly ? ":ro" : "")}`);
    else if (v.hostPath) binds.push(`${v.hostPath.path}:${m.mountPath}${ro}`);
    else if (v.emptyDir?.medium === "Memory") {
      const size = v.emptyDir.sizeLimit === undefined ? undefined : Math.round(parseQuantity(v.emptyDir.sizeLimit, `${who}: volume ${v.name}: emptyDir.sizeLimit`));
      tmpfs[m.mountPath] = size ? `size=${size}` : "";
    } else if (v.emptyDir) binds.push(`${pod.emptyDirVolume(v.name)}:${m.mountPath}${ro}`);
    else if (v.configMap || v.secret) {
      const data = v.configMap ? store(stores, "configMap", v.configMap.name ?? "", v.configMap.optional, who) : store(stores, "secret", v.secret!.secretName ?? "", v.secret!.optional, who);
      const items = (v.configMap ?? v.secret)!.items ?? Object.keys(data ?? {}).sort().map((key) => ({ key, path: key }));
      for (const it of items) {
        const value = data?.[it.key];
        if (value === undefined) throw new ManifestError(`${who}: volume ${v.name}: key "${it.key}" is not in its ${v.configMap ? "ConfigMap" : "Secret"}`);
        files.push({ path: `${m.mountPath.replace(/\/+$/, "")}/${it.path}`, data: value, mode: v.secret ? 0o600 : 0o644 });
      }
    } else throw new ManifestError(`${who}: volume ${v.name}: only persistentVolumeClaim, hostPath, emptyDir, configMap and secret volumes can be played`);
  }
  const policy = role === "init" ? "no" : policies[pod.spec.restartPolicy ?? "Always"] ?? "always";
  const body: Record<string, unknown> = {
    Image: c.image,
    Entrypoint: c.command,
    Cmd: c.args ?? (c.command ? [] : undefined),
    Env: envOf(c, stores, who),
    WorkingDir: c.workingDir,
    User: user,
    Tty: !!c.tty,
    OpenStdin: !!c.stdin,
    Labels: pod.labels,
    StopTimeout: pod.spec.terminationGracePeriodSeconds,
    HostConfig: {
      Binds: binds,
      Tmpfs: tmpfs,
      CapAdd: security.capabilities?.add ?? [],
      CapDrop: security.capabilities?.drop ?? [],
      Privileged: !!security.privileged,
      ReadonlyRootfs: !!security.readOnlyRootFilesystem,
      RestartPolicy: { Name: policy, MaximumRetryCount: 0 },
      ...resourcesOf(c, who),
    },
  };
  return { body, files };
}
