// The registry client against a real registry (Debian's docker-registry, distribution 2.8) on
// loopback: open, behind htpasswd, and behind token auth with a token server written here; plus
// small fake servers for what a real registry will not do on demand (cut a blob, answer 503,
// redirect to another host, serve wrong bytes).
import { MediaType } from "../../src/image/index.ts";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server as NetServer, type Socket } from "node:net";
import { join } from "node:path";
import tar from "tar-stream";
import {
  decodeRegistryAuth, encodeRegistryAuth, isInsecureRegistry, lookupDockerCredentials, parseAuthChallenges,
  RegistryClient, resolveRegistryEndpoints, TokenCache, type RegistryClientOptions, type RegistryCredentials, type RepositoryRef,
} from "../../src/image/registry/index.ts";
import { InvalidArgument, NotFound, SystemError, Unauthorized, Unavailable } from "../../src/lib/index.ts";
import { freePort } from "../helpers/free-port.ts";

const registryBin = Bun.which("docker-registry");
const opensslBin = Bun.which("openssl");
if (!registryBin) console.log("SKIP registry-client integration tests: docker-registry is not installed (apt-get install -y docker-registry)");
if (registryBin && !opensslBin) console.log("SKIP token-auth registry tests: openssl is not installed (needed to make the token certificate)");

const base = mkdtempSync("/tmp/bk-regtest-");
const cleanups: (() => unknown)[] = [];
const sha = (b: Uint8Array | string) => `sha256:${new Bun.CryptoHasher("sha256").update(b).digest("hex")}`;
const fast: RegistryClientOptions = { backoffMs: 20, timeoutMs: 5000, noStoredCredentials: true };

afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve().then(c).catch((e) => console.error("cleanup:", e));
  rmSync(base, { recursive: true, force: true });
});

interface Registry { port: number; host: string; dir: string }

/** Starts docker-registry on a free loopback port with a temp storage dir; killed in afterAll. */
async function startRegistry(name: string, authYaml = ""): Promise<Registry> {
  const dir = join(base, name);
  mkdirSync(join(dir, "data"), { recursive: true });
  for (let tries = 0; ; tries++) {
    const port = await freePort();
    const config = [
      "version: 0.1",
      "log:", "  level: error", "  accesslog:", "    disabled: true",
      "storage:", "  filesystem:", `    rootdirectory: ${join(dir, "data")}`, "  delete:", "    enabled: true",
      "http:", `  addr: 127.0.0.1:${port}`,
      authYaml,
    ].join("\n");
    writeFileSync(join(dir, "config.yml"), config);
    const logFile = join(dir, "registry.log");
    const proc = Bun.spawn([registryBin!, "serve", join(dir, "config.yml")], { stdout: Bun.file(logFile), stderr: Bun.file(logFile) });
    cleanups.push(async () => {
      proc.kill();
      await proc.exited;
    });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && proc.exitCode === null) {
      const r = await fetch(`http://127.0.0.1:${port}/v2/`).catch(() => undefined);
      if (r && (r.status === 200 || r.status === 401)) return { port, host: `127.0.0.1:${port}`, dir };
      await Bun.sleep(50);
    }
    proc.kill();
    if (tries >= 2) throw new Error(`docker-registry did not start: ${readFileSync(logFile, "utf8")}`);
  }
}

/** A loopback Bun.serve that records requests; stopped in afterAll. */
function fakeServer(handler: (req: Request) => Response | Promise<Response>) {
  const seen: { method: string; url: string; headers: Headers }[] = [];
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => { seen.push({ method: req.method, url: req.url, headers: new Headers(req.headers) }); return handler(req); } });
  cleanups.push(() => server.stop(true));
  return { url: `http://127.0.0.1:${server.port}`, host: `127.0.0.1:${server.port}`, seen };
}

