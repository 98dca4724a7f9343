import type { DockerClient } from "../client/index.ts";
import { NotFound } from "../lib/index.ts";
import { generateManifests, kubeLabels, printManifests, type ContainerFacts, type ImageFacts } from "../kube/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

const args = {
  type: { type: "enum", alias: "t", options: ["pod", "deployment"] as string[], default: "pod", description: "Kind of workload to generate (pod or deployment)" },
  replicas: { type: "string", alias: "r", description: "Replicas of a Deployment (with --type deployment)", valueHint: "int" },
  service: { type: "boolean", alias: "s", description: "Add a Service for the published ports" },
  name: { type: "string", alias: "n", description: "Put all the containers into one pod of this name (default: a pod per container, named after it)", valueHint: "string" },
} as const;

/** A name is a container, or else a network whose containers are all taken (in name order). */
async function containersOf(client: DockerClient, names: string[]): Promise<ContainerFacts[]> {
  const out: ContainerFacts[] = [];
  for (const name of names) {
    try {
      out.push(await client.json<ContainerFacts>("GET", `/containers/${encodeURIComponent(name)}/json`));
      continue;
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
    let network: { Containers?: Record<string, unknown> | null };
    try {
      network = await client.json("GET", `/networks/${encodeURIComponent(name)}`);
    } catch (err) {
      if (err instanceof NotFound) throw new NotFound(`No such container or network: ${name}`);
      throw err;
    }
    const members = await Promise.all(Object.keys(network.Containers ?? {}).map((id) => client.json<ContainerFacts>("GET", `/containers/${id}/json`)));
    // A pod `kube play` made is on the network through its infra container: its containers stand for it.
    const expanded: ContainerFacts[] = [];
    for (const c of members) {
      const pod = c.Config.Labels?.[kubeLabels.role] === "infra" ? c.Config.Labels[kubeLabels.pod] : undefined;
      if (!pod) expanded.push(c);
      else {
        const filters = JSON.stringify({ label: [`${kubeLabels.pod}=${pod}`, `${kubeLabels.role}=container`] });
        const ids = await client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: 1, filters } });
        expanded.push(...(await Promise.all(ids.map((x) => client.json<ContainerFacts>("GET", `/containers/${x.Id}/json`)))));
      }
    }
    out.push(...expanded.sort((a, b) => a.Name.localeCompare(b.Name)));
  }
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.Name) && !!seen.add(c.Name));
}

export default command({
  meta: { name: "generate", description: "Generate Kubernetes YAML (Pod or Deployment, Service, PersistentVolumeClaim) from containers or a network's containers" },
  args,
  variadic: true,
  async run({ args: a, data }) {
    const names = (a._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker kube generate' requires at least 1 argument: a container or network");
    if (a.replicas !== undefined && (!/^\d+$/.test(a.replicas) || a.type !== "deployment")) throw new UsageError(`--replicas takes a whole number and --type deployment`);
    const client = await connectDaemon((data as CliData).globals);
    const containers = await containersOf(client, names);
    const inputs = await Promise.all(
      containers.map(async (container) => ({
        container,
        network: container.HostConfig.NetworkMode?.startsWith("container:") ? await client.json<ContainerFacts>("GET", `/containers/${encodeURIComponent(container.HostConfig.NetworkMode.slice(10))}/json`) : undefined,
        image: await client.json<ImageFacts>("GET", `/images/${encodeURIComponent((container as { Image?: string }).Image ?? container.Config.Image)}/json`).catch((err: unknown) => {
          if (err instanceof NotFound) return {};
          throw err;
        }),
      })),
    );
    const { docs, warnings } = generateManifests(inputs, { type: a.type === "deployment" ? "deployment" : "pod", replicas: a.replicas === undefined ? undefined : Number(a.replicas), service: !!a.service, podName: a.name });
    for (const w of warnings) console.error(`WARNING: ${w}`);
    process.stdout.write(printManifests(docs));
    return 0;
  },
});
