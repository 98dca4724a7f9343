import { describe, expect, test } from "bun:test";
import { InvalidArgument, NotFound } from "../../../src/lib/index.ts";
import { choosePlatform, classify, compatiblePlatforms, formatPlatform, hostPlatform, normalizePlatform, parsePlatform, type Platform } from "../../../src/image/index.ts";

const digestOf = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;

type Entry = { os: string; architecture: string; variant?: string; "os.version"?: string; "os.features"?: string[] };
function index(entries: Entry[], mediaType = "application/vnd.oci.image.index.v1+json") {
  const manifests = entries.map((platform, i) => ({
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    digest: digestOf(i + 1),
    size: 610 + i,
    platform,
  }));
  const parsed = classify(mediaType, JSON.stringify({ schemaVersion: 2, mediaType, manifests }));
  if (parsed.kind !== "index") throw new Error("expected an index");
  return parsed.index;
}

/** Shaped like busybox:latest on Docker Hub: many platforms plus buildkit attestations. */
const busybox = index([
  { os: "linux", architecture: "amd64" },
  { os: "linux", architecture: "arm", variant: "v5" },
  { os: "linux", architecture: "arm", variant: "v6" },
  { os: "linux", architecture: "arm", variant: "v7" },
  { os: "linux", architecture: "arm64", variant: "v8" },
  { os: "linux", architecture: "386" },
  { os: "linux", architecture: "mips64le" },
  { os: "linux", architecture: "ppc64le" },
  { os: "linux", architecture: "riscv64" },
  { os: "linux", architecture: "s390x" },
  { os: "unknown", architecture: "unknown" },
  { os: "unknown", architecture: "unknown" },
]);

const pick = (idx: ReturnType<typeof index>, want?: Platform) => {
  const chosen = choosePlatform(idx, want);
  return formatPlatform(normalizePlatform({ os: chosen.platform?.os ?? "", architecture: chosen.platform?.architecture ?? "", variant: chosen.platform?.variant ?? "" }));
};

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

describe("parsePlatform", () => {
  const cases: [string, Platform][] = [
    ["linux/amd64", { os: "linux", architecture: "amd64" }],
    ["linux/x86_64", { os: "linux", architecture: "amd64" }],
    ["Linux/AMD64", { os: "linux", architecture: "amd64" }],
    ["linux/amd64/v1", { os: "linux", architecture: "amd64" }],
    ["linux/amd64/v3", { os: "linux", architecture: "amd64", variant: "v3" }],
    ["linux/arm64", { os: "linux", architecture: "arm64" }],
    ["linux/aarch64", { os: "linux", architecture: "arm64" }],
    ["linux/arm64/v8", { os: "linux", architecture: "arm64", variant: "v8" }],
    ["linux/arm64/8", { os: "linux", architecture: "arm64", variant: "v8" }],
    ["linux/arm", { os: "linux", architecture: "arm" }],
    ["linux/arm/v7", { os: "linux", architecture: "arm", variant: "v7" }],
    ["linux/arm/7", { os: "linux", architecture: "arm", variant: "v7" }],
    ["linux/arm/v6", { os: "linux", architecture: "arm", variant: "v6" }],
    ["linux/armhf", { os: "linux", architecture: "arm" }],
    ["linux/armel", { os: "linux", architecture: "arm", variant: "v6" }],
    ["linux/i386", { os: "linux", architecture: "386" }],
    ["linux/386", { os: "linux", architecture: "386" }],
    ["linux/ppc64le", { os: "linux", architecture: "ppc64le" }],
    ["linux/s390x", { os: "linux", architecture: "s390x" }],
    ["linux/riscv64", { os: "linux", architecture: "riscv64" }],
    ["macos/arm64", { os: "darwin", architecture: "arm64" }],
    ["windows(10.0.17763)/amd64", { os: "windows", architecture: "amd64", osVersion: "10.0.17763" }],
    ["windows(10.0.17763+win32k)/amd64", { os: "windows", architecture: "amd64", osVersion: "10.0.17763", osFeatures: ["win32k"] }],
    // a lone architecture takes the host's os
    ["amd64", { os: "linux", architecture: "amd64" }],
    ["aarch64", { os: "linux", architecture: "arm64" }],
    ["arm", { os: "linux", architecture: "arm" }],
    ["armel", { os: "linux", architecture: "arm", variant: "v6" }],
  ];
  for (const [spec, expected] of cases) {
    test(spec, () => expect(parsePlatform(spec)).toEqual(expected));
  }

  test("a lone os takes the host's architecture", () => {
    const host = hostPlatform();
    expect(parsePlatform("linux").architecture).toBe(host.architecture);
    expect(parsePlatform("linux").os).toBe("linux");
  });

  const bad: [string, string][] = [
    ["", `"" is an invalid OS component of "": invalid argument`],
    ["foo", `"foo": unknown operating system or architecture: invalid argument`],
    ["linux/amd64/v2/x", `"linux/amd64/v2/x": cannot parse platform specifier: invalid argument`],
    ["linux/*", `"linux/*": wildcards not yet supported: invalid argument`],
    ["linux/am d64", `"am d64" is an invalid component of "linux/am d64": invalid argument`],
    ["linux//amd64", `"" is an invalid component of "linux//amd64": invalid argument`],
    ["/amd64", `"" is an invalid OS component of "/amd64": invalid argument`],
    ["lin ux/amd64", `"lin ux" is an invalid OS component of "lin ux/amd64": invalid argument`],
    ["windows(1%zz)/amd64", `"windows(1%zz)/amd64" has an invalid OS version "1%zz": invalid argument`],
  ];
  for (const [spec, message] of bad) {
    test(`refuses ${JSON.stringify(spec)}`, () => {
      const err = errorOf(() => parsePlatform(spec));
      expect(err).toBeInstanceOf(InvalidArgument);
      expect(err.message).toBe(message);
    });
  }
});