async function makeTar(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mode: 0o644, mtime: new Date(0) }, Buffer.from(content));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** A one-layer schema 2 image made here: the layer is a gzipped tar with some random bytes, so ranges mean something. */
async function makeImage() {
  const layerTar = await makeTar({ "hello.txt": "hello from bunker\n", "etc/os-release": "ID=bunker\n", "data.bin": crypto.getRandomValues(new Uint8Array(200_000)) });
  const layer = Bun.gzipSync(layerTar as Uint8Array<ArrayBuffer>);
  const config = new TextEncoder().encode(JSON.stringify({
    architecture: "amd64", os: "linux", config: { Cmd: ["/bin/sh"] },
    rootfs: { type: "layers", diff_ids: [sha(layerTar)] },
  }));
  const manifest = new TextEncoder().encode(JSON.stringify({
    schemaVersion: 2, mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, size: config.length, digest: sha(config) },
    layers: [{ mediaType: MediaType.dockerLayerGzip, size: layer.length, digest: sha(layer) }],
  }));
  return { layer, config, manifest, layerDigest: sha(layer), configDigest: sha(config), manifestDigest: sha(manifest) };
}
type Image = Awaited<ReturnType<typeof makeImage>>;

async function pushImage(client: RegistryClient, repo: RepositoryRef, img: Image, tag: string, credentials?: RegistryCredentials) {
  await client.pushBlob(repo, { digest: img.layerDigest, size: img.layer.length }, img.layer, { credentials });
  await client.pushBlob(repo, { digest: img.configDigest, size: img.config.length }, img.config, { credentials });
  return client.putManifest(repo, tag, img.manifest, MediaType.dockerManifest, { credentials });
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

/** A raw TCP server that answers each request on its own connection with what `answer` writes. */
function rawServer(answer: (sock: Socket, head: { method: string; path: string; headers: Record<string, string> }) => void) {
  const sockets = new Set<Socket>();
  const server: NetServer = createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    sock.on("error", () => {});
    let buf = "";
    sock.on("data", (d) => {
      buf += d.toString("latin1");
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [line, ...rest] = buf.slice(0, end).split("\r\n");
      const [method, path] = line!.split(" ");
      const headers: Record<string, string> = {};
      for (const h of rest) headers[h.slice(0, h.indexOf(":")).toLowerCase()] = h.slice(h.indexOf(":") + 1).trim();
      buf = "";
      answer(sock, { method: method!, path: path!, headers });
    });
  });
  const ready = new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
  cleanups.push(() => { for (const s of sockets) s.destroy(); server.close(); });
  return ready;
}

