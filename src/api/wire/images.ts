import type { Image } from "../../engine/index.ts";

const familiar = (ref: string) => ref.replace(/^docker\.io\/library\//, "").replace(/^docker\.io\//, "");

/** GET /images/json, one entry. */
export function imageSummaryWire(i: Image): Record<string, unknown> {
  const tags = i.references.filter((r) => !r.includes("@")).map(familiar);
  return {
    Id: i.id,
    ParentId: "",
    RepoTags: tags,
    RepoDigests: i.doc.repoDigests.map(familiar),
    Created: Math.floor(Date.parse(i.created) / 1000) || 0,
    Size: i.size,
    SharedSize: -1,
    VirtualSize: i.size,
    Labels: i.doc.config.config?.Labels ?? {},
    Containers: -1,
  };
}

/** Every field of Docker's container config, as image inspect shows it even where the image sets none. */
const emptyConfig = {
  Hostname: "", Domainname: "", User: "", AttachStdin: false, AttachStdout: false, AttachStderr: false, Tty: false, OpenStdin: false, StdinOnce: false,
  Env: null, Cmd: null, Image: "", Volumes: null, WorkingDir: "", Entrypoint: null, OnBuild: null, Labels: null,
};

/** GET /images/{name}/json, in Docker's shape. */
export function imageInspectWire(i: Image, driver: string): Record<string, unknown> {
  const c = i.doc.config;
  const [os, architecture, variant] = i.platform.split("/");
  return {
    Id: i.id,
    RepoTags: i.references.filter((r) => !r.includes("@")).map(familiar),
    RepoDigests: i.doc.repoDigests.map(familiar),
    // Docker's local parent: the image a commit or build step was made on (none for pulled ones).
    Parent: i.doc.parent ?? "",
    Comment: "",
    Container: typeof (c as Record<string, unknown>).container === "string" ? (c as Record<string, unknown>).container : "",
    ContainerConfig: (c as Record<string, unknown>).container_config ?? {},
    Created: i.created,
    DockerVersion: "",
    Author: c.author ?? "",
    Config: { ...emptyConfig, ...c.config },
    Architecture: architecture ?? c.architecture,
    ...(variant ? { Variant: variant } : {}),
    Os: os ?? c.os,
    Size: i.size,
    VirtualSize: i.size,
    GraphDriver: { Name: driver, Data: {} },
    RootFS: { Type: "layers", Layers: c.rootfs.diff_ids },
    Metadata: { LastTagTime: "0001-01-01T00:00:00Z" },
  };
}
