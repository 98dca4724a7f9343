/**
 * Image references, parsed and normalised the way Docker does (the distribution reference
 * grammar plus Docker Hub's normalisation):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path
 *   domain    := host [":" port]        host: domain name, IPv4 address or [IPv6 address]
 *   path      := component ["/" component]*     component: [a-z0-9]+ joined by . _ __ or -+
 *   tag       := [\w][\w.-]{0,127}
 *   digest    := algorithm ":" hex{32,}
 *
 * The first component of a name is a registry only when it contains "." or ":", is "localhost",
 * or has uppercase letters; otherwise the name lives on Docker Hub ("docker.io"), and a
 * one-component Hub name gets the "library/" namespace. "index.docker.io" means "docker.io".
 */
import { InvalidArgument } from "../lib/index.ts";
import { validateDigest } from "./digest.ts";

/** A parsed, normalised reference: `docker.io/library/busybox:latest` is domain + path + tag. */
export interface ImageReference {
  /** Registry host with optional port, e.g. "docker.io", "localhost:5000", "[::1]:5000". */
  readonly domain: string;
  /** Repository path inside the registry, e.g. "library/busybox", "user/app". */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

export const DEFAULT_DOMAIN = "docker.io";
export const DEFAULT_TAG = "latest";
/** Where Docker Hub's registry API actually answers. */
export const DOCKER_HUB_API_HOST = "registry-1.docker.io";
const LEGACY_DOMAIN = "index.docker.io";
const OFFICIAL_PREFIX = "library/";
/** Longest repository path (domain excluded) Docker accepts. */
export const MAX_PATH_LENGTH = 255;

// The grammar, written as regular expressions from the pieces above.
const alphaNumeric = "[a-z0-9]+";
const separator = "(?:[._]|__|[-]+)";
const pathComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6Host = "\\[(?:[a-fA-F0-9:]+)\\]";
const domainAndPort = `(?:${domainName}|${ipv6Host})(?::[0-9]+)?`;
const tagPattern = "[\\w][\\w.-]{0,127}";
const digestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

const referenceRe = new RegExp(`^((?:${domainAndPort}/)?${remoteName})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const nameRe = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const tagRe = new RegExp(`^${tagPattern}$`);
const digestRe = new RegExp(`^${digestPattern}$`);
const identifierRe = /^[a-f0-9]{64}$/;

/**
 * Parse what a user typed (`busybox`, `user/app:1`, `localhost:5000/x@sha256:…`) into its
 * normalised form. The tag stays absent when none was written; see `withDefaultTag`.
 * Throws InvalidArgument with Docker's messages.
 */
export function parseReference(text: string): ImageReference {
  if (identifierRe.test(text)) {
    throw new InvalidArgument(`invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`);
  }
  const [domain, remainder] = splitDomain(text);
  const colon = remainder.indexOf(":");
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) {
    throw new InvalidArgument(`invalid reference format: repository name (${remote}) must be lowercase`);
  }
  const ref = parseCanonical(`${domain}/${remainder}`);
  // "regi_stry.io/x": the first component is taken as a registry but is no valid host, while
  // the whole still reads as a path. Docker then yields a name without registry; refuse it.
  if (ref.domain === "") throw new InvalidArgument("invalid reference format");
  return ref;
}

/**
 * Parse a reference already in canonical form (`docker.io/library/busybox:latest`), with no
 * Docker Hub normalisation: the grammar alone. Throws InvalidArgument with Docker's messages.
 */
export function parseCanonical(text: string): ImageReference {
  if (text === "") throw new InvalidArgument("repository name must have at least one component");
  const match = referenceRe.exec(text);
  if (!match) {
    const lower = text.toLowerCase();
    if (lower !== text && referenceRe.test(lower)) throw new InvalidArgument("repository name must be lowercase");
    throw new InvalidArgument("invalid reference format");
  }
  const [, name = "", tag, digest] = match;
  const nameMatch = nameRe.exec(name);
  const domain = nameMatch?.[1] ?? "";
  const path = nameMatch?.[2] ?? name;
  if (path.length > MAX_PATH_LENGTH) {
    throw new InvalidArgument(`repository name must not be more than ${MAX_PATH_LENGTH} characters`);
  }
  if (digest !== undefined) validateDigest(digest);
  return { domain, path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** Split a familiar name into registry and remainder, as Docker decides which is which. */
function splitDomain(name: string): [string, string] {
  const slash = name.indexOf("/");
  if (slash === -1) return [DEFAULT_DOMAIN, OFFICIAL_PREFIX + name];
  const first = name.slice(0, slash);
  let rest = name.slice(slash + 1);
  let domain: string;
  if (first === "localhost" || first.includes(".") || first.includes(":") || first.toLowerCase() !== first) {
    domain = first === LEGACY_DOMAIN ? DEFAULT_DOMAIN : first;
  } else {
    domain = DEFAULT_DOMAIN;
    rest = name;
  }
  if (domain === DEFAULT_DOMAIN && !rest.includes("/")) rest = OFFICIAL_PREFIX + rest;
  return [domain, rest];
}

/** `docker.io/library/busybox`: the full repository name, without tag or digest. */
export function canonicalName(ref: ImageReference): string {
  return ref.domain === "" ? ref.path : `${ref.domain}/${ref.path}`;
}

/** `docker.io/library/busybox:latest@sha256:…`: the full reference. */
export function canonicalString(ref: ImageReference): string {
  return canonicalName(ref) + suffix(ref);
}

/** `busybox`, `user/app`, `localhost:5000/x`: the name as Docker shows it. */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return canonicalName(ref);
  if (ref.path.startsWith(OFFICIAL_PREFIX)) {
    const rest = ref.path.slice(OFFICIAL_PREFIX.length);
    if (!rest.includes("/")) return rest;
  }
  return ref.path;
}

/** `busybox:latest`, `user/app:1`, `localhost:5000/x:1@sha256:…`: the reference as Docker shows it. */
export function familiarString(ref: ImageReference): string {
  return familiarName(ref) + suffix(ref);
}

function suffix(ref: ImageReference): string {
  return (ref.tag !== undefined ? `:${ref.tag}` : "") + (ref.digest !== undefined ? `@${ref.digest}` : "");
}

/** The reference with tag "latest" when it has neither tag nor digest (Docker's TagNameOnly). */
export function withDefaultTag(ref: ImageReference): ImageReference {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: DEFAULT_TAG } : ref;
}

/**
 * What a pull or run resolves: the digest alone when there is one (a tag next to a digest is
 * dropped), else the tag, defaulting to "latest" (Docker's ParseDockerRef).
 */
export function resolvableReference(ref: ImageReference): ImageReference {
  if (ref.digest !== undefined) return { domain: ref.domain, path: ref.path, digest: ref.digest };
  return withDefaultTag(ref);
}

/** The repository alone, without tag or digest. */
export function nameOnly(ref: ImageReference): ImageReference {
  return { domain: ref.domain, path: ref.path };
}

/** Replace the tag (keeping a digest), e.g. for `POST /images/create?tag=`. Throws "invalid tag format". */
export function withTag(ref: ImageReference, tag: string): ImageReference {
  if (!tagRe.test(tag)) throw new InvalidArgument("invalid tag format");
  return { ...ref, tag };
}

/** Replace the digest (keeping a tag). Throws "invalid digest format" for a malformed digest. */
export function withDigest(ref: ImageReference, digest: string): ImageReference {
  if (!digestRe.test(digest)) throw new InvalidArgument("invalid digest format");
  return { ...ref, digest };
}

/** True when `tag` is a valid tag by the grammar. */
export function isValidTag(tag: string): boolean {
  return tagRe.test(tag);
}

/** The host to send registry API calls to: Docker Hub's names map to registry-1.docker.io. */
export function registryApiHost(refOrDomain: ImageReference | string): string {
  const domain = typeof refOrDomain === "string" ? refOrDomain : refOrDomain.domain;
  return domain === DEFAULT_DOMAIN || domain === LEGACY_DOMAIN ? DOCKER_HUB_API_HOST : domain;
}