describe.skipIf(!registryBin)("registry client, open registry", () => {
  let reg: Registry;
  let img: Image;
  const client = new RegistryClient(fast);
  const repo = (): RepositoryRef => ({ registryHost: reg.host, repository: "me/bb" });

  beforeAll(async () => {
    [reg, img] = await Promise.all([startRegistry("open"), makeImage()]);
  });

  test("ping over plain http (loopback is insecure by default)", async () => {
    expect(await client.ping(reg.host)).toEqual({ url: `http://${reg.host}`, authSchemes: [] });
  });

  test("push an image built here, then pull it back and verify it", async () => {
    expect(await pushImage(client, repo(), img, "v1")).toBe(img.manifestDigest);
    const m = await client.getManifest(repo(), "v1");
    expect(m.mediaType).toBe(MediaType.dockerManifest);
    expect(m.digest).toBe(img.manifestDigest);
    expect(Buffer.from(m.bytes).equals(Buffer.from(img.manifest))).toBe(true);
    expect(await client.headManifest(repo(), "v1")).toEqual({ mediaType: MediaType.dockerManifest, digest: img.manifestDigest, size: img.manifest.length });
    expect((await client.getManifest(repo(), img.manifestDigest)).digest).toBe(img.manifestDigest);
    expect(await client.getBlob(repo(), { digest: img.configDigest, size: img.config.length })).toEqual(img.config);
    expect(await client.headBlob(repo(), img.layerDigest)).toEqual({ digest: img.layerDigest, size: img.layer.length });
    const progress: number[] = [];
    const stream = await client.blobStream(repo(), { digest: img.layerDigest, size: img.layer.length }, { onProgress: (n, total) => { progress.push(n); expect(total).toBe(img.layer.length); } });
    const got = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(sha(got)).toBe(img.layerDigest);
    expect(progress.at(-1)).toBe(img.layer.length);
    // The layer really is the tar made above.
    const entries: string[] = [];
    const extract = tar.extract();
    extract.on("entry", (h, s, next) => { entries.push(h.name); s.resume(); s.on("end", next); });
    await new Promise<void>((resolve, reject) => { extract.on("finish", () => resolve()); extract.on("error", reject); extract.end(Buffer.from(Bun.gunzipSync(got))); });
    expect(entries).toEqual(["hello.txt", "etc/os-release", "data.bin"]);
  });

  test("a blob the registry has is skipped; another repository mounts it", async () => {
    const desc = { digest: img.layerDigest, size: img.layer.length };
    expect((await client.pushBlob(repo(), desc, img.layer)).how).toBe("exists");
    const other = { registryHost: reg.host, repository: "other/copy" };
    expect((await client.pushBlob(other, desc, img.layer, { mountFrom: "me/bb" })).how).toBe("mounted");
    expect((await client.headBlob(other, img.layerDigest)).size).toBe(img.layer.length);
  });

  test("tags are listed across pages", async () => {
    await client.putManifest(repo(), "v2", img.manifest, MediaType.dockerManifest);
    await client.putManifest(repo(), "v3", img.manifest, MediaType.dockerManifest);
    expect((await client.listTags(repo(), { pageSize: 1 })).sort()).toEqual(["v1", "v2", "v3"]);
  });

  test("resume: with the first bytes given, only the rest is fetched (Range)", async () => {
    const have = new Blob([img.layer.subarray(0, 70_000)]);
    const stream = await client.blobStream(repo(), { digest: img.layerDigest, size: img.layer.length }, { have });
    const rest = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(rest.length).toBe(img.layer.length - 70_000);
    expect(sha(Buffer.concat([img.layer.subarray(0, 70_000), rest]))).toBe(img.layerDigest);
    const wrongHave = new Blob([new Uint8Array(70_000)]);
    const bad = await client.blobStream(repo(), { digest: img.layerDigest, size: img.layer.length }, { have: wrongHave });
    const err = await errorOf(new Response(bad).arrayBuffer());
    expect(err).toBeInstanceOf(SystemError);
    expect(err.message).toMatch(new RegExp(`^digest mismatch for ${img.layerDigest}: got sha256:[0-9a-f]{64}$`));
  });

  test("unknown manifest, repository and blob are NotFound in Docker's words", async () => {
    const e1 = await errorOf(client.getManifest(repo(), "nope"));
    expect(e1).toBeInstanceOf(NotFound);
    expect(e1.message).toBe(`manifest for ${reg.host}/me/bb:nope not found: manifest unknown: manifest unknown`);
    const e2 = await errorOf(client.getManifest({ registryHost: reg.host, repository: "no/such" }, "latest"));
    expect(e2).toBeInstanceOf(NotFound);
    expect(e2.message).toContain(`${reg.host}/no/such`);
    const e3 = await errorOf(client.headBlob(repo(), sha("absent")));
    expect(e3).toBeInstanceOf(NotFound);
    expect(await errorOf(client.getManifest(repo(), "bad tag!"))).toBeInstanceOf(InvalidArgument);
  });

  test("a manifest fetched by digest that does not match fails", async () => {
    // Served by a fake registry that answers any manifest with the same bytes.
    const fake = fakeServer(() => new Response(img.manifest, { headers: { "Content-Type": MediaType.dockerManifest } }));
    const wanted = sha("something else");
    const err = await errorOf(new RegistryClient(fast).getManifest({ registryHost: fake.host, repository: "x/y" }, wanted));
    expect(err.message).toBe(`digest mismatch for ${wanted}: got ${img.manifestDigest}`);
  });

  test("docker.io mirror: served by the mirror first, upstream untouched", async () => {
    const upstream = fakeServer(() => new Response("no", { status: 500 }));
    const c = new RegistryClient({ ...fast, registryMirrors: [`http://${reg.host}`], dockerHubUrl: upstream.url });
    const hub = { registryHost: "docker.io", repository: "me/bb" };
    expect((await c.getManifest(hub, "v1")).digest).toBe(img.manifestDigest);
    expect(sha(await c.getBlob(hub, { digest: img.layerDigest, size: img.layer.length }))).toBe(img.layerDigest);
    expect(upstream.seen.length).toBe(0);
  });

  test("docker.io mirror: falls back to the registry on 404 and on errors", async () => {
    const empty = fakeServer(() => Response.json({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }, { status: 404 }));
    const broken = fakeServer(() => new Response("down", { status: 503 }));
    const hub = { registryHost: "docker.io", repository: "me/bb" };
    for (const mirror of [empty, broken]) {
      const c = new RegistryClient({ ...fast, registryMirrors: [mirror.url], dockerHubUrl: `http://${reg.host}` });
      expect((await c.getManifest(hub, "v1")).digest).toBe(img.manifestDigest);
      expect(mirror.seen.length).toBeGreaterThan(0);
    }
    // Pushes never go to a mirror.
    const c = new RegistryClient({ ...fast, registryMirrors: [broken.url], dockerHubUrl: `http://${reg.host}` });
    const before = broken.seen.length;
    await c.putManifest(hub, "v9", img.manifest, MediaType.dockerManifest);
    expect(broken.seen.length).toBe(before);
  });

  test("an unreachable registry is Unavailable with its address", async () => {
    const port = await freePort();
    const err = await errorOf(new RegistryClient({ ...fast, attempts: 2 }).ping(`127.0.0.1:${port}`));
    expect(err).toBeInstanceOf(Unavailable);
    expect(err.message).toBe(`Get "http://127.0.0.1:${port}/v2/": dial tcp 127.0.0.1:${port}: connect: connection refused`);
  });
});

