import type { ContainerRecord, Endpoint } from "../../engine/index.ts";

/** Inspect's per-network entry: Docker's EndpointSettings. */
export function endpointWire(e: Endpoint, dnsNames: string[] | null): Record<string, unknown> {
  return {
    IPAMConfig: e.requestedIpv4 || e.linkLocalIps ? { ...(e.requestedIpv4 ? { IPv4Address: e.requestedIpv4 } : {}), ...(e.linkLocalIps ? { LinkLocalIPs: e.linkLocalIps } : {}) } : null,
    Links: null,
    Aliases: e.aliases.length ? e.aliases : null,
    MacAddress: e.mac,
    DriverOpts: e.driverOpts ?? null,
    NetworkID: e.networkId,
    EndpointID: e.endpointId,
    Gateway: e.gateway,
    IPAddress: e.ipv4,
    IPPrefixLen: e.prefixLength,
    IPv6Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    DNSNames: dnsNames,
  };
}

type DnsNamesOf = (c: ContainerRecord, networkId: string, e: Endpoint) => string[] | null;

/** NetworkSettings.Networks: by network name. */
export function networksWire(c: ContainerRecord, dnsNamesOf: DnsNamesOf): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c.network?.endpoints ?? {}).map(([name, e]) => [name, endpointWire(e, dnsNamesOf(c, e.networkId, e))]));
}

/** NetworkSettings.Ports: the bound host ports of a running container, exposed ones as null. */
export function portsWire(c: ContainerRecord): Record<string, { HostIp: string; HostPort: string }[] | null> {
  if (c.state.status !== "running" || !c.network) return {};
  const out: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const key of c.network.request.exposedPorts) out[/\//.test(key) ? key : `${key}/tcp`] = null;
  for (const p of c.network.published) {
    const key = `${p.containerPort}/${p.proto}`;
    (out[key] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
  }
  return out;
}

/** Docker's NetworkSettings for inspect; the top-level address fields are the default bridge's. */
export function networkSettingsWire(c: ContainerRecord, dnsNamesOf: DnsNamesOf): Record<string, unknown> {
  const bridge = c.network?.endpoints.bridge;
  const running = c.state.status === "running";
  return {
    Bridge: "",
    SandboxID: running ? c.id : "",
    SandboxKey: running && c.state.pid ? `/proc/${c.state.pid}/ns/net` : "",
    HairpinMode: false,
    LinkLocalIPv6Address: "",
    LinkLocalIPv6PrefixLen: 0,
    Ports: portsWire(c),
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: bridge?.endpointId ?? "",
    Gateway: bridge?.gateway ?? "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    IPAddress: bridge?.ipv4 ?? "",
    IPPrefixLen: bridge?.prefixLength ?? 0,
    IPv6Gateway: "",
    MacAddress: bridge?.mac ?? "",
    Networks: networksWire(c, dnsNamesOf),
  };
}

/** GET /containers/json Ports: published ports, then exposed ones without a host side. */
export function portListWire(c: ContainerRecord): Record<string, unknown>[] {
  if (!c.network || c.state.status !== "running") return [];
  const out: Record<string, unknown>[] = [];
  const published = c.network.published;
  for (const p of published) out.push({ IP: p.hostIp, PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.proto });
  for (const key of c.network.request.exposedPorts) {
    const [port = "", proto = "tcp"] = key.split("/");
    if (!published.some((p) => p.containerPort === Number(port) && p.proto === proto)) out.push({ PrivatePort: Number(port), Type: proto });
  }
  return out;
}

/** HostConfig.PortBindings as the client sent them. */
export function portBindingsWire(c: ContainerRecord): Record<string, { HostIp: string; HostPort: string }[]> {
  return Object.fromEntries(Object.entries(c.network?.request.portBindings ?? {}).map(([k, list]) => [k, list.map((b) => ({ HostIp: b.hostIp, HostPort: b.hostPort }))]));
}
