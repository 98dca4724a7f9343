import { describe, expect, test } from "bun:test";
import { generateManifests, parseManifests, printManifests, validateManifest, type ContainerFacts, type ImageFacts } from "../../../src/kube/index.ts";

const image: ImageFacts = { Config: { Env: ["PATH=/usr/bin:/bin"], Cmd: ["sh"], WorkingDir: "/", Labels: { maintainer: "busybox" } } };

function web(over: Partial<ContainerFacts["Config"]> = {}, host: Partial<ContainerFacts["HostConfig"]> = {}): ContainerFacts {
  return {
    Name: "/web",
    Config: {
      Image: "busybox:latest",
      Env: ["PATH=/usr/bin:/bin", "GREETING=hello"],
      Cmd: ["httpd", "-f", "-p", "80"],
      Entrypoint: null,
      WorkingDir: "/www",
      User: "1000:2000",
      Labels: { maintainer: "busybox", tier: "front", "note with space": "x", "io.bunker.kube.pod": "old" },
      ExposedPorts: { "80/tcp": {}, "53/udp": {} },
      ...over,
    },
    HostConfig: {
      PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] },
      Memory: 128 * 2 ** 20,
      NanoCpus: 5e8,
      CapAdd: ["CAP_NET_ADMIN"],
      CapDrop: ["mknod"],
      ReadonlyRootfs: true,
      Privileged: false,
      RestartPolicy: { Name: "unless-stopped" },
      Tmpfs: { "/run": "size=64m" },
      ...host,
    },
    Mounts: [
      { Type: "volume", Name: "webdata", Source: "/var/lib/bunker/volumes/webdata/_data", Destination: "/data", RW: true },
      { Type: "bind", Source: "/srv/site", Destination: "/www", RW: false },
      { Type: "volume", Name: "a".repeat(64), Source: "/x", Destination: "/scratch", RW: true },
    ],
  };
}

