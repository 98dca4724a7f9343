import { canonicalString, classify, computeDigest, formatPlatform, hostPlatform, MediaType, parseReference, withDefaultTag, type ImageConfig } from "../../image/index.ts";
import { NotFound, NotImplemented } from "../../lib/index.ts";
import type { ContainerService } from "../containers/container-service.ts";
import type { Image } from "../images/image-doc.ts";
import type { ImageService } from "../images/image-service.ts";
import type { BuildImage, Executor, RunResult, RunSpec } from "./executor.ts";
import { ImageFs } from "./image-fs.ts";
import type { LayerDiffer } from "./layer-differ.ts";

const asBuildImage = (image: Image): BuildImage => ({ id: image.id, config: image.doc.config });

/** What the runtime creates as mount points; left out of a RUN's layer when the image had none. */
const mountStubs = ["etc/hosts", "etc/hostname", "etc/resolv.conf", "dev", "proc", "sys"];

/**
 * Whether gzip is worth it: four 64 KiB samples spread over the layer shrink by a tenth at
 * level 1. Already-compressed or random content is stored (gzip level 0) instead, since deflate
 * spends seconds on 50 MB of it to make it bigger.
 */
function compressible(data: Uint8Array): boolean {
  if (data.length < 1 << 20) return true;
  const slice = 64 * 1024;
  let raw = 0;
  let packed = 0;
  for (let i = 0; i < 4; i++) {
    const at = Math.floor(((data.length - slice) * i) / 4);
    const sample = data.subarray(at, at + slice) as Uint8Array<ArrayBuffer>;
    raw += sample.length;
    packed += Bun.deflateSync(sample, { level: 1 }).length;
  }
  return packed < raw * 0.9;
}

/** A tar with no entries is all zero blocks. */
const isEmptyTar = (tar: Uint8Array) => tar.every((b) => b === 0);

/** The builder's Executor over the engine's image and container services. */
export class EngineExecutor implements Executor {
  constructor(
    private readonly images: ImageService,
    private readonly containers: ContainerService,
    /** How a RUN container's changes become a layer (inside the user namespace when rootless). */
    private readonly differ: LayerDiffer,
  ) {}

  async image(ref: string, opts: { pull: boolean; platform?: string; credentials?: import("../../image/index.ts").RegistryCredentials }, progress: (event: object) => void): Promise<BuildImage> {
    if (!opts.pull) {
      try {
        return asBuildImage(this.images.find(ref));
      } catch (err) {
        if (!(err instanceof NotFound)) throw err;
      }
    }
    return asBuildImage(await this.images.pull(ref, { platform: opts.platform, credentials: opts.credentials }, progress));
  }

  imageById(id: string): BuildImage | undefined {
    const image = this.images.records.get(id);
    return image ? asBuildImage(image) : undefined;
  }

  private async layerDirs(image: Image): Promise<string[]> {
    const dirs: string[] = [];
    for (const chainId of [...image.layers].reverse()) {
      const key = this.images.records.getLayer(chainId)?.snapshotKey ?? chainId;
      const diff = await this.images.snapshotter.diffDir(key);
      dirs.push(diff.dir);
      if (diff.kind === "dir") break; // a whole tree: the layers below are in it
    }
    return dirs;
  }

  async filesystem(imageId: string | null): Promise<ImageFs> {
    if (!imageId) return new ImageFs([]);
    const image = this.images.records.get(imageId);
    if (!image) throw new NotFound(`No such image: ${imageId}`);
    return new ImageFs(await this.layerDirs(image));
  }

