import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MediaType, RegistryClient } from "../../src/image/index.ts";
import { freePort } from "./free-port.ts";

export const registryBin = Bun.which("docker-registry") ?? Bun.which("docker-registry", { PATH: "/usr/bin:/usr/sbin" });

/** Debian's docker-registry on a free loopback port, with its storage in a temp dir. */
export async function startLocalRegistry(): Promise<{ host: string; stop: () => Promise<void>; blobPath: (digest: string) => string }> {
  if (!registryBin) throw new Error("docker-registry is not installed");
  const dir = mkdtempSync("/tmp/bk-reg-");
  mkdirSync(join(dir, "data"));
  for (let tries = 0; ; tries++) {
    const port = await freePort();
    writeFileSync(join(dir, "config.yml"), ["version: 0.1", "log:", "  level: error", "  accesslog:", "    disabled: true", "storage:", "  filesystem:", `    rootdirectory: ${join(dir, "data")}`, "  delete:", "    enabled: true", "http:", `  addr: 127.0.0.1:${port}`].join("\n"));
    const log = join(dir, "log");
    const proc = Bun.spawn([registryBin, "serve", join(dir, "config.yml")], { stdout: Bun.file(log), stderr: Bun.file(log) });
    const stop = async () => {
      proc.kill();
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    };
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && proc.exitCode === null) {
      const r = await fetch(`http://127.0.0.1:${port}/v2/`).catch(() => undefined);
      // Where the registry keeps a blob's bytes (its filesystem driver's layout), for tests that spoil them.
      const blobPath = (digest: string) => join(dir, "data", "docker", "registry", "v2", "blobs", "sha256", digest.slice(7, 9), digest.slice(7), "data");
      if (r?.status === 200) return { host: `127.0.0.1:${port}`, stop, blobPath };
      await Bun.sleep(50);
    }
    proc.kill();
    if (tries >= 2) throw new Error(`docker-registry did not start: ${readFileSync(log, "utf8")}`);
  }
}

const sha = (data: Uint8Array) => `sha256:${new Bun.CryptoHasher("sha256").update(data).digest("hex")}`;

/** Push a directory as a one-layer image (gzip layer made with tar(1)) to `host/name:tag`. */
export async function pushDirectory(host: string, name: string, tag: string, dir: string, cmd = ["sh"], extraTar?: Uint8Array): Promise<string> {
  const tarred = Bun.spawnSync(["tar", "-C", dir, "--numeric-owner", "--owner=0", "--group=0", "--sort=name", "--mtime=@0", "-cf", "-", "."]);
  if (tarred.exitCode !== 0) throw new Error(`tar failed: ${tarred.stderr}`);
  return pushLayers(host, name, tag, [new Uint8Array(tarred.stdout), ...(extraTar ? [extraTar] : [])], cmd);
}

/** Push uncompressed layer tars (bottom first) as an image to `host/name:tag`. */
export async function pushLayers(host: string, name: string, tag: string, tars: Uint8Array[], cmd = ["sh"], architecture = process.arch === "arm64" ? "arm64" : "amd64", opts: { wrongDiffId?: number } = {}): Promise<string> {
  const client = new RegistryClient({ noStoredCredentials: true });
  const repo = { registryHost: host, repository: name };
  const layers = tars.map((t) => ({ tar: t, gz: Bun.gzipSync(t as Uint8Array<ArrayBuffer>) }));
  for (const l of layers) await client.pushBlob(repo, { digest: sha(l.gz), size: l.gz.length }, l.gz);
  const config = new TextEncoder().encode(JSON.stringify({
    architecture, os: "linux", created: "2026-01-01T00:00:00Z",
    config: { Cmd: cmd, Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] },
    rootfs: { type: "layers", diff_ids: layers.map((l, i) => (i === opts.wrongDiffId ? sha(new TextEncoder().encode("not this layer")) : sha(l.tar))) },
    history: layers.map(() => ({ created: "2026-01-01T00:00:00Z", created_by: "test fixture" })),
  }));
  const manifest = new TextEncoder().encode(JSON.stringify({
    schemaVersion: 2, mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, size: config.length, digest: sha(config) },
    layers: layers.map((l) => ({ mediaType: MediaType.dockerLayerGzip, size: l.gz.length, digest: sha(l.gz) })),
  }));
  await client.pushBlob(repo, { digest: sha(config), size: config.length }, config);
  return client.putManifest(repo, tag, manifest, MediaType.dockerManifest);
}

/** Push an OCI index over manifests already in `host/name` to `host/name:tag`. */
export async function pushIndex(host: string, name: string, tag: string, entries: { digest: string; architecture: string }[]): Promise<string> {
  const client = new RegistryClient({ noStoredCredentials: true });
  const repo = { registryHost: host, repository: name };
  const manifests = [];
  for (const e of entries) {
    const got = await client.getManifest(repo, e.digest);
    manifests.push({ mediaType: MediaType.dockerManifest, digest: e.digest, size: got.size, platform: { os: "linux", architecture: e.architecture } });
  }
  const index = new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }));
  return client.putManifest(repo, tag, index, MediaType.ociIndex);
}
