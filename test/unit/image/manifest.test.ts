import { describe, expect, test } from "bun:test";
import { InvalidArgument } from "../../../src/lib/index.ts";
import { MediaType, SCHEMA1_MESSAGE, classify, imageConfigPlatform, layerKind, manifestAccept, parseImageConfig } from "../../../src/image/index.ts";

const d = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

const dockerManifest = {
  schemaVersion: 2,
  mediaType: "application/vnd.docker.distribution.manifest.v2+json",
  config: { mediaType: "application/vnd.docker.container.image.v1+json", size: 1457, digest: d(1) },
  layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: 2152262, digest: d(2) }],
};

const ociManifest = {
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: d(3), size: 581 },
  layers: [
    { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: d(4), size: 3623807 },
    { mediaType: "application/vnd.oci.image.layer.v1.tar+zstd", digest: d(5), size: 1024, annotations: { "org.opencontainers.image.title": "x" } },
  ],
  annotations: { "org.opencontainers.image.created": "2024-01-01T00:00:00Z" },
};

const dockerList = {
  schemaVersion: 2,
  mediaType: "application/vnd.docker.distribution.manifest.list.v2+json",
  manifests: [
    { mediaType: "application/vnd.docker.distribution.manifest.v2+json", size: 528, digest: d(6), platform: { architecture: "amd64", os: "linux" } },
    { mediaType: "application/vnd.docker.distribution.manifest.v2+json", size: 528, digest: d(7), platform: { architecture: "arm", os: "linux", variant: "v7" } },
  ],
};

/** A Docker-built image config, with the nulls Docker writes. */
const busyboxConfig = {
  architecture: "amd64",
  config: {
    Hostname: "",
    Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    Cmd: ["sh"],
    Image: d(9),
    Volumes: null,
    WorkingDir: "",
    Entrypoint: null,
    OnBuild: null,
    Labels: null,
  },
  created: "2023-07-18T23:19:33.655005962Z",
  docker_version: "20.10.23",
  history: [
    { created: "2023-07-18T23:19:33.538571854Z", created_by: '/bin/sh -c #(nop) ADD file:7e9002edaafd4e4579b65c8f0aaabde1aeb7fd3f8d95579f7fd3443cef785fd1 in / ' },
    { created: "2023-07-18T23:19:33.655005962Z", created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true },
  ],
  os: "linux",
  rootfs: { type: "layers", diff_ids: [d(10)] },
};

