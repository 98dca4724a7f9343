import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary, runBunker } from "../helpers/bunker-command.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";
import { parseManifests, validateManifest } from "../../src/kube/index.ts";
import { freePort } from "../helpers/free-port.ts";

const skipReason = !busyboxPath ? "busybox-static is not installed" : !existsSync(compiledBinary) ? `${compiledBinary} is not built` : !existsSync("/dev/net/tun") ? "/dev/net/tun is missing" : "";
if (skipReason) console.log(`skip: bunker kube CLI tests: ${skipReason}`);

const dirs = tempBunkerDirs("bk-kube-");
const bunker = (args: string[]) => runBunker("binary", args, dirs.env);
const file = (name: string, text: string) => {
  const path = join(dirs.base, name);
  writeFileSync(path, text);
  return path;
};

/** GET a published port until it answers (the server inside may still be starting). */
async function httpGet(port: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
    if (r?.ok) return r.text();
    await Bun.sleep(100);
  }
  throw new Error(`nothing answers on port ${port}`);
}

const names = async () => (await bunker(["ps", "-a", "--format", "{{.Names}}"])).stdout.split("\n").filter(Boolean).sort();

describe.skipIf(!!skipReason)("bunker kube generate and play with the compiled binary", () => {
  beforeAll(async () => {
    const rootfs = makeBusyboxRootfs();
    const tar = join(dirs.base, "busybox.tar");
    Bun.spawnSync(["tar", "-C", rootfs.dir, "-cf", tar, "."]);
    rootfs.cleanup();
    const imported = await bunker(["import", tar, "kbox:1"]);
    if (imported.code !== 0) throw new Error(imported.stderr);
  });
  afterAll(async () => {
    const ids = (await bunker(["ps", "-aq"])).stdout.split("\n").filter(Boolean);
    if (ids.length) await bunker(["rm", "-f", ...ids]);
    await bunker(["daemon", "stop"]);
    dirs.cleanup();
  });

  test("round trip: containers → generate → play answer on the same port, with their env, command and volume data", async () => {
    const port = await freePort();
    const script = 'mkdir -p /www && echo "$GREETING $(cat /data/runs | wc -l)" > /www/index.html && echo run >> /data/runs && exec httpd -f -p 80 -h /www';
    const run = await bunker(["run", "-d", "--name", "web", "-e", "GREETING=hello", "-p", `127.0.0.1:${port}:80`, "-v", "webdata:/data", "--restart", "always", "-l", "tier=front", "kbox:1", "sh", "-c", `touch /data/runs; ${script}`]);
    expect(run.stderr).toBe("");
    expect(await httpGet(port)).toBe("hello 0\n");
    const gen = await bunker(["kube", "generate", "web"]);
    expect(gen.stderr).toBe("");
    expect(gen.code).toBe(0);
    const manifests = parseManifests(gen.stdout);
    expect(manifests.map((m) => `${m.kind}/${m.name}`)).toEqual(["PersistentVolumeClaim/webdata", "Pod/web"]);
    for (const m of manifests) validateManifest(m);
    expect((await bunker(["kube", "generate", "web"])).stdout).toBe(gen.stdout);
    expect((await bunker(["rm", "-f", "web"])).code).toBe(0);

    const yaml = file("web.yaml", gen.stdout);
    const play = await bunker(["kube", "play", yaml]);
    expect(play.stderr).toBe("");
    expect(play.stdout).toBe("network/bunker-kube created\npersistentvolumeclaim/webdata created\npod/web started\n");
    // The same page: its env, and the run the first container recorded in the named volume.
    expect(await httpGet(port)).toBe("hello 1\n");
    expect(await names()).toEqual(["web-infra", "web-web"]);
    const [info] = JSON.parse((await bunker(["inspect", "web-web"])).stdout);
    expect(info.HostConfig.NetworkMode).toBe("container:web-infra");
    expect(info.Config.Labels).toMatchObject({ tier: "front", app: "web" });
    // Generating from the played container gives the same pod back.
    const again = await bunker(["kube", "generate", "web-web"]);
    expect(again.stdout).toBe(gen.stdout);

    const down = await bunker(["kube", "play", "--down", yaml]);
    expect(down.stdout).toBe("pod/web removed\nnetwork/bunker-kube removed\n");
    expect(await names()).toEqual([]);
    expect((await bunker(["volume", "ls", "-q"])).stdout).toBe("webdata\n");
    // The volume existed before play, so even --force keeps it; one play made goes with --force.
    expect((await bunker(["kube", "play", "--start=false", yaml])).stdout).toBe("network/bunker-kube created\npersistentvolumeclaim/webdata created\npod/web created\n");
    expect((await bunker(["kube", "play", "--down", "--force", yaml])).stdout).toBe("pod/web removed\nnetwork/bunker-kube removed\n");
    expect((await bunker(["volume", "rm", "webdata"])).code).toBe(0);
    await bunker(["kube", "play", "--start=false", yaml]);
    expect((await bunker(["kube", "play", "--down", "--force", yaml])).stdout).toBe("pod/web removed\npersistentvolumeclaim/webdata removed\nnetwork/bunker-kube removed\n");
    expect((await bunker(["volume", "ls", "-q"])).stdout).toBe("");
  });

  test("kubectl-style manifests: Deployment ×2, Service with a named targetPort, ConfigMap as env and file, Secret as env; pods reach each other by name; --down removes exactly that", async () => {
    const port = await freePort();
    const fixture = readFileSync(join(import.meta.dir, "..", "unit", "kube", "fixtures", "kubectl-app.yaml"), "utf8");
    const yaml = file("app.yaml", fixture.replaceAll("busybox:latest", "kbox:1").replace("nodePort: 18082", `nodePort: ${port}`));
    // Not made by play, though it names one of its pods.
    expect((await bunker(["run", "-d", "--name", "bystander", "-l", "io.bunker.kube.pod=web-1", "kbox:1", "sleep", "60"])).code).toBe(0);
    const play = await bunker(["kube", "play", yaml]);
    expect(play.code).toBe(0);
    expect(play.stdout).toBe("network/bunker-kube created\npod/web-1 started\npod/web-2 started\npod/client started\n");
    expect(play.stderr).toContain("document 3 (Deployment web): metadata.namespace, spec.strategy, spec.template.spec.containers[0].livenessProbe");
    expect(await httpGet(port)).toBe("<h1>configmap page</h1>\n");
    expect((await bunker(["exec", "web-2-httpd", "sh", "-c", "echo $GREETING/$PASSWORD"])).stdout).toBe("hello from configmap/s3cr3t\n");
    for (const host of ["web-2", "web-svc"]) {
      const got = await bunker(["exec", "client-main", "sh", "-c", `for i in $(seq 50); do wget -qO- http://${host}:8080/ && exit 0; sleep 0.1; done; exit 1`]);
      expect(got.stdout).toBe("<h1>configmap page</h1>\n");
    }
    // The network's played pods generate again: each infra container stands for its pod's containers.
    const fromNet = parseManifests((await bunker(["kube", "generate", "bunker-kube"])).stdout);
    expect(fromNet.map((m) => `${m.kind}/${m.name}`)).toEqual(["Pod/client", "Pod/web-1", "Pod/web-2"]);
    expect((fromNet[1]!.body.spec as any).containers[0]).toMatchObject({ name: "httpd", command: ["httpd", "-f", "-p", "8080", "-h", "/www"], ports: [{ containerPort: 8080, hostPort: port }] });
    const down = await bunker(["kube", "play", "--down", yaml]);
    expect(down.stdout).toBe("pod/web-1 removed\npod/web-2 removed\npod/client removed\nnetwork/bunker-kube removed\n");
    expect(await names()).toEqual(["bystander"]);
    await bunker(["rm", "-f", "bystander"]);
  });

  test("generate from a network's containers: a pod each; --type deployment --service", async () => {
    await bunker(["network", "create", "kapp"]);
    for (const n of ["db", "api"]) expect((await bunker(["run", "-d", "--name", n, "--net", "kapp", "-p", n === "api" ? "8000:80" : "5432", "kbox:1", "sleep", "60"])).code).toBe(0);
    const gen = await bunker(["kube", "generate", "--type", "deployment", "--replicas", "2", "--service", "kapp"]);
    expect(gen.code).toBe(0);
    const manifests = parseManifests(gen.stdout);
    expect(manifests.map((m) => `${m.kind}/${m.name}`)).toEqual(["Deployment/api", "Service/api", "Deployment/db"]);
    for (const m of manifests) validateManifest(m);
    expect((manifests[1]!.body.spec as any).ports).toEqual([{ name: "8000-tcp", port: 8000, protocol: "TCP", targetPort: 80 }]);
    await bunker(["rm", "-f", "db", "api"]);
    await bunker(["network", "rm", "kapp"]);
    const missing = await bunker(["kube", "generate", "nothing"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("Error response from daemon: No such container or network: nothing\n");
  });

  test("bad manifests: exit 1 with the document, the path and the problem; nothing is created", async () => {
    const cases: [string, string][] = [
      ["apiVersion: v1\nkind: Pod\nmetadata:\n  name: [p\n", "bunker: document 1: invalid YAML at line 5, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]\n"],
      ["apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: kbox:1}]}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n", 'bunker: document 2 (Job j): unsupported kind "Job"'],
      ["apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: kbox:1, ports: [{containerPort: http}]}]}\n", "bunker: document 1 (Pod p): spec.containers[0].ports[0].containerPort: must be integer\n"],
    ];
    for (const [text, message] of cases) {
      const r = await bunker(["kube", "play", file("bad.yaml", text)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toStartWith(message);
    }
    expect(await names()).toEqual([]);
  });
});
