import { prunable, type PruneFilter } from "../prune-filters.ts";
import type { EventBus } from "../events/index.ts";
import { Conflict, Forbidden, InvalidArgument, NotFound, NotImplemented, newId } from "../../lib/index.ts";
import type { MetadataDb } from "../../store/index.ts";
import { dockerDefaultPools, pickSubnet } from "./address-pools.ts";
import { formatIp, formatSubnet, inSubnet, macOf, nextFreeAddress, overlaps, parseIp, parseSubnet, tryParseIp } from "./ipv4.ts";
import type { ContainerNetworkState, Endpoint, EndpointRequest, NetworkRecord } from "./network-record.ts";
import { matchesNetworkFilters, type NetworkFilters } from "./network-filters.ts";

/** A container as the network side sees it. */
export interface Member {
  id: string;
  name: string;
  network?: ContainerNetworkState;
}

export interface NetworkCreateInput {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  ipam?: { subnet?: string; gateway?: string; ipRange?: string; auxAddresses?: Record<string, string> }[];
}

/** A network with the containers on it, for inspect. */
export interface NetworkView extends NetworkRecord {
  containers: { id: string; name: string; endpoint: Endpoint }[];
}

export interface NetworkSettingsConfig {
  bip?: string;
  defaultAddressPools: { base: string; size: number }[];
}


/**
 * Networks: the predefined bridge, host and none, and user-defined bridge networks, in
 * bunker.db. Addresses are handed out from each network's subnet; a container keeps its
 * address while it exists (the containers' records are the allocation table).
 */
export class NetworkService {
  constructor(
    private readonly db: MetadataDb,
    private readonly config: NetworkSettingsConfig,
    private readonly members: () => Member[],
    /** Where network events go (create, destroy; connect/disconnect come from ContainerNetworking). */
    readonly events?: EventBus,
  ) {
    this.ensurePredefined();
  }

  private ensurePredefined(): void {
    const bridge = this.bridgeIpam();
    const have = new Map(this.db.all<NetworkRecord>("networks").map((n) => [n.name, n]));
    const base = { created: new Date().toISOString(), builtin: true, internal: false, attachable: false, labels: {}, options: {} };
    const old = have.get("bridge");
    if (!old) this.db.put<NetworkRecord>("networks", { ...base, id: newId(), name: "bridge", driver: "bridge", ipam: bridge, options: { "com.docker.network.bridge.default_bridge": "true", "com.docker.network.bridge.name": "bunker0" } } satisfies NetworkRecord);
    else if (old.ipam?.subnet !== bridge.subnet || old.ipam.gateway !== bridge.gateway) this.db.put("networks", { ...old, ipam: bridge }); // `bip` changed
    if (!have.has("host")) this.db.put<NetworkRecord>("networks", { ...base, id: newId(), name: "host", driver: "host" } satisfies NetworkRecord);
    if (!have.has("none")) this.db.put<NetworkRecord>("networks", { ...base, id: newId(), name: "none", driver: "null" } satisfies NetworkRecord);
  }

  /** The default bridge: daemon.json's `bip` (gateway/prefix), else Docker's 172.17.0.1/16. */
  private bridgeIpam(): { subnet: string; gateway: string } {
    if (!this.config.bip) return { subnet: "172.17.0.0/16", gateway: "172.17.0.1" };
    const [ip = "", prefix = "16"] = this.config.bip.split("/");
    return { subnet: formatSubnet(parseSubnet(`${ip}/${prefix}`)), gateway: formatIp(parseIp(ip, "bip")) };
  }

  all(): NetworkRecord[] {
    return this.db.all<NetworkRecord>("networks");
  }

  /** A network by full id, name, or unique id prefix (Docker's order). */
  find(ref: string): NetworkRecord {
    const found = this.tryFind(ref);
    if (!found) throw new NotFound(`network ${ref} not found`);
    return found;
  }