describe("registry client against fake servers", () => {
  test("retries 503 with backoff, then succeeds; gives up after 3 tries", async () => {
    const body = new TextEncoder().encode('{"schemaVersion":2}');
    let n = 0;
    const flaky = fakeServer(() => (++n <= 2 ? new Response("busy", { status: 503 }) : new Response(body, { headers: { "Content-Type": MediaType.ociManifest } })));
    const m = await new RegistryClient(fast).getManifest({ registryHost: flaky.host, repository: "a/b" }, "latest");
    expect(m.mediaType).toBe(MediaType.ociManifest);
    expect(flaky.seen.length).toBe(3);
    const down = fakeServer(() => new Response("busy", { status: 503, statusText: "Service Unavailable" }));
    const err = await errorOf(new RegistryClient(fast).getManifest({ registryHost: down.host, repository: "a/b" }, "latest"));
    expect(err).toBeInstanceOf(Unavailable);
    expect(err.message).toContain("503 Service Unavailable");
    expect(down.seen.length).toBe(3);
  });

  test("a blob cut mid-stream is resumed with Range, and verified", async () => {
    const blob = crypto.getRandomValues(new Uint8Array(100_000));
    const ranges: (string | undefined)[] = [];
    const port = await rawServer((sock, head) => {
      ranges.push(head.headers.range);
      const from = head.headers.range ? Number(/bytes=(\d+)-/.exec(head.headers.range)![1]) : 0;
      if (from === 0) {
        sock.write(`HTTP/1.1 200 OK\r\nContent-Length: ${blob.length}\r\nConnection: close\r\n\r\n`);
        sock.write(blob.subarray(0, 40_000), () => setTimeout(() => sock.destroy(), 20));
      } else {
        sock.end(Buffer.concat([Buffer.from(`HTTP/1.1 206 Partial Content\r\nContent-Length: ${blob.length - from}\r\nContent-Range: bytes ${from}-${blob.length - 1}/${blob.length}\r\nConnection: close\r\n\r\n`), blob.subarray(from)]));
      }
    });
    const got = await new RegistryClient(fast).getBlob({ registryHost: `127.0.0.1:${port}`, repository: "a/b" }, { digest: sha(blob), size: blob.length });
    expect(sha(got)).toBe(sha(blob));
    expect(ranges[0]).toBeUndefined();
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(ranges[1]!)![0])).toBeGreaterThan(0);
  });

  test("a stalled blob is resumed after the timeout", async () => {
    const blob = crypto.getRandomValues(new Uint8Array(50_000));
    let first = true;
    const port = await rawServer((sock, head) => {
      if (first) {
        first = false;
        sock.write(`HTTP/1.1 200 OK\r\nContent-Length: ${blob.length}\r\n\r\n`);
        sock.write(blob.subarray(0, 10_000)); // then silence
        return;
      }
      const from = Number(/bytes=(\d+)-/.exec(head.headers.range ?? "bytes=0-")![1]);
      sock.end(Buffer.concat([Buffer.from(`HTTP/1.1 206 Partial Content\r\nContent-Length: ${blob.length - from}\r\nContent-Range: bytes ${from}-${blob.length - 1}/${blob.length}\r\nConnection: close\r\n\r\n`), blob.subarray(from)]));
    });
    const c = new RegistryClient({ ...fast, timeoutMs: 300 });
    expect(sha(await c.getBlob({ registryHost: `127.0.0.1:${port}`, repository: "a/b" }, { digest: sha(blob), size: blob.length }))).toBe(sha(blob));
  });

  test("blob redirects are followed without the registry's Authorization header", async () => {
    const blob = new TextEncoder().encode("blob behind a redirect");
    const cdn = fakeServer(() => new Response(blob));
    const registry = fakeServer((req) => {
      if (req.headers.get("authorization") !== `Basic ${btoa("u:p")}`) {
        return new Response("", { status: 401, headers: { "WWW-Authenticate": 'Basic realm="fake"' } });
      }
      return new Response(null, { status: 307, headers: { Location: `${cdn.url}/store/object?sig=1` } });
    });
    const got = await new RegistryClient(fast).getBlob({ registryHost: registry.host, repository: "a/b" }, { digest: sha(blob) }, { credentials: { username: "u", password: "p" } });
    expect(new TextDecoder().decode(got)).toBe("blob behind a redirect");
    expect(cdn.seen.length).toBe(1);
    expect(cdn.seen[0]!.headers.get("authorization")).toBeNull();
    expect(new URL(cdn.seen[0]!.url).pathname).toBe("/store/object");
  });

  test("wrong blob bytes fail the stream with a digest mismatch", async () => {
    const bogus = fakeServer(() => new Response("not what was asked for"));
    const wanted = sha("the real content");
    const err = await errorOf(new RegistryClient(fast).getBlob({ registryHost: bogus.host, repository: "a/b" }, { digest: wanted }));
    expect(err).toBeInstanceOf(SystemError);
    expect(err.message).toBe(`digest mismatch for ${wanted}: got ${sha("not what was asked for")}`);
  });

  test("a registry that never answers times out as Unavailable", async () => {
    const port = await rawServer(() => {});
    const err = await errorOf(new RegistryClient({ ...fast, timeoutMs: 200, attempts: 1 }).ping(`127.0.0.1:${port}`));
    expect(err).toBeInstanceOf(Unavailable);
    expect(err.message).toContain(`"http://127.0.0.1:${port}/v2/": timeout`);
  });
});