describe("classify", () => {
  test("a Docker schema 2 manifest", () => {
    const c = classify("application/vnd.docker.distribution.manifest.v2+json", JSON.stringify(dockerManifest));
    expect(c.kind).toBe("manifest");
    if (c.kind !== "manifest") return;
    expect(c.mediaType).toBe(MediaType.dockerManifest);
    expect(c.manifest.config.digest).toBe(d(1));
    expect(c.manifest.layers.map((l) => l.size)).toEqual([2152262]);
  });

  test("an OCI manifest from bytes, header with parameters", () => {
    const c = classify("application/vnd.oci.image.manifest.v1+json; charset=utf-8", new TextEncoder().encode(JSON.stringify(ociManifest)));
    expect(c.kind).toBe("manifest");
    if (c.kind !== "manifest") return;
    expect(c.mediaType).toBe(MediaType.ociManifest);
    expect(c.manifest.layers[1]?.annotations).toEqual({ "org.opencontainers.image.title": "x" });
    expect(c.manifest.annotations).toEqual({ "org.opencontainers.image.created": "2024-01-01T00:00:00Z" });
  });

  test("a manifest list", () => {
    const c = classify("application/vnd.docker.distribution.manifest.list.v2+json", JSON.stringify(dockerList));
    expect(c.kind).toBe("index");
    if (c.kind !== "index") return;
    expect(c.mediaType).toBe(MediaType.dockerManifestList);
    expect(c.index.manifests.map((m) => m.platform?.variant)).toEqual([undefined, "v7"]);
  });

  test("the body's mediaType decides when the header is generic or missing", () => {
    expect(classify("application/json", JSON.stringify(dockerList)).kind).toBe("index");
    expect(classify(undefined, JSON.stringify(dockerManifest)).mediaType).toBe(MediaType.dockerManifest);
    expect(classify("", JSON.stringify(ociManifest)).mediaType).toBe(MediaType.ociManifest);
  });

  test("the header decides when the body has no mediaType", () => {
    const { mediaType: _, ...bare } = ociManifest;
    expect(classify("application/vnd.oci.image.manifest.v1+json", JSON.stringify(bare)).mediaType).toBe(MediaType.ociManifest);
    const { mediaType: __, ...bareList } = dockerList;
    const c = classify("application/vnd.oci.image.index.v1+json", JSON.stringify(bareList));
    expect(c.kind).toBe("index");
    expect(c.mediaType).toBe(MediaType.ociIndex);
  });

  test("neither says: the shape decides (OCI allows mediaType to be absent)", () => {
    const { mediaType: _, ...bare } = ociManifest;
    expect(classify("text/plain", JSON.stringify(bare))).toMatchObject({ kind: "manifest", mediaType: MediaType.ociManifest });
    const { mediaType: __, ...bareList } = dockerList;
    expect(classify(null, JSON.stringify(bareList))).toMatchObject({ kind: "index", mediaType: MediaType.ociIndex });
  });

  test("schema 1 is refused, by header or by body", () => {
    const schema1 = {
      schemaVersion: 1,
      name: "library/old",
      tag: "latest",
      architecture: "amd64",
      fsLayers: [{ blobSum: d(1) }],
      history: [{ v1Compatibility: "{}" }],
      signatures: [{ header: { alg: "ES256" }, signature: "x", protected: "y" }],
    };
    for (const header of ["application/vnd.docker.distribution.manifest.v1+prettyjws", "application/vnd.docker.distribution.manifest.v1+json", "application/json", undefined]) {
      const err = errorOf(() => classify(header, JSON.stringify(schema1)));
      expect(err).toBeInstanceOf(InvalidArgument);
      expect(err.message).toBe(SCHEMA1_MESSAGE);
    }
    // the header alone is enough, whatever the body
    expect(errorOf(() => classify("application/vnd.docker.distribution.manifest.v1+prettyjws", "not json")).message).toBe(SCHEMA1_MESSAGE);
    expect(errorOf(() => classify(undefined, JSON.stringify({ mediaType: "application/vnd.docker.distribution.manifest.v1+json" }))).message).toBe(SCHEMA1_MESSAGE);
    expect(SCHEMA1_MESSAGE).toBe(
      "unsupported manifest format: Docker Image Manifest Version 2, Schema 1 is deprecated and not supported; re-push the image with a current Docker",
    );
  });

  test("a header and body that disagree are refused", () => {
    expect(errorOf(() => classify("application/vnd.oci.image.index.v1+json", JSON.stringify(ociManifest))).message).toBe(
      "mediaType in manifest should be 'application/vnd.oci.image.index.v1+json' not 'application/vnd.oci.image.manifest.v1+json'",
    );
  });

  test("artifacts that are not images are refused as Docker does", () => {
    const helm = { ...ociManifest, config: { mediaType: "application/vnd.cncf.helm.config.v1+json", digest: d(3), size: 10 } };
    expect(errorOf(() => classify(MediaType.ociManifest, JSON.stringify(helm))).message).toBe('Encountered remote "application/vnd.cncf.helm.config.v1+json"(unknown) when fetching');
    const plugin = { ...dockerManifest, config: { mediaType: "application/vnd.docker.plugin.v1+json", digest: d(3), size: 10 } };
    expect(errorOf(() => classify(MediaType.dockerManifest, JSON.stringify(plugin))).message).toBe('Encountered remote "application/vnd.docker.plugin.v1+json"(plugin) when fetching');
    expect(errorOf(() => classify("application/vnd.oci.artifact.manifest.v1+json", JSON.stringify({ mediaType: "application/vnd.oci.artifact.manifest.v1+json", blobs: [] }))).message).toBe(
      'unsupported manifest format: media type "application/vnd.oci.artifact.manifest.v1+json"',
    );
  });

  test("malformed bodies get clear InvalidArgument messages", () => {
    const cases: [string, string][] = [
      ["{", "invalid manifest: "],
      ["[]", "invalid manifest: expected a JSON object"],
      ["null", "invalid manifest: expected a JSON object"],
      [JSON.stringify({ ...dockerManifest, layers: [{ ...dockerManifest.layers[0], digest: "sha256:xyz" }] }), 'invalid manifest: "layers.0.digest": invalid digest'],
      [JSON.stringify({ ...dockerManifest, layers: [{ ...dockerManifest.layers[0], size: -1 }] }), 'invalid manifest: "layers.0.size"'],
      [JSON.stringify({ ...dockerManifest, schemaVersion: 3 }), 'invalid manifest: "schemaVersion"'],
      [JSON.stringify({ ...dockerManifest, layers: undefined }), 'invalid manifest: "layers"'],
      [JSON.stringify({ ...dockerList, manifests: [{ mediaType: "x", size: 1 }] }), 'invalid manifest list: "manifests.0.digest"'],
    ];
    for (const [body, start] of cases) {
      const err = errorOf(() => classify(body.includes("manifest.list") ? MediaType.dockerManifestList : MediaType.dockerManifest, body));
      expect(err).toBeInstanceOf(InvalidArgument);
      expect(err.message.startsWith(start)).toBe(true);
    }
  });

  test("the Accept header lists the four pullable types and not schema 1", () => {
    for (const t of [MediaType.dockerManifest, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.ociIndex]) expect(manifestAccept).toContain(t);
    expect(manifestAccept).not.toContain("distribution.manifest.v1");
  });
});

