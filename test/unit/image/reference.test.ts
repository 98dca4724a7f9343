import { describe, expect, test } from "bun:test";
import { InvalidArgument } from "../../../src/lib/index.ts";
import {
  canonicalName,
  canonicalString,
  familiarName,
  familiarString,
  isValidTag,
  nameOnly,
  parseCanonical,
  parseReference,
  registryApiHost,
  resolvableReference,
  withDefaultTag,
  withDigest,
  withTag,
  type ImageReference,
} from "../../../src/image/index.ts";

const hex = "0123456789abcdef".repeat(4);
const sha = `sha256:${hex}`;

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

// [input, domain, path, tag, digest, canonical string, familiar string]
const valid: [string, string, string, string | undefined, string | undefined, string, string][] = [
  ["busybox", "docker.io", "library/busybox", undefined, undefined, "docker.io/library/busybox", "busybox"],
  ["busybox:latest", "docker.io", "library/busybox", "latest", undefined, "docker.io/library/busybox:latest", "busybox:latest"],
  ["library/busybox", "docker.io", "library/busybox", undefined, undefined, "docker.io/library/busybox", "busybox"],
  ["docker.io/busybox:1.36", "docker.io", "library/busybox", "1.36", undefined, "docker.io/library/busybox:1.36", "busybox:1.36"],
  ["docker.io/library/busybox", "docker.io", "library/busybox", undefined, undefined, "docker.io/library/busybox", "busybox"],
  ["index.docker.io/busybox", "docker.io", "library/busybox", undefined, undefined, "docker.io/library/busybox", "busybox"],
  ["index.docker.io/user/app:2", "docker.io", "user/app", "2", undefined, "docker.io/user/app:2", "user/app:2"],
  ["registry-1.docker.io/busybox", "registry-1.docker.io", "busybox", undefined, undefined, "registry-1.docker.io/busybox", "registry-1.docker.io/busybox"],
  ["user/app", "docker.io", "user/app", undefined, undefined, "docker.io/user/app", "user/app"],
  ["user/app:1", "docker.io", "user/app", "1", undefined, "docker.io/user/app:1", "user/app:1"],
  ["user/team/app", "docker.io", "user/team/app", undefined, undefined, "docker.io/user/team/app", "user/team/app"],
  ["docker.io/library/ubuntu/sub", "docker.io", "library/ubuntu/sub", undefined, undefined, "docker.io/library/ubuntu/sub", "library/ubuntu/sub"],
  ["registry:5000/ns/app:tag", "registry:5000", "ns/app", "tag", undefined, "registry:5000/ns/app:tag", "registry:5000/ns/app:tag"],
  ["registry.example.com/a/b/c:v1.0", "registry.example.com", "a/b/c", "v1.0", undefined, "registry.example.com/a/b/c:v1.0", "registry.example.com/a/b/c:v1.0"],
  ["ghcr.io/owner/image:sha-1a2b", "ghcr.io", "owner/image", "sha-1a2b", undefined, "ghcr.io/owner/image:sha-1a2b", "ghcr.io/owner/image:sha-1a2b"],
  ["localhost/app", "localhost", "app", undefined, undefined, "localhost/app", "localhost/app"],
  ["localhost:5000/x:1", "localhost:5000", "x", "1", undefined, "localhost:5000/x:1", "localhost:5000/x:1"],
  [`localhost:5000/app@${sha}`, "localhost:5000", "app", undefined, sha, `localhost:5000/app@${sha}`, `localhost:5000/app@${sha}`],
  [`app:tag@${sha}`, "docker.io", "library/app", "tag", sha, `docker.io/library/app:tag@${sha}`, `app:tag@${sha}`],
  [`busybox@${sha}`, "docker.io", "library/busybox", undefined, sha, `docker.io/library/busybox@${sha}`, `busybox@${sha}`],
  [`busybox@sha512:${"ab".repeat(64)}`, "docker.io", "library/busybox", undefined, `sha512:${"ab".repeat(64)}`, `docker.io/library/busybox@sha512:${"ab".repeat(64)}`, `busybox@sha512:${"ab".repeat(64)}`],
  ["127.0.0.1:5000/x", "127.0.0.1:5000", "x", undefined, undefined, "127.0.0.1:5000/x", "127.0.0.1:5000/x"],
  ["[::1]:5000/x:1", "[::1]:5000", "x", "1", undefined, "[::1]:5000/x:1", "[::1]:5000/x:1"],
  ["[fe80::1]/x", "[fe80::1]", "x", undefined, undefined, "[fe80::1]/x", "[fe80::1]/x"],
  ["Example.COM:5000/x", "Example.COM:5000", "x", undefined, undefined, "Example.COM:5000/x", "Example.COM:5000/x"],
  // an uppercase first component can only be a host, so it is taken as one
  ["Foo/bar", "Foo", "bar", undefined, undefined, "Foo/bar", "Foo/bar"],
  ["a__b/c-d.e_f---g", "docker.io", "a__b/c-d.e_f---g", undefined, undefined, "docker.io/a__b/c-d.e_f---g", "a__b/c-d.e_f---g"],
  ["ubuntu:Tag_1.0-RC", "docker.io", "library/ubuntu", "Tag_1.0-RC", undefined, "docker.io/library/ubuntu:Tag_1.0-RC", "ubuntu:Tag_1.0-RC"],
  ["ubuntu:_x", "docker.io", "library/ubuntu", "_x", undefined, "docker.io/library/ubuntu:_x", "ubuntu:_x"],
  // a name without "/" is always a Docker Hub name, even "localhost" or "example.com"
  ["localhost", "docker.io", "library/localhost", undefined, undefined, "docker.io/library/localhost", "localhost"],
  ["localhost:5000", "docker.io", "library/localhost", "5000", undefined, "docker.io/library/localhost:5000", "localhost:5000"],
  ["example.com", "docker.io", "library/example.com", undefined, undefined, "docker.io/library/example.com", "example.com"],
  ["a1", "docker.io", "library/a1", undefined, undefined, "docker.io/library/a1", "a1"],
];

