/** Labels `bunker kube play` puts on what it creates, so that `--down` finds exactly that. */
export const kubeLabels = {
  /** The pod a container (or an emptyDir volume) belongs to. */
  pod: "io.bunker.kube.pod",
  /** infra | init | container. */
  role: "io.bunker.kube.role",
  /** The container's name inside its pod (spec.containers[].name). */
  container: "io.bunker.kube.container",
  /** On a network or volume play created (a PersistentVolumeClaim: "pvc"; the pod network: "network"). */
  created: "io.bunker.kube.created",
} as const;

const name63 = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes label key: [prefix/]name, prefix a DNS subdomain (≤253), name ≤63 of [-_.A-Za-z0-9]. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !dnsSubdomain.test(prefix))) return false;
  return name63.test(name);
}

/** A Kubernetes label value: empty, or ≤63 of [-_.A-Za-z0-9] starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
  return value === "" || name63.test(value);
}

/** A DNS-1123 label (pod, container, volume and port-free object names): ≤63 of [a-z0-9-]. */
export function dnsLabel(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");
  return cleaned || "x";
}