describe.skipIf(!registryBin)("registry client, htpasswd registry", () => {
  let reg: Registry;
  let img: Image;
  const good = { username: "alice", password: "s3cret" };
  const repo = (): RepositoryRef => ({ registryHost: reg.host, repository: "team/app" });

  beforeAll(async () => {
    const file = join(base, "htpasswd.txt");
    writeFileSync(file, `alice:${await Bun.password.hash("s3cret", { algorithm: "bcrypt", cost: 4 })}\n`);
    [reg, img] = await Promise.all([startRegistry("htpasswd", `auth:\n  htpasswd:\n    realm: bunker-test\n    path: ${file}`), makeImage()]);
  });

  test("ping reports Basic; push and pull with a password", async () => {
    const client = new RegistryClient(fast);
    expect((await client.ping(reg.host)).authSchemes).toEqual(["basic"]);
    await pushImage(client, repo(), img, "v1", good);
    expect((await client.getManifest(repo(), "v1", { credentials: good })).digest).toBe(img.manifestDigest);
    await client.login(reg.host, good);
  });

  test("no credentials, wrong password: Unauthorized in Docker's words", async () => {
    const e1 = await errorOf(new RegistryClient(fast).getManifest(repo(), "v1"));
    expect(e1).toBeInstanceOf(Unauthorized);
    expect(e1.message).toBe("unauthorized: authentication required");
    const bad = { username: "alice", password: "wrong" };
    const e2 = await errorOf(new RegistryClient(fast).getManifest(repo(), "v1", { credentials: bad }));
    expect(e2).toBeInstanceOf(Unauthorized);
    expect(e2.message).toBe("unauthorized: incorrect username or password");
    const e3 = await errorOf(new RegistryClient(fast).login(reg.host, bad));
    expect(e3.message).toBe("unauthorized: incorrect username or password");
  });

  test("credentials from docker's config.json: auths, credHelpers, credsStore", async () => {
    const dir = join(base, "docker-config");
    mkdirSync(join(dir, "bin"), { recursive: true });
    const helper = join(dir, "bin", "docker-credential-bktest");
    writeFileSync(helper, `#!/bin/sh\nserver=$(cat)\nif [ "$1" = get ] && [ "$server" = "${reg.host}" ]; then printf '{"ServerURL":"%s","Username":"alice","Secret":"s3cret"}' "$server"; else echo "credentials not found in native keychain"; exit 1; fi\n`);
    chmodSync(helper, 0o755);
    const configs = {
      auths: { auths: { [`http://${reg.host}`]: { auth: btoa("alice:s3cret") } } },
      credHelpers: { credHelpers: { [reg.host]: "bktest" } },
      credsStore: { credsStore: "bktest", auths: {} },
    };
    for (const [kind, config] of Object.entries(configs)) {
      const configPath = join(dir, `${kind}.json`);
      writeFileSync(configPath, JSON.stringify(config));
      const client = new RegistryClient({ ...fast, noStoredCredentials: false, dockerConfigPath: configPath, credentialHelperPath: join(dir, "bin") });
      expect((await client.getManifest(repo(), "v1")).digest).toBe(img.manifestDigest);
    }
    // docker.io's key, and a helper that knows nothing.
    const hubPath = join(dir, "hub.json");
    writeFileSync(hubPath, JSON.stringify({ auths: { "https://index.docker.io/v1/": { auth: btoa("bob:pw") } } }));
    expect(await lookupDockerCredentials("docker.io", { configPath: hubPath })).toMatchObject({ username: "bob", password: "pw" });
    expect(await lookupDockerCredentials("elsewhere.example", { configPath: hubPath })).toBeUndefined();
    expect(await lookupDockerCredentials("elsewhere.example", { configPath: join(dir, "credsStore.json"), helperPath: join(dir, "bin") })).toBeUndefined();
    expect(await lookupDockerCredentials(reg.host, { configPath: join(dir, "absent.json") })).toBeUndefined();
  });
});