  async run(imageId: string, spec: RunSpec, io: { created(id: string): void; output(stream: "stdout" | "stderr", data: Buffer): void; removed(id: string): void }): Promise<RunResult> {
    const image = this.images.records.get(imageId);
    if (!image) throw new NotFound(`No such image: ${imageId}`);
    const { id } = await this.containers.create({
      image: imageId,
      requested: {
        image: imageId, cmd: spec.args, entrypoint: [], env: spec.env, labels: {}, workingDir: spec.workingDir, user: spec.user,
        hostname: "", domainname: "", tty: false, openStdin: false, stdinOnce: false, attachStdin: false, attachStdout: true, attachStderr: true, stopSignal: "",
      },
      host: { autoRemove: false, binds: [], tmpfs: {}, networkMode: spec.network, restartPolicy: { name: "no", maximumRetryCount: 0 }, securityOpt: [] },
      network: { mode: spec.network, endpoints: {}, portBindings: {}, publishAll: false, exposedPorts: [] },
      runtime: {
        args: spec.args, env: spec.env, workingDir: spec.workingDir || undefined, user: spec.user || undefined, tty: false, openStdin: false, readonlyRootfs: false,
        binds: [], tmpfs: [], capAdd: [], capDrop: [], privileged: false, seccomp: "default", noNewPrivileges: false, ulimits: [], init: false,
        network: spec.network === "host" ? "host" : "private", extraHosts: spec.extraHosts, dns: [], dnsSearch: [], dnsOptions: [], stopSignal: "SIGTERM", log: { maxSize: 0, maxFiles: 1 },
      },
    });
    io.created(id);
    let failed = true;
    try {
      let ended!: () => void;
      const outputDone = new Promise<void>((r) => (ended = r));
      await this.containers.attach(id, { stdout: true, stderr: true, onOutput: (s, d) => io.output(s, d), onEnd: () => ended() });
      await this.containers.start(id);
      const { exitCode } = await this.containers.wait(id, "not-running");
      await Promise.race([outputDone, Bun.sleep(2000)]);
      if (exitCode !== 0) return { exitCode, layer: null };
      const layer = await this.containerLayer(id, image);
      failed = false;
      return { exitCode, layer };
    } finally {
      if (spec.remove === "always" || (spec.remove === "on-success" && !failed)) {
        await this.containers.remove(id, { force: true });
        io.removed(id);
      }
    }
  }

  /** The container's writable layer as a tar, without the runtime's mount-point stubs. */
  private async containerLayer(id: string, image: Image): Promise<Uint8Array | null> {
    const diff = await this.images.snapshotter.diffDir(id);
    if (diff.kind !== "overlay") throw new NotImplemented(`RUN on the ${this.images.snapshotter.name} storage driver is not supported yet`);
    const lower = new ImageFs(await this.layerDirs(image));
    const tar = await this.differ(diff.dir, mountStubs.filter((rel) => !lower.lstat(`/${rel}`)));
    return isEmptyTar(tar) ? null : tar;
  }

  lineage(refs: string[]): Set<string> {
    const ids = new Set<string>();
    for (const ref of refs) {
      let image: Image | undefined;
      try {
        image = this.images.find(ref);
      } catch {
        continue; // Docker skips a cache source it cannot find
      }
      while (image && !ids.has(image.id)) {
        ids.add(image.id);
        image = image.doc.parent ? this.images.records.get(image.doc.parent) : undefined;
      }
    }
    return ids;
  }

  async commit(parentId: string | null, change: { defaults: ImageConfig["config"]; history: NonNullable<ImageConfig["history"]>[number]; layer: Uint8Array | null; author?: string }): Promise<BuildImage> {
    const parent = parentId ? this.images.records.get(parentId) : undefined;
    if (parentId && !parent) throw new NotFound(`No such image: ${parentId}`);
    const host = hostPlatform();
    const base: ImageConfig = parent?.doc.config ?? { architecture: host.architecture, os: host.os, ...(host.variant ? { variant: host.variant } : {}), rootfs: { type: "layers", diff_ids: [] }, history: [] };
    let layers: { mediaType: string; digest: string; size: number }[] = [];
    if (parent) {
      const manifest = classify(null, await Bun.file(this.images.content.path(parent.manifestDigest)).bytes());
      if (manifest.kind === "manifest") layers = manifest.manifest.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size }));
    }
    const diffIds = [...base.rootfs.diff_ids];
    if (change.layer) {
      const gz = Bun.gzipSync(change.layer as Uint8Array<ArrayBuffer>, { level: compressible(change.layer) ? 1 : 0 });
      const digest = (await this.images.content.write(gz)).digest;
      layers.push({ mediaType: MediaType.dockerLayerGzip, digest, size: gz.length });
      diffIds.push(computeDigest(change.layer));
    }
    const created = change.history.created ?? new Date().toISOString();
    const { created: _c, author: _a, ...rest } = base;
    const config: ImageConfig = {
      ...rest,
      ...(change.author ? { author: change.author } : base.author ? { author: base.author } : {}),
      created,
      config: change.defaults,
      rootfs: { type: "layers", diff_ids: diffIds },
      history: [...(base.history ?? []), change.layer ? change.history : { ...change.history, empty_layer: true }],
    };
    const image = await this.images.record({ config, layers, platform: parent?.platform ?? formatPlatform(host), references: [], ...(parent ? { parent: parent.id } : {}) });
    return asBuildImage(image);
  }

  tag(imageId: string, reference: string): void {
    this.images.records.tag(canonicalString(withDefaultTag(parseReference(reference))), imageId);
  }
}
