/**
 * Platforms (os/architecture/variant, with Go's names) as Docker parses, normalises and matches
 * them when it picks one manifest out of a manifest list or OCI index.
 */
import { InvalidArgument, NotFound } from "../lib/index.ts";

export interface Platform {
  /** Go's GOOS names: "linux", "windows", "darwin"… */
  readonly os: string;
  /** Go's GOARCH names: "amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64"… */
  readonly architecture: string;
  /** "v7", "v6" for arm; "v8" for arm64; "v2"…"v4" for amd64. Absent when none. */
  readonly variant?: string;
  readonly osVersion?: string;
  readonly osFeatures?: readonly string[];
}

const knownOs = new Set(["aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos"]);
const knownArch = new Set(["386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"]);

/** Node's process.arch names → Go's. */
const goArch: Record<string, string> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64", loong64: "loong64", mips: "mips", mipsel: "mipsle", mips64el: "mips64le" };

function make(os: string, architecture: string, variant = "", extra: Pick<Platform, "osVersion" | "osFeatures"> = {}): Platform {
  return { os, architecture, ...(variant !== "" && { variant }), ...extra };
}

/** The platform of this machine, as Docker reports it by default (arm64 carries variant v8). */
export function hostPlatform(): Platform {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const architecture = goArch[process.arch] ?? process.arch;
  const variant = architecture === "arm64" ? "v8" : architecture === "arm" ? "v7" : "";
  return make(os, architecture, variant);
}

function normalizeOs(os: string): string {
  const lower = os === "" ? hostPlatform().os : os.toLowerCase();
  return lower === "macos" ? "darwin" : lower;
}

function normalizeArch(arch: string, variant: string): [string, string] {
  arch = arch.toLowerCase();
  variant = variant.toLowerCase();
  switch (arch) {
    case "i386":
      return ["386", ""];
    case "x86_64":
    case "x86-64":
    case "amd64":
      return ["amd64", variant === "v1" ? "" : variant];
    case "aarch64":
    case "arm64":
      return ["arm64", variant === "8" || variant === "v8" ? "" : variant];
    case "armhf":
      return ["arm", "v7"];
    case "armel":
      return ["arm", "v6"];
    case "arm":
      if (variant === "" || variant === "7") return ["arm", "v7"];
      if (variant === "5" || variant === "6" || variant === "8") return ["arm", `v${variant}`];
      return ["arm", variant];
    default:
      return [arch, variant];
  }
}

/**
 * The canonical form used for matching: "x86_64" → "amd64", "aarch64" → "arm64",
 * arm64/v8 → arm64, arm → arm/v7, amd64/v1 → amd64, os lowercased ("macos" → "darwin").
 */
export function normalizePlatform(platform: Platform): Platform {
  const [architecture, variant] = normalizeArch(platform.architecture, platform.variant ?? "");
  const features = platform.osFeatures && platform.osFeatures.length > 0 ? [...new Set(platform.osFeatures)].sort() : undefined;
  return make(normalizeOs(platform.os), architecture, variant, {
    ...(platform.osVersion && { osVersion: platform.osVersion }),
    ...(features && { osFeatures: features }),
  });
}

const osPartRe = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
const partRe = /^[A-Za-z0-9_.-]+$/;

/**
 * Parse a `--platform` value as Docker does: "linux", "amd64", "linux/amd64", "linux/arm/v7",
 * "windows(10.0.17763)/amd64". A lone architecture takes the host's os, a lone os the host's
 * architecture. "" is not a platform: callers treat an empty flag as "not given".
 */
export function parsePlatform(specifier: string): Platform {
  const invalid = (why: string) => new InvalidArgument(`${JSON.stringify(specifier)}: ${why}: invalid argument`);
  if (specifier.includes("*")) throw invalid("wildcards not yet supported");
  const parts = splitN(specifier, "/", 4);
  const quoted = JSON.stringify(specifier);
  const osMatch = osPartRe.exec(parts[0] ?? "");
  if (!osMatch) throw new InvalidArgument(`${JSON.stringify(parts[0] ?? "")} is an invalid OS component of ${quoted}: invalid argument`);
  for (const part of parts.slice(1)) {
    if (!partRe.test(part)) throw new InvalidArgument(`${JSON.stringify(part)} is an invalid component of ${quoted}: invalid argument`);
  }
  const decode = (text: string, what: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw new InvalidArgument(`${quoted} has an invalid ${what} ${JSON.stringify(text)}: invalid argument`);
    }
  };
  const os = normalizeOs(osMatch[1] ?? "");
  const extra = {
    ...(osMatch[2] && { osVersion: decode(osMatch[2], "OS version") }),
    ...(osMatch[3] && { osFeatures: osMatch[3].slice(1).split("+").map((f) => decode(f, "OS feature")) }),
  };
  switch (parts.length) {
    case 1: {
      if (knownOs.has(os)) {
        const host = hostPlatform();
        // the host's arm variant is implied, as for "linux/arm"
        return make(os, host.architecture, host.architecture === "arm" && host.variant !== "v7" ? (host.variant ?? "") : "", extra);
      }
      const [architecture, variant] = normalizeArch(parts[0] ?? "", "");
      if (!knownArch.has(architecture)) throw invalid("unknown operating system or architecture");
      return make(hostPlatform().os, architecture, architecture === "arm" && variant === "v7" ? "" : variant);
    }
    case 2: {
      const [architecture, variant] = normalizeArch(parts[1] ?? "", "");
      return make(os, architecture, architecture === "arm" && variant === "v7" ? "" : variant, extra);
    }
    case 3: {
      const [architecture, variant] = normalizeArch(parts[1] ?? "", parts[2] ?? "");
      return make(os, architecture, architecture === "arm64" && variant === "" ? "v8" : variant, extra);
    }
    default:
      throw invalid("cannot parse platform specifier");
  }
}