/** PEM → DER bytes. */
const pemBody = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
const b64url = (b: Uint8Array | string) => Buffer.from(b).toString("base64url");

describe.skipIf(!registryBin || !opensslBin)("registry client, token-auth registry with a token server", () => {
  let reg: Registry;
  let img: Image;
  const tokenRequests: { method: string; scopes: string[]; account?: string }[] = [];
  const alice = { username: "alice", password: "s3cret" };
  const repo = (name = "team/app"): RepositoryRef => ({ registryHost: reg.host, repository: name });

  beforeAll(async () => {
    const dir = join(base, "token");
    mkdirSync(dir, { recursive: true });
    const made = Bun.spawnSync([opensslBin!, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "2", "-subj", "/CN=bunker test token issuer"], { stderr: "pipe" });
    if (made.exitCode !== 0) throw new Error(`openssl: ${made.stderr.toString()}`);
    const certPem = readFileSync(join(dir, "cert.pem"), "utf8");
    const key = await crypto.subtle.importKey("pkcs8", pemBody(readFileSync(join(dir, "key.pem"), "utf8")), { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
    const sign = async (claims: object) => {
      const input = `${b64url(JSON.stringify({ typ: "JWT", alg: "ES256", x5c: [pemBody(certPem).toString("base64")] }))}.${b64url(JSON.stringify(claims))}`;
      const sig = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, new TextEncoder().encode(input)));
      return `${input}.${b64url(sig)}`;
    };
    const tokenServer = fakeServer(async (req) => {
      const url = new URL(req.url);
      let account: string | undefined;
      let scopes: string[];
      if (req.method === "POST") {
        const form = new URLSearchParams(await req.text());
        if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== "refresh-for-alice") return Response.json({ details: "invalid refresh token" }, { status: 401 });
        account = "alice";
        scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
      } else {
        scopes = url.searchParams.getAll("scope");
        const auth = req.headers.get("authorization");
        if (auth) {
          const [user, pass] = atob(auth.replace(/^Basic /, "")).split(":");
          if (user !== "alice" || pass !== "s3cret") return Response.json({ details: "incorrect username or password" }, { status: 401 });
          account = user;
        }
      }
      tokenRequests.push({ method: req.method, scopes, account });
      // alice may do anything; anonymous users may only pull, and nothing under private/.
      const access = scopes.map((s) => s.split(":")).filter((p) => p[0] === "repository").map(([type, name, actions]) => ({
        type, name, actions: (actions ?? "").split(",").filter((a) => account === "alice" || (a === "pull" && !name!.startsWith("private/"))),
      }));
      const now = Math.floor(Date.now() / 1000);
      const token = await sign({ iss: "bunker-test-issuer", sub: account ?? "", aud: "bunker-test", exp: now + 300, nbf: now - 10, iat: now, jti: crypto.randomUUID(), access });
      return Response.json({ token, expires_in: 300, issued_at: new Date().toISOString() });
    });
    const authYaml = `auth:\n  token:\n    realm: ${tokenServer.url}/token\n    service: bunker-test\n    issuer: bunker-test-issuer\n    rootcertbundle: ${join(dir, "cert.pem")}`;
    [reg, img] = await Promise.all([startRegistry("token", authYaml), makeImage()]);
  });

  test("Bearer flow: push with a password, pull anonymously; tokens cached per scope", async () => {
    const client = new RegistryClient(fast);
    expect((await client.ping(reg.host)).authSchemes).toEqual(["bearer"]);
    expect(await pushImage(client, repo(), img, "v1", alice)).toBe(img.manifestDigest);
    expect(tokenRequests.some((t) => t.account === "alice" && t.scopes.includes("repository:team/app:pull,push"))).toBe(true);
    const anon = new RegistryClient(fast);
    const before = tokenRequests.length;
    expect((await anon.getManifest(repo(), "v1")).digest).toBe(img.manifestDigest);
    await anon.headManifest(repo(), "v1");
    expect(sha(await anon.getBlob(repo(), { digest: img.layerDigest, size: img.layer.length }))).toBe(img.layerDigest);
    const pulls = tokenRequests.slice(before);
    expect(pulls.length).toBe(1);
    expect(pulls[0]).toEqual({ method: "GET", scopes: ["repository:team/app:pull"], account: undefined });
  });

  test("an identity token gets its token through the refresh grant (POST)", async () => {
    const client = new RegistryClient(fast);
    const before = tokenRequests.length;
    expect((await client.getManifest(repo(), "v1", { credentials: { identityToken: "refresh-for-alice" } })).digest).toBe(img.manifestDigest);
    expect(tokenRequests.slice(before).map((t) => [t.method, t.account])).toEqual([["POST", "alice"]]);
  });

  test("wrong password, a private repository, an anonymous push: Docker's messages", async () => {
    const e1 = await errorOf(new RegistryClient(fast).getManifest(repo(), "v1", { credentials: { username: "alice", password: "nope" } }));
    expect(e1).toBeInstanceOf(Unauthorized);
    expect(e1.message).toBe("unauthorized: incorrect username or password");
    const e2 = await errorOf(new RegistryClient(fast).getManifest(repo("private/app"), "latest"));
    expect(e2).toBeInstanceOf(NotFound);
    expect(e2.message).toBe(`pull access denied for ${reg.host}/private/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`);
    const e3 = await errorOf(new RegistryClient(fast).putManifest(repo(), "v2", img.manifest, MediaType.dockerManifest));
    expect(e3).toBeInstanceOf(Unauthorized);
    expect(e3.message).toBe("unauthorized: authentication required");
    await new RegistryClient(fast).login(reg.host, alice);
    expect((await errorOf(new RegistryClient(fast).login(reg.host, { username: "alice", password: "x" }))).message).toBe("unauthorized: incorrect username or password");
  });

  test("a cross-repository mount asks for pull on the source too", async () => {
    const client = new RegistryClient(fast);
    const r = await client.pushBlob(repo("team/copy"), { digest: img.layerDigest, size: img.layer.length }, img.layer, { mountFrom: "team/app", credentials: alice });
    expect(r.how).toBe("mounted");
    expect(tokenRequests.at(-1)!.scopes.sort()).toEqual(["repository:team/app:pull", "repository:team/copy:pull,push"]);
  });
});