  tryFind(ref: string): NetworkRecord | undefined {
    const all = this.all();
    const found = all.find((n) => n.id === ref) ?? all.find((n) => n.name === ref);
    if (found || !/^[0-9a-f]+$/.test(ref)) return found;
    const matches = all.filter((n) => n.id.startsWith(ref));
    if (matches.length > 1) throw new Forbidden(`network ${ref} is ambiguous (${matches.length} matches found on name)`);
    return matches[0];
  }

  /** The containers with an endpoint on the network. */
  containersOn(networkId: string): NetworkView["containers"] {
    const out: NetworkView["containers"] = [];
    for (const m of this.members()) {
      for (const endpoint of Object.values(m.network?.endpoints ?? {})) if (endpoint.networkId === networkId) out.push({ id: m.id, name: m.name, endpoint });
    }
    return out;
  }

  view(n: NetworkRecord): NetworkView {
    return { ...n, containers: this.containersOn(n.id) };
  }

  list(filters: NetworkFilters = {}): NetworkView[] {
    return this.all()
      .map((n) => this.view(n))
      .filter((n) => matchesNetworkFilters(n, filters));
  }

  create(input: NetworkCreateInput): { id: string; warning: string } {
    const name = input.name;
    if (!name) throw new InvalidArgument("network name is required");
    if (name.includes("/") || name.trim() !== name) throw new InvalidArgument(`invalid network name "${name}": no "/", no leading or trailing spaces`);
    const driver = input.driver || "bridge";
    if (driver !== "bridge") {
      if (driver === "host" || driver === "null") throw new Forbidden(`only one instance of "${driver}" network is allowed`);
      throw new NotImplemented(`network driver ${driver} is not supported (bridge only)`);
    }
    if (this.all().some((n) => n.name === name)) throw new Conflict(`network with name ${name} already exists`);
    const configs = input.ipam ?? [];
    if (configs.length > 1) throw new NotImplemented("only one IPv4 subnet per network is supported");
    const taken = this.all().flatMap((n) => (n.ipam ? [parseSubnet(n.ipam.subnet)] : []));
    const wanted = configs[0] ?? {};
    let subnet;
    if (wanted.subnet) {
      if (wanted.subnet.includes(":")) throw new NotImplemented("IPv6 subnets are not supported yet");
      subnet = parseSubnet(wanted.subnet);
      if (subnet.prefix > 30) throw new InvalidArgument(`invalid subnet ${wanted.subnet}: too small for containers (at most /30)`);
      if (taken.some((t) => overlaps(t, subnet!))) throw new Conflict("invalid pool request: Pool overlaps with other one on this address space");
    } else {
      if (wanted.gateway) throw new InvalidArgument("a gateway needs a subnet: give --subnet too");
      subnet = pickSubnet(this.config.defaultAddressPools.length ? this.config.defaultAddressPools : dockerDefaultPools, taken);
    }
    let gateway = subnet.base + 1;
    if (wanted.gateway) {
      gateway = parseIp(wanted.gateway, "gateway address");
      if (!inSubnet(subnet, gateway)) throw new InvalidArgument(`invalid pool request: gateway ${wanted.gateway} is not in subnet ${formatSubnet(subnet)}`);
    }
    let ipRange: string | undefined;
    if (wanted.ipRange) {
      if (!wanted.subnet) throw new InvalidArgument("every ip-range or gateway must have a corresponding subnet");
      const range = parseSubnet(wanted.ipRange);
      if (range.prefix < subnet.prefix || !inSubnet(subnet, range.base)) throw new InvalidArgument(`invalid pool request: ip-range ${wanted.ipRange} is not in subnet ${formatSubnet(subnet)}`);
      ipRange = formatSubnet(range);
    }
    // Addresses kept back for things outside Bunker (--aux-address name=ip): never given to a container.
    const aux = wanted.auxAddresses ?? {};
    for (const [host, ip] of Object.entries(aux)) {
      if (!inSubnet(subnet, parseIp(ip, "auxiliary address"))) throw new InvalidArgument(`invalid pool request: auxiliary address ${host}=${ip} is not in subnet ${formatSubnet(subnet)}`);
    }
    const record: NetworkRecord = {
      id: newId(),
      name,
      created: new Date().toISOString(),
      driver: "bridge",
      builtin: false,
      internal: !!input.internal,
      attachable: !!input.attachable,
      labels: input.labels ?? {},
      options: input.options ?? {},
      ipam: { subnet: formatSubnet(subnet), gateway: formatIp(gateway), ...(ipRange ? { ipRange } : {}), ...(Object.keys(aux).length ? { auxAddresses: aux } : {}) },
    };
    this.db.put("networks", record);
    this.events?.emit("network", "create", record.id, { name, type: "bridge" });
    return { id: record.id, warning: "" };
  }

