import { isIP } from "node:net";

/** One place to send registry requests: the registry itself or a mirror of it. */
export interface RegistryEndpoint {
  /** "https://registry-1.docker.io", "http://127.0.0.1:5000" (no trailing slash). */
  baseUrl: string;
  /** host[:port] of baseUrl: the key for auth challenges and stored credentials. */
  host: string;
  /** The registry host of the reference this endpoint serves ("docker.io"). */
  registryHost: string;
  mirror: boolean;
}

const hubHosts = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

export function isDockerHub(registryHost: string): boolean {
  return hubHosts.has(registryHost.toLowerCase());
}

/** Splits "host:port", "[::1]:5000", "::1" into a bare hostname (no brackets) and an optional port. */
function hostnameOf(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]"));
  if (isIP(host) === 6) return host;
  const colon = host.lastIndexOf(":");
  return colon >= 0 ? host.slice(0, colon) : host;
}

function ipv4ToNumber(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, bitsText] = cidr.split("/");
  const bits = Number(bitsText);
  if (!net || isIP(net) !== 4 || isIP(ip) !== 4 || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : (~((1 << (32 - bits)) - 1)) >>> 0;
  return ((ipv4ToNumber(ip) & mask) >>> 0) === ((ipv4ToNumber(net) & mask) >>> 0);
}

/** Loopback, as Docker treats it: 127.0.0.0/8, ::1 and localhost are always insecure. */
function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || (isIP(h) === 4 && inCidr(h, "127.0.0.0/8"));
}

/** Whether a registry host is reached over plain http: loopback, or listed by host, host:port or CIDR. */
export function isInsecureRegistry(host: string, insecure: readonly string[] = []): boolean {
  const hostname = hostnameOf(host);
  if (isLoopback(hostname)) return true;
  for (const entry of insecure) {
    const e = entry.replace(/^https?:\/\//i, "").replace(/\/+$/, "").toLowerCase();
    if (e.includes("/") && !e.includes("]")) {
      if (inCidr(hostname, e)) return true;
    } else if (e === host.toLowerCase() || e === hostname.toLowerCase()) {
      return true;
    }
  }
  return false;
}

/**
 * Where requests for a registry host go, in order. docker.io pulls try each mirror first, then
 * registry-1.docker.io; pushes never go to a mirror.
 */
export function resolveRegistryEndpoints(
  registryHost: string,
  options: { insecureRegistries?: readonly string[]; registryMirrors?: readonly string[]; dockerHubUrl?: string; forPush?: boolean },
): RegistryEndpoint[] {
  const out: RegistryEndpoint[] = [];
  const hub = isDockerHub(registryHost);
  if (hub && !options.forPush) {
    for (const mirror of options.registryMirrors ?? []) {
      const hasScheme = /^https?:\/\//i.test(mirror);
      const url = new URL(hasScheme ? mirror : `https://${mirror}`);
      if (!hasScheme && isInsecureRegistry(url.host, options.insecureRegistries)) url.protocol = "http:";
      out.push({ baseUrl: url.origin, host: url.host, registryHost: "docker.io", mirror: true });
    }
  }
  if (hub && options.dockerHubUrl) {
    const url = new URL(options.dockerHubUrl);
    out.push({ baseUrl: url.origin, host: url.host, registryHost: "docker.io", mirror: false });
    return out;
  }
  const host = hub ? "registry-1.docker.io" : registryHost.toLowerCase();
  const scheme = isInsecureRegistry(host, options.insecureRegistries) ? "http" : "https";
  out.push({ baseUrl: `${scheme}://${host}`, host, registryHost: hub ? "docker.io" : host, mirror: false });
  return out;
}