describe("registry client pieces without a registry", () => {
  test("X-Registry-Auth: empty, e30=, base64url JSON, auth field, garbage", () => {
    expect(decodeRegistryAuth(undefined)).toBeUndefined();
    expect(decodeRegistryAuth("")).toBeUndefined();
    expect(decodeRegistryAuth("e30=")).toBeUndefined();
    expect(decodeRegistryAuth("e30")).toBeUndefined();
    const creds = { username: "ü?>user", password: "p>?~w", serverAddress: "reg.example:5000" };
    const header = encodeRegistryAuth(creds);
    expect(header).not.toMatch(/[+/=]/);
    expect(decodeRegistryAuth(header)).toEqual(creds);
    expect(decodeRegistryAuth(btoa(JSON.stringify({ auth: btoa("bob:pw") })))).toEqual({ username: "bob", password: "pw" });
    expect(decodeRegistryAuth(btoa(JSON.stringify({ identitytoken: "tok" })))).toEqual({ identityToken: "tok" });
    expect(() => decodeRegistryAuth("!!!not json")).toThrow(InvalidArgument);
  });

  test("WWW-Authenticate challenges", () => {
    expect(parseAuthChallenges('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push",error="insufficient_scope"')).toEqual([
      { scheme: "bearer", params: { realm: "https://auth.example/token", service: "registry.example", scope: "repository:a/b:pull,push", error: "insufficient_scope" } },
    ]);
    expect(parseAuthChallenges('Basic realm="x y", Bearer realm=r')).toEqual([
      { scheme: "basic", params: { realm: "x y" } },
      { scheme: "bearer", params: { realm: "r" } },
    ]);
    expect(parseAuthChallenges(null)).toEqual([]);
  });

  test("token cache keeps a token until shortly before it expires", () => {
    let now = 1_000_000;
    const cache = new TokenCache(() => now);
    const key = TokenCache.key({ realm: "r", service: "s", scopes: ["b", "a"], identity: "anonymous" });
    expect(key).toBe(TokenCache.key({ realm: "r", service: "s", scopes: ["a", "b"], identity: "anonymous" }));
    cache.set(key, "tok", 60);
    now += 45_000;
    expect(cache.get(key)).toBe("tok");
    now += 10_000;
    expect(cache.get(key)).toBeUndefined();
  });

  test("insecure registries: loopback always, listed hosts and CIDRs, https otherwise", () => {
    expect(isInsecureRegistry("127.0.0.1:5000")).toBe(true);
    expect(isInsecureRegistry("127.4.5.6")).toBe(true);
    expect(isInsecureRegistry("localhost:5000")).toBe(true);
    expect(isInsecureRegistry("[::1]:5000")).toBe(true);
    expect(isInsecureRegistry("registry.example:5000")).toBe(false);
    expect(isInsecureRegistry("registry.example:5000", ["registry.example:5000"])).toBe(true);
    expect(isInsecureRegistry("10.1.2.3:5000", ["10.0.0.0/8"])).toBe(true);
    expect(isInsecureRegistry("11.1.2.3:5000", ["10.0.0.0/8"])).toBe(false);
    expect(resolveRegistryEndpoints("registry.example:5000", {}).map((e) => e.baseUrl)).toEqual(["https://registry.example:5000"]);
    expect(resolveRegistryEndpoints("registry.example:5000", { insecureRegistries: ["registry.example:5000"] })[0]!.baseUrl).toBe("http://registry.example:5000");
    expect(resolveRegistryEndpoints("docker.io", { registryMirrors: ["https://mirror.example"] }).map((e) => e.baseUrl)).toEqual(["https://mirror.example", "https://registry-1.docker.io"]);
    expect(resolveRegistryEndpoints("docker.io", { registryMirrors: ["https://mirror.example"], forPush: true }).map((e) => e.baseUrl)).toEqual(["https://registry-1.docker.io"]);
    expect(resolveRegistryEndpoints("quay.io", { registryMirrors: ["https://mirror.example"] }).map((e) => e.baseUrl)).toEqual(["https://quay.io"]);
  });
});