describe("normalize and format", () => {
  test("Docker's canonical forms", () => {
    expect(normalizePlatform({ os: "linux", architecture: "arm64", variant: "v8" })).toEqual({ os: "linux", architecture: "arm64" });
    expect(normalizePlatform({ os: "linux", architecture: "arm" })).toEqual({ os: "linux", architecture: "arm", variant: "v7" });
    expect(normalizePlatform({ os: "Linux", architecture: "x86_64", variant: "v1" })).toEqual({ os: "linux", architecture: "amd64" });
    expect(normalizePlatform({ os: "linux", architecture: "i386", variant: "x" })).toEqual({ os: "linux", architecture: "386" });
    expect(normalizePlatform({ os: "windows", architecture: "amd64", osFeatures: ["b", "a", "b"] })).toEqual({ os: "windows", architecture: "amd64", osFeatures: ["a", "b"] });
  });
  test("format", () => {
    expect(formatPlatform({ os: "linux", architecture: "amd64" })).toBe("linux/amd64");
    expect(formatPlatform({ os: "linux", architecture: "arm", variant: "v7" })).toBe("linux/arm/v7");
    expect(formatPlatform(parsePlatform("linux/arm64/v8"))).toBe("linux/arm64/v8");
    expect(formatPlatform({ os: "", architecture: "amd64" })).toBe("unknown");
  });
  test("the host platform uses Go's names", () => {
    const host = hostPlatform();
    expect(host.os).toBe("linux");
    const expected: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
    if (expected[process.arch]) expect(host.architecture).toBe(expected[process.arch] as string);
    if (host.architecture === "arm64") expect(host.variant).toBe("v8");
  });
  test("compatible platforms, best first", () => {
    expect(compatiblePlatforms({ os: "linux", architecture: "amd64" }).map(formatPlatform)).toEqual(["linux/amd64", "linux/386"]);
    expect(compatiblePlatforms({ os: "linux", architecture: "amd64", variant: "v3" }).map(formatPlatform)).toEqual(["linux/amd64/v3", "linux/amd64/v2", "linux/amd64", "linux/386"]);
    expect(compatiblePlatforms({ os: "linux", architecture: "arm", variant: "v7" }).map(formatPlatform)).toEqual(["linux/arm/v7", "linux/arm/v6", "linux/arm/v5"]);
    expect(compatiblePlatforms({ os: "linux", architecture: "arm64", variant: "v8" }).map(formatPlatform)).toEqual(["linux/arm64", "linux/arm/v8", "linux/arm/v7", "linux/arm/v6", "linux/arm/v5"]);
    expect(compatiblePlatforms({ os: "linux", architecture: "s390x" }).map(formatPlatform)).toEqual(["linux/s390x"]);
  });
});

