import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ManifestError, parseManifests, planPlay, podNames, unsupportedFields, validateManifest } from "../../../src/kube/index.ts";

const kubectlApp = await Bun.file(join(import.meta.dir, "fixtures", "kubectl-app.yaml")).text();

function plan(text: string) {
  const manifests = parseManifests(text);
  manifests.forEach(validateManifest);
  return planPlay(manifests, { network: "bunker-kube" });
}

function failure(text: string): string {
  try {
    plan(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return (err as Error).message;
  }
  throw new Error("no error");
}

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;

describe("kube play plan", () => {
  test("a kubectl-style multi-document file: Deployment replicas become numbered pods joined to an infra container", () => {
    const p = plan(kubectlApp);
    expect(p.pods.map((x) => x.name)).toEqual(["web-1", "web-2", "client"]);
    const [web1, web2] = p.pods;
    expect(web1!.infra.name).toBe("web-1-infra");
    expect(web1!.infra.body).toMatchObject({
      Image: "busybox:latest",
      Entrypoint: ["cat"],
      OpenStdin: true,
      Hostname: "web-1",
      Labels: { app: "web", "io.bunker.kube.pod": "web-1", "io.bunker.kube.role": "infra" },
      NetworkingConfig: { EndpointsConfig: { "bunker-kube": { Aliases: ["web-1", "web-svc"] } } },
      HostConfig: { NetworkMode: "bunker-kube", Init: true, PortBindings: { "8080/tcp": [{ HostIp: "", HostPort: "18082" }] } },
    });
    // The Service's named targetPort ("http") is the container's 8080, published on the first pod only.
    expect((web2!.infra.body.HostConfig as any).PortBindings).toEqual({});
    const httpd = web1!.containers[0]!;
    expect(httpd.name).toBe("web-1-httpd");
    expect(httpd.body).toMatchObject({
      Entrypoint: ["httpd", "-f", "-p", "8080", "-h", "/www"],
      Cmd: [],
      Env: ["PASSWORD=s3cr3t", "PATH=/bin", "GREETING=hello from configmap"],
      HostConfig: { NetworkMode: "container:web-1-infra", RestartPolicy: { Name: "always", MaximumRetryCount: 0 } },
    });
    expect(httpd.files).toEqual([{ path: "/www/index.html", data: "<h1>configmap page</h1>\n", mode: 0o644 }]);
    expect(p.pods[2]!.containers[0]!.body).toMatchObject({ OpenStdin: true, HostConfig: { RestartPolicy: { Name: "no" } } });
    expect(p.warnings).toEqual(["document 4 (Service web-svc): selects 2 pods; its ports are published on the first, web-1, and its name resolves to all of them"]);
    expect(podNames(parseManifests(kubectlApp))).toEqual(["web-1", "web-2", "client"]);
  });

  test("fields play does not carry out are listed by path, status and creationTimestamp aside", () => {
    const [, , deployment] = parseManifests(kubectlApp);
    expect(unsupportedFields(deployment!)).toEqual(["metadata.namespace", "spec.strategy", "spec.template.spec.containers[0].livenessProbe"]);
    const [withStatus] = parseManifests(pod("  containers: [{name: c, image: x}]\nstatus: {phase: Running}\n").replace("name: p", "name: p\n  creationTimestamp: null"));
    expect(unsupportedFields(withStatus!)).toEqual([]);
    // Kubernetes' $(VAR) references are not expanded by play: named, not passed silently ($$( is a literal).
    const [refs] = parseManifests(pod('  containers: [{name: c, image: x, command: ["sh", "-c", "echo $(GREETING)"], args: ["$$(literal)"], env: [{name: A, value: "x-$(B)"}]}]\n'));
    expect(unsupportedFields(refs!)).toEqual(["spec.containers[0].command[2] ($(VAR) references are not expanded)", "spec.containers[0].env[0].value ($(VAR) references are not expanded)"]);
  });

  test("volumes: claims as named volumes, hostPath as binds, emptyDir on disk as a pod volume, in memory as tmpfs; secrets as files", () => {
    const p = plan(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {token: abc}
---
${pod(`  securityContext: {runAsUser: 1000}
  containers:
    - name: c
      image: x
      securityContext: {runAsGroup: 50, capabilities: {add: [NET_ADMIN]}, readOnlyRootFilesystem: true}
      resources: {limits: {memory: 64Mi, cpu: "1.5"}, requests: {memory: 32Mi}}
      volumeMounts:
        - {name: d, mountPath: /data}
        - {name: h, mountPath: /host, readOnly: true}
        - {name: e, mountPath: /scratch}
        - {name: m, mountPath: /mem}
        - {name: s, mountPath: /etc/creds/}
  volumes:
    - {name: d, persistentVolumeClaim: {claimName: data}}
    - {name: h, hostPath: {path: /srv}}
    - {name: e, emptyDir: {}}
    - {name: m, emptyDir: {medium: Memory, sizeLimit: 16Mi}}
    - {name: s, secret: {secretName: creds}}
`)}`);
    expect(p.claims).toEqual(["data"]);
    const c = p.pods[0]!.containers[0]!;
    expect(p.pods[0]!.volumes).toEqual(["p-e"]);
    expect(c.body).toMatchObject({
      User: "1000:50",
      HostConfig: { Binds: ["data:/data", "/srv:/host:ro", "p-e:/scratch"], Tmpfs: { "/mem": `size=${16 * 2 ** 20}` }, CapAdd: ["NET_ADMIN"], ReadonlyRootfs: true, Memory: 64 * 2 ** 20, NanoCpus: 1.5e9, MemoryReservation: 32 * 2 ** 20 },
    });
    expect(c.files).toEqual([{ path: "/etc/creds/token", data: "abc", mode: 0o600 }]);
  });

  test("bad manifests are rejected naming the document, the path and the problem", () => {
    expect(failure("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n")).toMatch(/^document 1: invalid YAML at line \d+, column \d+: /);
    expect(failure("kind: ConfigMap\napiVersion: v1\nmetadata: {name: c}\n---\nkind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: {name: i}\n")).toBe(
      'document 2 (Ingress i): unsupported kind "Ingress" (supported: Pod, Deployment, Service, PersistentVolumeClaim, ConfigMap, Secret)',
    );
    const deployment = (port: string, labels = "{app: web}") => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: ${labels}}\n    spec:\n      containers: [{name: c, image: x, ports: [{containerPort: ${port}}]}]\n`;
    expect(failure(deployment('"80"'))).toBe("document 2 (Deployment web): spec.template.spec.containers[0].ports[0].containerPort: must be integer");
    expect(failure(deployment("80", "{app: other}"))).toBe("document 2 (Deployment web): spec.template.metadata.labels: Invalid value: selector does not match template labels (app=web)");
    expect(failure("apiVersion: apps/v1\nkind: Pod\nmetadata: {name: p}\n")).toBe('document 1 (Pod p): apiVersion: must be "v1" for kind Pod, got "apps/v1"');
    expect(failure(pod("  containers: [{name: c, image: x, env: [{name: A, valueFrom: {configMapKeyRef: {name: nope, key: k}}}]}]\n"))).toBe('pod p: container c: ConfigMap "nope" is not among the played manifests');
    expect(failure(pod("  containers: [{name: c, image: x, volumeMounts: [{name: v, mountPath: /v}]}]\n"))).toBe('pod p: container c: volumeMounts: no volume named "v" in the pod');
    expect(failure(`apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: p}, ports: [{port: 80, targetPort: web}]}\n---\n${pod("  containers: [{name: c, image: x}]\n").replace("name: p", "name: p\n  labels: {app: p}")}`)).toBe(
      'document 1 (Service s): targetPort "web" names no container port of pod p',
    );
  });

  test("host ports one pod already publishes are not published twice", () => {
    const two = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: c, image: x, ports: [{containerPort: 80, hostPort: 8080}]}]\n`;
    const p = plan(`${two("a")}---\n${two("b")}`);
    expect((p.pods[1]!.infra.body.HostConfig as any).PortBindings).toEqual({});
    expect(p.warnings).toEqual(["pod b: container c: host port 8080/tcp is already published by this play: not published for pod b"]);
  });
});