describe("parseReference: valid references", () => {
  for (const [input, domain, path, tag, digest, canonical, familiar] of valid) {
    test(input.length > 60 ? `${input.slice(0, 60)}…` : input, () => {
      const ref = parseReference(input);
      expect(ref.domain).toBe(domain);
      expect(ref.path).toBe(path);
      expect(ref.tag).toBe(tag);
      expect(ref.digest).toBe(digest);
      expect(canonicalString(ref)).toBe(canonical);
      expect(familiarString(ref)).toBe(familiar);
      // round trips: the canonical and the familiar forms parse back to the same reference
      expect(parseReference(canonical)).toEqual(ref);
      expect(parseReference(familiar)).toEqual(ref);
    });
  }

  test("an absent tag or digest is not a key of the result", () => {
    expect(parseReference("busybox")).toEqual({ domain: "docker.io", path: "library/busybox" });
    expect(Object.keys(parseReference("busybox"))).toEqual(["domain", "path"]);
  });

  test("tags up to 128 characters and paths up to 255 are accepted", () => {
    const tag = `a${"b".repeat(127)}`;
    expect(parseReference(`busybox:${tag}`).tag).toBe(tag);
    const path = "a".repeat(255);
    expect(parseReference(`example.com/${path}`).path).toBe(path);
    // "library/" counts: 247 + 8 = 255
    expect(parseReference("c".repeat(247)).path.length).toBe(255);
  });
});

const invalid: [string, string][] = [
  ["Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase"],
  ["BUSYBOX:latest", "invalid reference format: repository name (library/BUSYBOX) must be lowercase"],
  ["user/App", "invalid reference format: repository name (user/App) must be lowercase"],
  ["user/App:1", "invalid reference format: repository name (user/App) must be lowercase"],
  ["localhost:5000/Foo:1", "invalid reference format: repository name (Foo) must be lowercase"],
  ["docker.io/Library/busybox", "invalid reference format: repository name (Library/busybox) must be lowercase"],
  ["Foo/Bar", "invalid reference format: repository name (Bar) must be lowercase"],
  // Docker looks for the repository name up to the first ":", so a digest joins the message
  [`busybox@SHA256:${hex}`, "invalid reference format: repository name (library/busybox@SHA256) must be lowercase"],
  ["", "invalid reference format"],
  [" busybox", "invalid reference format"],
  ["busybox ", "invalid reference format"],
  ["busybox:", "invalid reference format"],
  ["busybox@", "invalid reference format"],
  [":tag", "invalid reference format"],
  ["/busybox", "invalid reference format"],
  ["busybox/", "invalid reference format"],
  ["a//b", "invalid reference format"],
  ["-a", "invalid reference format"],
  ["a-", "invalid reference format"],
  ["a_", "invalid reference format"],
  ["a..b", "invalid reference format"],
  ["a___b", "invalid reference format"],
  ["a.-b", "invalid reference format"],
  ["busybox:.tag", "invalid reference format"],
  ["busybox:-tag", "invalid reference format"],
  ["busybox:ta+g", "invalid reference format"],
  ["busybox:tag:tag", "invalid reference format"],
  [`busybox:a${"b".repeat(128)}`, "invalid reference format"],
  ["http://registry/x", "invalid reference format"],
  ["registry:port/x", "invalid reference format"],
  ["regi_stry.io/x", "invalid reference format"],
  ["-registry.io/x", "invalid reference format"],
  ["[::1/x", "invalid reference format"],
  ["busybox@sha256:abc", "invalid reference format"],
  [`busybox@sha256:${"g".repeat(64)}`, "invalid reference format"],
  [`busybox@${hex}`, "invalid reference format"],
  [`busybox@sha256:${hex.slice(1)}`, "invalid checksum digest length"],
  [`busybox@sha256:${hex}0`, "invalid checksum digest length"],
  [`busybox@sha256:${hex.toUpperCase()}`, "invalid checksum digest format"],
  [`busybox:tag@SHA256:${hex}`, "invalid checksum digest format"],
  [`busybox@md5:${"a".repeat(32)}`, "unsupported digest algorithm"],
  [hex, `invalid repository name (${hex}), cannot specify 64-byte hexadecimal strings`],
  ["a".repeat(256 - 8), "repository name must not be more than 255 characters"],
  [`example.com/${"a".repeat(256)}`, "repository name must not be more than 255 characters"],
];