describe("image configs", () => {
  test("a Docker-built config with nulls", () => {
    const c = parseImageConfig(JSON.stringify(busyboxConfig));
    expect(c.architecture).toBe("amd64");
    expect(c.config?.Cmd).toEqual(["sh"]);
    expect(c.config?.Entrypoint).toBeNull();
    expect(c.config?.Labels).toBeNull();
    expect(c.rootfs.diff_ids).toEqual([d(10)]);
    expect(c.history?.[1]?.empty_layer).toBe(true);
    // unknown keys are kept: the config is Docker's superset of OCI's
    expect((c as Record<string, unknown>).docker_version).toBe("20.10.23");
    expect(imageConfigPlatform(c)).toEqual({ os: "linux", architecture: "amd64" });
  });

  test("an OCI config with every runtime default", () => {
    const oci = {
      created: "2024-05-01T10:00:00Z",
      architecture: "arm",
      variant: "v7",
      os: "linux",
      config: {
        User: "1000:1000",
        ExposedPorts: { "80/tcp": {}, "53/udp": {} },
        Env: ["A=1"],
        Entrypoint: ["/entry"],
        Cmd: ["--serve"],
        Volumes: { "/data": {} },
        WorkingDir: "/srv",
        Labels: { "org.opencontainers.image.source": "https://example.com" },
        StopSignal: "SIGQUIT",
        Healthcheck: { Test: ["CMD", "true"], Interval: 30_000_000_000, Retries: 3 },
        Shell: ["/bin/ash", "-c"],
      },
      rootfs: { type: "layers", diff_ids: [d(11), d(12)] },
      history: [{ created_by: "ADD x /" }, { created_by: "RUN y" }],
    };
    const c = parseImageConfig(new TextEncoder().encode(JSON.stringify(oci)));
    expect(c.config?.ExposedPorts).toEqual({ "80/tcp": {}, "53/udp": {} });
    expect(c.config?.Volumes).toEqual({ "/data": {} });
    expect(c.config?.StopSignal).toBe("SIGQUIT");
    expect(c.config?.Healthcheck?.Test).toEqual(["CMD", "true"]);
    expect(imageConfigPlatform(c)).toEqual({ os: "linux", architecture: "arm", variant: "v7" });
  });

  test("a lone string where arguments are expected becomes a one-element list, as Docker reads it", () => {
    const c = parseImageConfig(JSON.stringify({ ...busyboxConfig, config: { Cmd: "sh", Entrypoint: "/init" } }));
    expect(c.config?.Cmd).toEqual(["sh"]);
    expect(c.config?.Entrypoint).toEqual(["/init"]);
  });

  test("bad configs are refused, naming the field", () => {
    const { rootfs: _, ...noRootfs } = busyboxConfig;
    expect(errorOf(() => parseImageConfig(JSON.stringify(noRootfs))).message).toStartWith('invalid image config: "rootfs"');
    expect(errorOf(() => parseImageConfig(JSON.stringify({ ...busyboxConfig, rootfs: { type: "layers", diff_ids: ["nope"] } }))).message).toStartWith(
      'invalid image config: "rootfs.diff_ids.0": invalid digest',
    );
    expect(errorOf(() => parseImageConfig(JSON.stringify({ ...busyboxConfig, rootfs: { type: "other", diff_ids: [] } }))).message).toStartWith('invalid image config: "rootfs.type"');
    expect(errorOf(() => parseImageConfig(JSON.stringify({ ...busyboxConfig, os: undefined }))).message).toStartWith('invalid image config: "os"');
    expect(errorOf(() => parseImageConfig(JSON.stringify({ ...busyboxConfig, config: { Env: "A=1" } }))).message).toStartWith('invalid image config: "config.Env"');
    expect(errorOf(() => parseImageConfig("x"))).toBeInstanceOf(InvalidArgument);
  });
});

describe("layer media types", () => {
  const cases: [string, string, boolean][] = [
    ["application/vnd.docker.image.rootfs.diff.tar.gzip", "gzip", false],
    ["application/vnd.docker.image.rootfs.diff.tar", "none", false],
    ["application/vnd.docker.image.rootfs.diff.tar.zstd", "zstd", false],
    ["application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "gzip", true],
    ["application/vnd.docker.image.rootfs.foreign.diff.tar", "none", true],
    ["application/vnd.oci.image.layer.v1.tar", "none", false],
    ["application/vnd.oci.image.layer.v1.tar+gzip", "gzip", false],
    ["application/vnd.oci.image.layer.v1.tar+zstd", "zstd", false],
    ["application/vnd.oci.image.layer.nondistributable.v1.tar", "none", true],
    ["application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "gzip", true],
    ["application/vnd.oci.image.layer.nondistributable.v1.tar+zstd", "zstd", true],
  ];
  for (const [type, compression, foreign] of cases) {
    test(type, () => expect(layerKind(type)).toEqual({ compression: compression as "gzip", foreign }));
  }
  test("unknown types", () => {
    expect(layerKind("application/vnd.in-toto+json")).toBeUndefined();
    expect(layerKind("application/vnd.oci.image.config.v1+json")).toBeUndefined();
  });
});