describe("kube generate", () => {
  test("a container becomes a Pod with its settings, a claim per named volume, all schema-valid", () => {
    const { docs, warnings } = generateManifests([{ container: web(), image }], { type: "pod" });
    expect(warnings).toEqual([]);
    expect(docs.map((d) => d.kind)).toEqual(["PersistentVolumeClaim", "Pod"]);
    const pod = docs[1] as any;
    expect(pod.metadata).toEqual({ name: "web", labels: { app: "web", tier: "front" }, annotations: { "note with space": "x" } });
    const c = pod.spec.containers[0];
    expect(c.command).toBeUndefined();
    expect(c.args).toEqual(["httpd", "-f", "-p", "80"]);
    expect(c.env).toEqual([{ name: "GREETING", value: "hello" }]);
    expect(c.workingDir).toBe("/www");
    expect(c.ports).toEqual([
      { containerPort: 53, protocol: "UDP" },
      { containerPort: 80, protocol: "TCP", hostPort: 8080, hostIP: "127.0.0.1" },
    ]);
    expect(c.resources).toEqual({ limits: { memory: "128Mi", cpu: "500m" }, requests: { memory: "128Mi", cpu: "500m" } });
    expect(c.securityContext).toEqual({ runAsUser: 1000, runAsGroup: 2000, capabilities: { add: ["NET_ADMIN"], drop: ["MKNOD"] }, readOnlyRootFilesystem: true });
    expect(pod.spec.restartPolicy).toBe("Always");
    expect(pod.spec.volumes).toEqual([
      { name: "webdata", persistentVolumeClaim: { claimName: "webdata" } },
      { name: "web-scratch", emptyDir: {} },
      { name: "web-www-host", hostPath: { path: "/srv/site" } },
      { name: "web-run-tmpfs", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
    ]);
    expect(c.volumeMounts).toContainEqual({ name: "web-www-host", mountPath: "/www", readOnly: true });
    docs.forEach((body, i) => validateManifest({ index: i + 1, kind: body.kind as string, name: (body.metadata as any).name, body }));
  });

  test("Entrypoint → command and Cmd → args when they differ from the image's; docker restart policies map to Kubernetes'", () => {
    const gen = (over: Partial<ContainerFacts["Config"]>, restart: string) => (generateManifests([{ container: web(over, { RestartPolicy: { Name: restart } }), image }], { type: "pod" }).docs[1] as any).spec;
    const a = gen({ Entrypoint: ["sh"], Cmd: ["-c", "echo hi"] }, "no");
    expect([a.containers[0].command, a.containers[0].args, a.restartPolicy]).toEqual([["sh"], ["-c", "echo hi"], "Never"]);
    const b = gen({ Cmd: ["sh"] }, "on-failure");
    expect([b.containers[0].command, b.containers[0].args, b.restartPolicy]).toEqual([undefined, undefined, "OnFailure"]);
    const c = gen({ Entrypoint: ["/bin/true"], Cmd: null }, "always");
    expect([c.containers[0].command, c.containers[0].args, c.restartPolicy]).toEqual([["/bin/true"], undefined, "Always"]);
  });

  test("a user name has no Kubernetes field: warned about, not guessed", () => {
    const { docs, warnings } = generateManifests([{ container: web({ User: "www-data" }), image }], { type: "pod" });
    expect((docs[1] as any).spec.containers[0].securityContext.runAsUser).toBeUndefined();
    expect(warnings).toEqual(['web: user "www-data" is a name, Kubernetes takes only numeric ids (runAsUser): left out']);
  });

  test("--type deployment --replicas --service: selector, Always, and a Service carrying the published ports", () => {
    const { docs } = generateManifests([{ container: web(), image }], { type: "deployment", replicas: 3, service: true });
    expect(docs.map((d) => d.kind)).toEqual(["PersistentVolumeClaim", "Deployment", "Service"]);
    const dep = docs[1] as any;
    expect(dep.spec.replicas).toBe(3);
    expect(dep.spec.selector).toEqual({ matchLabels: { app: "web" } });
    expect(dep.spec.template.metadata.labels.app).toBe("web");
    expect(dep.spec.template.metadata.name).toBeUndefined();
    expect(dep.spec.template.spec.containers[0].ports.every((p: any) => p.hostPort === undefined)).toBe(true);
    expect((docs[2] as any).spec).toEqual({ selector: { app: "web" }, ports: [{ name: "8080-tcp", port: 8080, targetPort: 80, protocol: "TCP" }] });
  });

  test("--name puts the containers into one pod; output is deterministic, sorted, with a hostPath comment", () => {
    const db: ContainerFacts = { ...web({ Labels: {} }), Name: "/db", Mounts: [], HostConfig: { RestartPolicy: { Name: "no" } } };
    const one = generateManifests([{ container: web(), image }, { container: db, image }], { type: "pod", podName: "App_Pod" });
    const pods = one.docs.filter((d) => d.kind === "Pod") as any[];
    expect(pods.map((p) => p.metadata.name)).toEqual(["app-pod"]);
    expect(pods[0].spec.containers.map((c: any) => c.name)).toEqual(["web", "db"]);
    const text = printManifests(one.docs);
    expect(text).toBe(printManifests(generateManifests([{ container: web(), image }, { container: db, image }], { type: "pod", podName: "App_Pod" }).docs));
    expect(text.split("---\n")).toHaveLength(2);
    expect(text).toContain("    # hostPath: a directory or file of the host this was generated on");
    const podText = text.split("---\n")[1]!;
    expect(podText.indexOf("apiVersion")).toBeLessThan(podText.indexOf("kind:"));
    expect(podText.indexOf("kind:")).toBeLessThan(podText.indexOf("metadata:"));
    const reread = parseManifests(text);
    expect(reread.map((m) => m.body)).toEqual(one.docs);
  });
});
