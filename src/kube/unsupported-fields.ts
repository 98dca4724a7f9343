import { isObject, type Manifest } from "./parse-manifests.ts";

/** What play reads: `true` takes the value whole; an object lists its keys; a one-item array describes every item. */
type Shape = true | { [key: string]: Shape } | [Shape];

const metadata: Shape = { name: true, labels: true, annotations: true };
const keyRef: Shape = { name: true, key: true, optional: true };
const container: Shape = {
  name: true, image: true, imagePullPolicy: true, command: true, args: true, workingDir: true, stdin: true, tty: true,
  env: [{ name: true, value: true, valueFrom: { configMapKeyRef: keyRef, secretKeyRef: keyRef } }],
  envFrom: [{ prefix: true, configMapRef: { name: true, optional: true }, secretRef: { name: true, optional: true } }],
  ports: [{ name: true, containerPort: true, hostPort: true, hostIP: true, protocol: true }],
  resources: { limits: { cpu: true, memory: true }, requests: { cpu: true, memory: true } },
  securityContext: { runAsUser: true, runAsGroup: true, privileged: true, readOnlyRootFilesystem: true, capabilities: { add: true, drop: true } },
  volumeMounts: [{ name: true, mountPath: true, readOnly: true }],
};
const keyItems: Shape = [{ key: true, path: true }];
const podSpec: Shape = {
  containers: [container],
  initContainers: [container],
  restartPolicy: true,
  hostname: true,
  terminationGracePeriodSeconds: true,
  securityContext: { runAsUser: true, runAsGroup: true },
  volumes: [{
    name: true,
    persistentVolumeClaim: { claimName: true, readOnly: true },
    hostPath: { path: true, type: true },
    emptyDir: { medium: true, sizeLimit: true },
    configMap: { name: true, items: keyItems, optional: true },
    secret: { secretName: true, items: keyItems, optional: true },
  }],
};

const shapes: Record<string, Shape> = {
  Pod: { apiVersion: true, kind: true, metadata, spec: podSpec },
  Deployment: { apiVersion: true, kind: true, metadata, spec: { replicas: true, selector: { matchLabels: true }, template: { metadata, spec: podSpec } } },
  Service: { apiVersion: true, kind: true, metadata, spec: { type: true, selector: true, ports: [{ name: true, port: true, targetPort: true, nodePort: true, protocol: true }] } },
  // A claim's size, access modes and class mean nothing for a local named volume: read, not enforced.
  PersistentVolumeClaim: { apiVersion: true, kind: true, metadata, spec: { accessModes: true, resources: true, storageClassName: true, volumeMode: true } },
  ConfigMap: { apiVersion: true, kind: true, metadata, data: true, binaryData: true },
  Secret: { apiVersion: true, kind: true, metadata, type: true, data: true, stringData: true },
};

function walk(value: unknown, shape: Shape, path: string, out: string[]): void {
  if (shape === true || value === null || value === undefined) return;
  if (Array.isArray(shape)) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, shape[0], `${path}[${i}]`, out));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const sub = shape[key];
    const at = path ? `${path}.${key}` : key;
    if (sub === undefined) out.push(at);
    else walk(v, sub, at, out);
  }
}

/** Kubernetes' `$(VAR)` references in command, args and env values (`$$(` is a literal): play passes them on as they are. */
function unexpandedReferences(spec: unknown, path: string, out: string[]): void {
  if (!isObject(spec)) return;
  for (const list of ["containers", "initContainers"] as const) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c, i) => {
      if (!isObject(c)) return;
      const at = `${path}${list}[${i}]`;
      const check = (value: unknown, where: string) => {
        if (typeof value === "string" && /(^|[^$])\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(value)) out.push(`${where} ($(VAR) references are not expanded)`);
      };
      for (const key of ["command", "args"] as const) if (Array.isArray(c[key])) (c[key] as unknown[]).forEach((v, k) => check(v, `${at}.${key}[${k}]`));
      if (Array.isArray(c.env)) c.env.forEach((e, k) => isObject(e) && check(e.value, `${at}.env[${k}].value`));
    });
  }
}

/** The fields of a manifest that play does not carry out, as paths ("spec.containers[0].livenessProbe"); status is left out. */
export function unsupportedFields(m: Manifest): string[] {
  const shape = shapes[m.kind];
  if (!shape) return [];
  const out: string[] = [];
  walk(m.body, shape, "", out);
  const spec = isObject(m.body) ? m.body.spec : undefined;
  if (m.kind === "Pod") unexpandedReferences(spec, "spec.", out);
  if (m.kind === "Deployment" && isObject(spec) && isObject(spec.template)) unexpandedReferences(spec.template.spec, "spec.template.spec.", out);
  return out.filter((p) => p !== "status" && p !== "metadata.creationTimestamp");
}