  remove(ref: string): void {
    const n = this.find(ref);
    if (n.builtin) throw new Forbidden(`${n.name} is a pre-defined network and cannot be removed`);
    if (this.containersOn(n.id).length) throw new Conflict(`error while removing network: network ${n.name} id ${n.id} has active endpoints`);
    this.db.delete("networks", n.id);
    this.events?.emit("network", "destroy", n.id, { name: n.name, type: n.driver });
  }

  /** docker network prune: the user-defined networks no container uses. */
  prune(filter: PruneFilter = { labels: [], notLabels: [] }): string[] {
    const gone: string[] = [];
    for (const n of this.list({ type: ["custom"] })) {
      if (n.containers.length || !prunable(filter, n.created, n.labels)) continue;
      this.db.delete("networks", n.id);
      this.events?.emit("network", "destroy", n.id, { name: n.name, type: n.driver });
      gone.push(n.name);
    }
    return gone;
  }

  /**
   * A new endpoint on `network` for a container: the address asked for (refused when taken or
   * outside the subnet), else the next free one. `reserved` holds addresses handed out in the
   * same request but not saved yet.
   */
  allocate(network: NetworkRecord, opts: Partial<EndpointRequest> & { reserved?: Set<string> }): Endpoint {
    if (!network.ipam) throw new InvalidArgument(`network ${network.name} gives no addresses`);
    const subnet = parseSubnet(network.ipam.subnet);
    const gateway = parseIp(network.ipam.gateway);
    const used = new Set<number>([gateway, ...Object.values(network.ipam.auxAddresses ?? {}).map((ip) => parseIp(ip))]);
    for (const c of this.containersOn(network.id)) used.add(parseIp(c.endpoint.ipv4));
    for (const r of opts.reserved ?? []) {
      const ip = tryParseIp(r);
      if (ip !== undefined) used.add(ip);
    }
    if (opts.macAddress !== undefined && !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(opts.macAddress)) throw new InvalidArgument(`invalid MAC address: ${opts.macAddress}`);
    let ip: number | undefined;
    if (opts.ipv4Address) {
      if (network.builtin) throw new InvalidArgument("user specified IP address is supported on user defined networks only");
      ip = parseIp(opts.ipv4Address, "IPv4 address");
      if (!inSubnet(subnet, ip)) throw new InvalidArgument(`no configured subnet contains IP address ${opts.ipv4Address}`);
      if (used.has(ip)) throw new Conflict(`Address already in use: ${opts.ipv4Address} on network ${network.name}`);
    } else {
      ip = nextFreeAddress(subnet, used, network.ipam.ipRange ? parseSubnet(network.ipam.ipRange) : undefined);
      if (ip === undefined) throw new Conflict(`no available IPv4 addresses on this network's address pools: ${network.name} (${network.id})`);
    }
    return {
      networkId: network.id,
      endpointId: newId(),
      ipv4: formatIp(ip),
      prefixLength: subnet.prefix,
      gateway: network.ipam.gateway,
      mac: opts.macAddress?.toLowerCase() ?? macOf(ip),
      aliases: opts.aliases ?? [],
      ...(opts.ipv4Address ? { requestedIpv4: opts.ipv4Address } : {}),
      ...(opts.linkLocalIps?.length ? { linkLocalIps: opts.linkLocalIps } : {}),
      ...(opts.driverOpts && Object.keys(opts.driverOpts).length ? { driverOpts: opts.driverOpts } : {}),
    };
  }
}
