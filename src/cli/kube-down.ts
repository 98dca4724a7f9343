import type { DockerClient } from "../client/index.ts";
import { NotFound } from "../lib/index.ts";
import { kubeLabels, podNames, type Manifest } from "../kube/index.ts";

const filters = (labels: string[]) => ({ filters: JSON.stringify({ label: labels }) });

/**
 * Undo `kube play` for the pods manifests describe: their containers (infra last), their
 * emptyDir volumes, the claims' volumes with `volumes`, and the play-made network once no
 * container uses it. Only what carries play's labels is touched.
 */
export async function kubeDown(client: DockerClient, manifests: Manifest[], opts: { network: string; volumes: boolean }): Promise<number> {
  for (const pod of podNames(manifests)) {
    const members = await client.json<{ Id: string; Labels: Record<string, string> }[]>("GET", "/containers/json", { query: { all: 1, ...filters([`${kubeLabels.pod}=${pod}`, kubeLabels.role]) } });
    if (!members.length) continue;
    const ordered = [...members.filter((c) => c.Labels[kubeLabels.role] !== "infra"), ...members.filter((c) => c.Labels[kubeLabels.role] === "infra")];
    for (const c of ordered) await client.request("DELETE", `/containers/${c.Id}`, { query: { force: 1 } }).catch((err: unknown) => (err instanceof NotFound ? undefined : Promise.reject(err)));
    const volumes = await client.json<{ Volumes: { Name: string }[] | null }>("GET", "/volumes", { query: filters([`${kubeLabels.pod}=${pod}`]) });
    for (const v of volumes.Volumes ?? []) await client.request("DELETE", `/volumes/${encodeURIComponent(v.Name)}`);
    console.log(`pod/${pod} removed`);
  }
  if (opts.volumes) {
    const claims = new Set(manifests.filter((m) => m.kind === "PersistentVolumeClaim").map((m) => m.name));
    const made = await client.json<{ Volumes: { Name: string }[] | null }>("GET", "/volumes", { query: filters([`${kubeLabels.created}=pvc`]) });
    for (const v of made.Volumes ?? []) {
      if (!claims.has(v.Name)) continue;
      await client.request("DELETE", `/volumes/${encodeURIComponent(v.Name)}`);
      console.log(`persistentvolumeclaim/${v.Name} removed`);
    }
  }
  try {
    const net = await client.json<{ Labels?: Record<string, string> | null; Containers?: Record<string, unknown> | null }>("GET", `/networks/${encodeURIComponent(opts.network)}`);
    if (net.Labels?.[kubeLabels.created] === "network" && !Object.keys(net.Containers ?? {}).length) {
      await client.request("DELETE", `/networks/${encodeURIComponent(opts.network)}`);
      console.log(`network/${opts.network} removed`);
    }
  } catch (err) {
    if (!(err instanceof NotFound)) throw err;
  }
  return 0;
}