function splitN(text: string, sep: string, n: number): string[] {
  const parts = text.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** "linux/amd64", "linux/arm/v7", "linux/arm64/v8": os/architecture[/variant]. */
export function formatPlatform(platform: Platform): string {
  if (platform.os === "") return "unknown";
  return [platform.os, platform.architecture, platform.variant].filter((p) => p !== undefined && p !== "").join("/");
}

function sameCore(a: Platform, b: Platform): boolean {
  return a.os === b.os && a.architecture === b.architecture && (a.variant ?? "") === (b.variant ?? "");
}

/**
 * The platforms an image may have to run here, best first: amd64 also runs 386; arm/v7 also
 * v6 and v5; arm64 also arm/v8 down to arm/v5; amd64/v3 also v2 and plain amd64.
 */
export function compatiblePlatforms(want: Platform): Platform[] {
  const p = normalizePlatform(want);
  const out: Platform[] = [p];
  const extra = { ...(p.osVersion && { osVersion: p.osVersion }), ...(p.osFeatures && { osFeatures: p.osFeatures }) };
  const level = (variant: string | undefined) => Number.parseInt((variant ?? "").replace(/^v/, ""), 10);
  if (p.architecture === "amd64") {
    for (let v = level(p.variant) - 1; v >= 1; v--) out.push(make(p.os, "amd64", v === 1 ? "" : `v${v}`, extra));
    out.push(make(p.os, "386", "", extra));
  } else if (p.architecture === "arm") {
    for (let v = level(p.variant) - 1; v >= 5; v--) out.push(make(p.os, "arm", `v${v}`, extra));
  } else if (p.architecture === "arm64") {
    const major = level(p.variant ?? "v8");
    const armVariant = Number.isNaN(major) || major >= 8 ? "v8" : (p.variant ?? "v8");
    out.push(...compatiblePlatforms(make(p.os, "arm", armVariant, extra)));
  }
  return out;
}

/** How well `candidate` suits `want`: 0 is best, undefined is not at all. */
export function platformRank(want: Platform, candidate: Platform): number | undefined {
  const c = normalizePlatform(candidate);
  const vector = compatiblePlatforms(want);
  for (const [rank, p] of vector.entries()) {
    if (!sameCore(p, c)) continue;
    const needed = c.osFeatures ?? [];
    if (needed.every((f) => p.osFeatures?.includes(f))) return rank;
  }
  return undefined;
}

/** A manifest list / index entry, as far as platform choice needs it. */
export interface PlatformEntry {
  readonly platform?: { readonly architecture: string; readonly os: string; readonly variant?: string | undefined; readonly "os.version"?: string | undefined; readonly "os.features"?: readonly string[] | undefined };
}

function entryPlatform(entry: PlatformEntry): Platform | undefined {
  const p = entry.platform;
  if (!p) return undefined;
  return make(p.os, p.architecture, p.variant ?? "", {
    ...(p["os.version"] && { osVersion: p["os.version"] }),
    ...(p["os.features"] && { osFeatures: p["os.features"] }),
  });
}

/**
 * Pick the entry of a manifest list or OCI index for `want` (the host by default): the best
 * compatible platform, first in list order among equals. When no variant matches for arm, an
 * entry with the same os and architecture is taken (as Docker keeps doing for old lists).
 * Throws NotFound "no matching manifest for linux/amd64 in the manifest list entries".
 */
export function choosePlatform<E extends PlatformEntry>(index: { readonly manifests: readonly E[] }, want: Platform = hostPlatform()): E {
  const wanted = want.os === "" ? hostPlatform() : want;
  let best: E | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const entry of index.manifests) {
    const p = entryPlatform(entry);
    const rank = p && platformRank(wanted, p);
    if (rank !== undefined && rank < bestRank) {
      best = entry;
      bestRank = rank;
    }
  }
  if (best) return best;
  const n = normalizePlatform(wanted);
  if (n.architecture === "arm") {
    const loose = index.manifests.find((e) => e.platform?.os === n.os && e.platform.architecture === n.architecture);
    if (loose) return loose;
  }
  throw new NotFound(`no matching manifest for ${formatPlatform(wanted)} in the manifest list entries`);
}
