import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { InvalidArgument } from "../../../src/lib/index.ts";
import { chainId, chainIds, computeDigest, createDigester, isDigest, isSha256Digest, shortImageId, splitDigest, validateDigest } from "../../../src/image/index.ts";

/** An independent sha256 (node:crypto, not Bun.CryptoHasher). */
const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgument);
    return (err as Error).message;
  }
  throw new Error("expected a throw");
}

describe("computing digests", () => {
  test("known answers (FIPS 180-2 vectors)", () => {
    expect(computeDigest("")).toBe("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(computeDigest("abc")).toBe("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(computeDigest(new TextEncoder().encode("abc"))).toBe("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(computeDigest("abc", "sha512")).toBe(
      "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    );
  });

  test("agrees with node:crypto on arbitrary bytes", () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31 + 7) & 0xff);
    expect(computeDigest(bytes)).toBe(`sha256:${createHash("sha256").update(bytes).digest("hex")}`);
    expect(computeDigest(bytes.buffer)).toBe(computeDigest(bytes));
  });

  test("a streamed digest equals the one-shot digest, and can be read midway", () => {
    const d = createDigester();
    d.update("hello ");
    expect(d.digest()).toBe(sha256("hello "));
    d.update(new TextEncoder().encode("world"));
    expect(d.digest()).toBe(sha256("hello world"));
  });
});

describe("validating digests", () => {
  const hex = "a".repeat(64);
  test("valid ones pass through", () => {
    expect(validateDigest(`sha256:${hex}`)).toBe(`sha256:${hex}`);
    expect(isDigest(`sha384:${"b".repeat(96)}`)).toBe(true);
    expect(isDigest(`sha512:${"c".repeat(128)}`)).toBe(true);
    expect(splitDigest(`sha256:${hex}`)).toEqual({ algorithm: "sha256", hex });
  });

  const bad: [string, string][] = [
    ["", "invalid checksum digest format"],
    [hex, "invalid checksum digest format"],
    [":abc", "invalid checksum digest format"],
    ["sha256:", "invalid checksum digest format"],
    [`sha256:${hex.slice(1)}`, "invalid checksum digest length"],
    [`sha256:${hex}a`, "invalid checksum digest length"],
    [`sha256:${"A".repeat(64)}`, "invalid checksum digest format"],
    [`sha256:${"z".repeat(64)}`, "invalid checksum digest format"],
    [`sha512:${hex}`, "invalid checksum digest length"],
    [`md5:${"a".repeat(32)}`, "unsupported digest algorithm"],
    [`sha3+x:${"a".repeat(32)}`, "unsupported digest algorithm"],
    [`SHA256:${hex}`, "invalid checksum digest format"],
    [`sha256 :${hex}`, "invalid checksum digest format"],
    [`toString:${hex}`, "invalid checksum digest format"],
    [`constructor:${hex}`, "unsupported digest algorithm"],
  ];
  for (const [input, message] of bad) {
    test(`${JSON.stringify(input.slice(0, 24))} → ${message}`, () => {
      expect(messageOf(() => validateDigest(input))).toBe(message);
      expect(isDigest(input)).toBe(false);
    });
  }

  test("isSha256Digest is strict", () => {
    expect(isSha256Digest(`sha256:${hex}`)).toBe(true);
    expect(isSha256Digest(`sha256:${hex.toUpperCase()}`)).toBe(false);
    expect(isSha256Digest(`sha512:${"a".repeat(128)}`)).toBe(false);
    expect(isSha256Digest(`sha256:${hex}\n`)).toBe(false);
  });
});

describe("chain ids (OCI image spec)", () => {
  // diff ids of the layers "layer0", "layer1", "layer2"; expected values computed with Python's hashlib
  const diffIds = [
    "sha256:4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e",
    "sha256:77ea7eee3d80b1a38f83906dd3048e2689457eb90e18a7d12f839c5ae37106a2",
    "sha256:95cf1a2e1698fe3ca1fcc3f653119146b271d0b62e487ec264441e886a11bd06",
  ];

  test("known answers", () => {
    expect(diffIds).toEqual(["layer0", "layer1", "layer2"].map(sha256));
    expect(chainIds(diffIds)).toEqual([
      "sha256:4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e",
      "sha256:ef232af0eb422cdfd7917631657cd8ed2bfd5b9461b37c427aa0d3e0a19adf79",
      "sha256:7ad3896338947cc04ee0b35b50d400ff32538d63f42f85ec87feac78bf71a54d",
    ]);
    expect(chainId(diffIds)).toBe("sha256:7ad3896338947cc04ee0b35b50d400ff32538d63f42f85ec87feac78bf71a54d");
  });

  test("follows the definition, computed independently", () => {
    const ids = Array.from({ length: 6 }, (_, i) => sha256(`l${i}`));
    let expected = ids[0] as string;
    const all = [expected];
    for (const id of ids.slice(1)) {
      expected = sha256(`${expected} ${id}`);
      all.push(expected);
    }
    expect(chainIds(ids)).toEqual(all);
    expect(chainId(ids.slice(0, 1))).toBe(ids[0]);
    // order matters
    expect(chainId([ids[1] as string, ids[0] as string])).not.toBe(chainId(ids.slice(0, 2)));
  });

  test("no layers, and bad diff ids", () => {
    expect(chainIds([])).toEqual([]);
    expect(chainId([])).toBeUndefined();
    expect(messageOf(() => chainIds([diffIds[0] as string, "sha256:nope"]))).toBe("invalid checksum digest length");
  });
});

describe("short ids", () => {
  test("12 hex digits, algorithm dropped", () => {
    expect(shortImageId("sha256:4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e")).toBe("4fbec69b9411");
    expect(shortImageId("4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e")).toBe("4fbec69b9411");
  });
});