describe("choosePlatform", () => {
  test("exact matches in a multi-arch index", () => {
    expect(pick(busybox, parsePlatform("linux/amd64"))).toBe("linux/amd64");
    expect(pick(busybox, parsePlatform("linux/arm64"))).toBe("linux/arm64");
    expect(choosePlatform(busybox, parsePlatform("linux/arm64/v8")).digest).toBe(digestOf(5));
    expect(choosePlatform(busybox, parsePlatform("linux/arm64")).digest).toBe(digestOf(5));
    expect(choosePlatform(busybox, parsePlatform("linux/arm/v7")).digest).toBe(digestOf(4));
    expect(choosePlatform(busybox, parsePlatform("linux/arm")).digest).toBe(digestOf(4));
    expect(choosePlatform(busybox, parsePlatform("linux/arm/v6")).digest).toBe(digestOf(3));
    expect(choosePlatform(busybox, parsePlatform("linux/arm/v5")).digest).toBe(digestOf(2));
    expect(choosePlatform(busybox, parsePlatform("linux/386")).digest).toBe(digestOf(6));
    expect(choosePlatform(busybox, parsePlatform("linux/s390x")).digest).toBe(digestOf(10));
    expect(choosePlatform(busybox, parsePlatform("linux/amd64")).mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
  });

  test("the host platform by default", () => {
    const host = normalizePlatform(hostPlatform());
    const chosen = choosePlatform(busybox);
    const p = normalizePlatform({ os: chosen.platform?.os ?? "", architecture: chosen.platform?.architecture ?? "", variant: chosen.platform?.variant ?? "" });
    expect(p).toEqual(host);
  });

  test("the best entry wins over list order; equals keep list order", () => {
    const idx = index([
      { os: "linux", architecture: "386" },
      { os: "linux", architecture: "amd64" },
      { os: "linux", architecture: "amd64" },
    ]);
    expect(choosePlatform(idx, parsePlatform("linux/amd64")).digest).toBe(digestOf(2));
  });

  test("compatible fallbacks, as Docker: 386 on amd64, older arm variants, arm on arm64", () => {
    expect(pick(index([{ os: "linux", architecture: "386" }]), parsePlatform("linux/amd64"))).toBe("linux/386");
    expect(pick(index([{ os: "linux", architecture: "arm", variant: "v5" }, { os: "linux", architecture: "arm", variant: "v6" }]), parsePlatform("linux/arm/v7"))).toBe("linux/arm/v6");
    expect(pick(index([{ os: "linux", architecture: "arm", variant: "v7" }]), parsePlatform("linux/arm64"))).toBe("linux/arm/v7");
    expect(pick(index([{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "amd64", variant: "v2" }]), parsePlatform("linux/amd64/v3"))).toBe("linux/amd64/v2");
  });

  test("entries written with other names for the same platform match", () => {
    expect(choosePlatform(index([{ os: "linux", architecture: "aarch64" }]), parsePlatform("linux/arm64/v8")).digest).toBe(digestOf(1));
    expect(choosePlatform(index([{ os: "Linux", architecture: "x86_64" }]), parsePlatform("linux/amd64")).digest).toBe(digestOf(1));
    expect(choosePlatform(index([{ os: "linux", architecture: "arm" }]), parsePlatform("linux/arm/v7")).digest).toBe(digestOf(1));
    expect(choosePlatform(index([{ os: "linux", architecture: "arm", variant: "7" }]), parsePlatform("linux/arm")).digest).toBe(digestOf(1));
  });

  test("never a newer variant than asked, nor another os", () => {
    const arm64Only = index([{ os: "linux", architecture: "arm64" }]);
    expect(errorOf(() => choosePlatform(arm64Only, parsePlatform("linux/arm/v7"))).message).toBe("no matching manifest for linux/arm/v7 in the manifest list entries");
    const amd64v3 = index([{ os: "linux", architecture: "amd64", variant: "v3" }]);
    expect(errorOf(() => choosePlatform(amd64v3, parsePlatform("linux/amd64"))).message).toBe("no matching manifest for linux/amd64 in the manifest list entries");
    const windows = index([{ os: "windows", architecture: "amd64", "os.version": "10.0.17763.1234" }]);
    expect(errorOf(() => choosePlatform(windows, parsePlatform("linux/amd64"))).message).toBe("no matching manifest for linux/amd64 in the manifest list entries");
  });

  test("os features must be asked for", () => {
    const idx = index([{ os: "windows", architecture: "amd64", "os.features": ["win32k"] }, { os: "windows", architecture: "amd64" }]);
    expect(choosePlatform(idx, parsePlatform("windows/amd64")).digest).toBe(digestOf(2));
    expect(choosePlatform(idx, parsePlatform("windows(+win32k)/amd64")).digest).toBe(digestOf(1));
  });

  test("for arm, any arm entry is taken when no variant matches (Docker's rule for old lists)", () => {
    const idx = index([{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm", variant: "v9" }]);
    expect(choosePlatform(idx, parsePlatform("linux/arm/v7")).digest).toBe(digestOf(2));
    const armV7Only = index([{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm", variant: "v7" }]);
    expect(choosePlatform(armV7Only, parsePlatform("linux/arm/v6")).digest).toBe(digestOf(2));
  });

  test("nothing matches: Docker's message, NotFound", () => {
    const amd64Only = index([{ os: "linux", architecture: "amd64" }, { os: "unknown", architecture: "unknown" }], "application/vnd.docker.distribution.manifest.list.v2+json");
    for (const [spec, shown] of [
      ["linux/arm64/v8", "linux/arm64/v8"],
      ["linux/arm64", "linux/arm64"],
      ["linux/arm/v7", "linux/arm/v7"],
      ["linux/s390x", "linux/s390x"],
    ] as const) {
      const err = errorOf(() => choosePlatform(amd64Only, parsePlatform(spec)));
      expect(err).toBeInstanceOf(NotFound);
      expect(err.message).toBe(`no matching manifest for ${shown} in the manifest list entries`);
    }
    const empty = index([]);
    expect(errorOf(() => choosePlatform(empty, { os: "linux", architecture: "amd64" })).message).toBe("no matching manifest for linux/amd64 in the manifest list entries");
  });

  test("entries without a platform never match", () => {
    const idx = classify(
      "application/vnd.oci.image.index.v1+json",
      JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: digestOf(1), size: 1 }] }),
    );
    if (idx.kind !== "index") throw new Error("expected an index");
    expect(() => choosePlatform(idx.index, { os: "linux", architecture: "amd64" })).toThrow(NotFound);
  });
});
