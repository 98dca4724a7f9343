import type { DockerClient } from "../client/index.ts";
import { NotFound } from "../lib/index.ts";
import { kubeLabels, planPlay, type PlannedContainer } from "../kube/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { createPulling } from "./create-pulling.ts";
import { kubeDown } from "./kube-down.ts";
import { readManifestFiles } from "./kube-manifest-files.ts";
import { TarWriter } from "./tar-writer.ts";

const args = {
  network: { type: "string", default: "bunker-kube", description: "Network the pods join (created when missing, removed by --down when play created it)", valueHint: "network" },
  down: { type: "boolean", description: "Remove the pods (containers, infra containers, emptyDir volumes) the files describe, and the network play created once unused" },
  force: { type: "boolean", description: "With --down, also remove the volumes of the PersistentVolumeClaims" },
  start: { type: "boolean", default: true, description: "Start the pods (--start=false only creates them)" },
} as const;

/** Write ConfigMap and Secret files into a created container (PUT /archive at /, as docker cp). */
async function putFiles(client: DockerClient, id: string, files: PlannedContainer["files"]): Promise<void> {
  if (!files.length) return;
  const tar = new TarWriter();
  const mtime = new Date();
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.replace(/^\/+/, "").split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!dirs.has(dir)) tar.add({ name: dir, type: "dir", mode: 0o755, mtime });
      dirs.add(dir);
    }
    const data = new TextEncoder().encode(f.data);
    tar.add({ name: parts.join("/"), type: "file", mode: f.mode, mtime, size: data.length }, data);
  }
  const res = await client.fetch(`/containers/${id}/archive`, { method: "PUT", query: { path: "/" }, body: tar.bytes(), headers: { "Content-Type": "application/x-tar" } });
  if (res.status >= 400) throw new Error(`writing ConfigMap/Secret files into ${id.slice(0, 12)}: ${(await res.text()).trim()}`);
}

async function created(client: DockerClient, c: PlannedContainer): Promise<string> {
  const r = await createPulling(client, c.name, c.body, { pullAlways: c.pullAlways });
  for (const w of r.Warnings ?? []) console.error(`WARNING: ${c.name}: ${w}`);
  await putFiles(client, r.Id, c.files);
  return r.Id;
}

async function ensureNetwork(client: DockerClient, name: string): Promise<void> {
  try {
    await client.json("GET", `/networks/${encodeURIComponent(name)}`);
  } catch (err) {
    if (!(err instanceof NotFound)) throw err;
    await client.json("POST", "/networks/create", { body: { Name: name, Driver: "bridge", Labels: { [kubeLabels.created]: "network" } } });
    console.log(`network/${name} created`);
  }
}

export default command({
  meta: { name: "play", description: "Create and run pods from Kubernetes YAML (Pod, Deployment, Service, PersistentVolumeClaim, ConfigMap, Secret)" },
  args,
  variadic: true,
  async run({ args: a, data }) {
    const manifests = await readManifestFiles((a._ as string[]) ?? [], { warn: !a.down });
    const client = await connectDaemon((data as CliData).globals);
    if (a.down) return kubeDown(client, manifests, { network: a.network, volumes: !!a.force });
    const plan = planPlay(manifests, { network: a.network });
    for (const w of plan.warnings) console.error(`WARNING: ${w}`);
    await ensureNetwork(client, plan.network);
    for (const claim of plan.claims) {
      await client.json("POST", "/volumes/create", { body: { Name: claim, Labels: { [kubeLabels.created]: "pvc" } } });
      console.log(`persistentvolumeclaim/${claim} created`);
    }
    for (const pod of plan.pods) {
      for (const v of pod.volumes) await client.json("POST", "/volumes/create", { body: { Name: v, Labels: { [kubeLabels.pod]: pod.name } } });
      const infra = await created(client, pod.infra);
      if (a.start) await client.request("POST", `/containers/${infra}/start`);
      for (const init of pod.init) {
        const id = await created(client, init);
        if (!a.start) continue;
        await client.request("POST", `/containers/${id}/start`);
        const r = await client.json<{ StatusCode: number }>("POST", `/containers/${id}/wait`);
        if (r.StatusCode !== 0) throw new Error(`pod ${pod.name}: init container ${init.name} exited with status ${r.StatusCode}`);
      }
      for (const c of pod.containers) {
        const id = await created(client, c);
        if (a.start) await client.request("POST", `/containers/${id}/start`);
      }
      console.log(`pod/${pod.name} ${a.start ? "started" : "created"}`);
    }
    return 0;
  },
});
