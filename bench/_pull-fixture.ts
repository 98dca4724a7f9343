// Pushes the bench/pull image to a registry: ~100 MB of many small and large files from
// /usr/share, in 4 gzip layers, and prints the layer digests, one per line.
//   bun bench/_pull-fixture.ts HOST:PORT REPO TAG
import { readdirSync, lstatSync } from "node:fs";
import { join } from "node:path";
import { MediaType, RegistryClient } from "../src/image/index.ts";

const [host, repository, tag] = Bun.argv.slice(2);
if (!host || !repository || !tag) throw new Error("usage: bun bench/_pull-fixture.ts HOST:PORT REPO TAG");
const target = 100_000_000;
const files: string[] = [];
let total = 0;
const walk = (dir: string) => {
  for (const name of readdirSync(dir).sort()) {
    if (total >= target) return;
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) walk(p);
    else if (st.isFile()) {
      files.push(p.slice(1));
      total += st.size;
    }
  }
};
walk("/usr/share");
const sha = (d: Uint8Array) => `sha256:${new Bun.CryptoHasher("sha256").update(d).digest("hex")}`;
const client = new RegistryClient({ noStoredCredentials: true, insecureRegistries: [host] });
const repo = { registryHost: host, repository };
const layers: { tar: Uint8Array; gz: Uint8Array }[] = [];
const per = Math.ceil(files.length / 4);
for (let i = 0; i < 4; i++) {
  const list = files.slice(i * per, (i + 1) * per).join("\n");
  const tar = Bun.spawnSync(["tar", "-C", "/", "--numeric-owner", "--owner=0", "--group=0", "--sort=name", "--mtime=@0", "-cf", "-", "-T", "-"], { stdin: new TextEncoder().encode(list) });
  if (tar.exitCode !== 0) throw new Error(tar.stderr.toString());
  const t = new Uint8Array(tar.stdout);
  layers.push({ tar: t, gz: Bun.gzipSync(t as Uint8Array<ArrayBuffer>) });
}
for (const l of layers) await client.pushBlob(repo, { digest: sha(l.gz), size: l.gz.length }, l.gz);
const config = new TextEncoder().encode(JSON.stringify({
  architecture: process.arch === "arm64" ? "arm64" : "amd64", os: "linux", created: "2026-01-01T00:00:00Z",
  config: { Cmd: ["sh"] }, rootfs: { type: "layers", diff_ids: layers.map((l) => sha(l.tar)) },
}));
await client.pushBlob(repo, { digest: sha(config), size: config.length }, config);
const manifest = new TextEncoder().encode(JSON.stringify({
  schemaVersion: 2, mediaType: MediaType.dockerManifest,
  config: { mediaType: MediaType.dockerConfig, size: config.length, digest: sha(config) },
  layers: layers.map((l) => ({ mediaType: MediaType.dockerLayerGzip, size: l.gz.length, digest: sha(l.gz) })),
}));
await client.putManifest(repo, tag, manifest, MediaType.dockerManifest);
console.error(`pushed ${files.length} files, ${(total / 1e6).toFixed(0)} MB (${(layers.reduce((n, l) => n + l.gz.length, 0) / 1e6).toFixed(0)} MB gzipped) in ${layers.length} layers`);
for (const l of layers) console.log(sha(l.gz));