describe("parseReference: invalid references get Docker's messages", () => {
  for (const [input, message] of invalid) {
    test(`${JSON.stringify(input.length > 50 ? `${input.slice(0, 50)}…` : input)} → ${message.slice(0, 60)}`, () => {
      const err = errorOf(() => parseReference(input));
      expect(err).toBeInstanceOf(InvalidArgument);
      expect(err.message).toBe(message);
    });
  }
});

describe("parseCanonical: the grammar without Docker Hub normalisation", () => {
  test("keeps names as written", () => {
    expect(parseCanonical("busybox")).toEqual({ domain: "", path: "busybox" });
    expect(parseCanonical("docker.io/library/busybox:1")).toEqual({ domain: "docker.io", path: "library/busybox", tag: "1" });
    expect(parseCanonical("example.com/ns/app")).toEqual({ domain: "example.com", path: "ns/app" });
    expect(canonicalName(parseCanonical("busybox"))).toBe("busybox");
  });
  test("errors", () => {
    expect(errorOf(() => parseCanonical("")).message).toBe("repository name must have at least one component");
    expect(errorOf(() => parseCanonical("docker.io/Foo")).message).toBe("repository name must be lowercase");
    expect(errorOf(() => parseCanonical("docker.io/Foo bar")).message).toBe("invalid reference format");
  });
});

describe("names and forms", () => {
  const ref = (text: string) => parseReference(text);

  test("familiarName drops docker.io and library/ only where Docker does", () => {
    expect(familiarName(ref("busybox:1"))).toBe("busybox");
    expect(familiarName(ref("user/app"))).toBe("user/app");
    expect(familiarName(ref("localhost:5000/x:1"))).toBe("localhost:5000/x");
    expect(familiarName(ref("example.com/library/x"))).toBe("example.com/library/x");
    expect(canonicalName(ref("busybox:1"))).toBe("docker.io/library/busybox");
  });

  test("withDefaultTag adds latest only to a bare name", () => {
    expect(canonicalString(withDefaultTag(ref("busybox")))).toBe("docker.io/library/busybox:latest");
    expect(familiarString(withDefaultTag(ref("busybox")))).toBe("busybox:latest");
    expect(familiarString(withDefaultTag(ref("user/app:1")))).toBe("user/app:1");
    expect(familiarString(withDefaultTag(ref(`busybox@${sha}`)))).toBe(`busybox@${sha}`);
  });

  test("resolvableReference: the digest wins over a tag; else the tag, default latest", () => {
    expect(resolvableReference(ref(`app:tag@${sha}`))).toEqual({ domain: "docker.io", path: "library/app", digest: sha });
    expect(resolvableReference(ref("app"))).toEqual({ domain: "docker.io", path: "library/app", tag: "latest" });
    expect(resolvableReference(ref("app:1"))).toEqual({ domain: "docker.io", path: "library/app", tag: "1" });
  });

  test("withTag, withDigest, nameOnly", () => {
    const base: ImageReference = ref(`app:old@${sha}`);
    expect(withTag(base, "new")).toEqual({ domain: "docker.io", path: "library/app", tag: "new", digest: sha });
    expect(errorOf(() => withTag(base, "bad tag")).message).toBe("invalid tag format");
    expect(errorOf(() => withTag(base, "")).message).toBe("invalid tag format");
    expect(errorOf(() => withTag(base, "x".repeat(129))).message).toBe("invalid tag format");
    const other = `sha256:${"f".repeat(64)}`;
    expect(withDigest(ref("app:1"), other)).toEqual({ domain: "docker.io", path: "library/app", tag: "1", digest: other });
    expect(errorOf(() => withDigest(ref("app"), "sha256:xyz")).message).toBe("invalid digest format");
    expect(nameOnly(base)).toEqual({ domain: "docker.io", path: "library/app" });
    expect(isValidTag("v1.0")).toBe(true);
    expect(isValidTag(".v1")).toBe(false);
  });

  test("registryApiHost maps Docker Hub's names", () => {
    expect(registryApiHost(ref("busybox"))).toBe("registry-1.docker.io");
    expect(registryApiHost("docker.io")).toBe("registry-1.docker.io");
    expect(registryApiHost("index.docker.io")).toBe("registry-1.docker.io");
    expect(registryApiHost("registry-1.docker.io")).toBe("registry-1.docker.io");
    expect(registryApiHost(ref("localhost:5000/x"))).toBe("localhost:5000");
    expect(registryApiHost(ref("ghcr.io/a/b"))).toBe("ghcr.io");
  });

  test("a long hostile input is refused quickly", () => {
    const started = performance.now();
    for (const text of [`${"a".repeat(20000)}!`, "a-".repeat(10000), `${"a.".repeat(10000)}/x!`]) {
      expect(() => parseReference(text)).toThrow(InvalidArgument);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
