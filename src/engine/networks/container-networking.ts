import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Conflict, Forbidden, InvalidArgument, NotImplemented, log, shortId } from "../../lib/index.ts";
import type { ContainerConfig, ContainerRuntime, NetInterface, ProcessHandle } from "../../runtime/index.ts";
import type { ContainerRecord } from "../containers/container-record.ts";
import type { ContainerStore } from "../containers/container-store.ts";
import type { ContainerNetworkState, Endpoint, EndpointRequest, NetworkRecord, NetworkRequest, PortBinding } from "./network-record.ts";
import type { NetworkPlane } from "./network-plane.ts";
import type { NetworkService } from "./network-service.ts";
import { checkPorts, portWishes } from "./port-bindings.ts";

/** The runtime's network side: per-interface frame sockets, and hot-plugging interfaces. */
type NetRuntime = Pick<ContainerRuntime, "netSocketPath" | "addInterface" | "removeInterface">;

export interface ContainerNetworkingSettings {
  mtu: number;
  /** daemon.json host-gateway-ip: what `host-gateway` in --add-host means (default: the network's gateway). */
  hostGatewayIp?: string;
}

function isUserNetwork(n: NetworkRecord): boolean {
  return !n.builtin;
}

/**
 * Containers on networks: the endpoints chosen at create, the runtime config at start
 * (interfaces, /etc/hosts, resolv.conf), attaching to the user-mode networks and publishing
 * ports once the container runs, and undoing that when it stops. The container service calls
 * these hooks; everything network-specific stays here.
 */
export class ContainerNetworking {
  constructor(
    readonly networks: NetworkService,
    private readonly plane: NetworkPlane,
    private readonly store: ContainerStore,
    private readonly runtime: NetRuntime,
    private readonly settings: ContainerNetworkingSettings,
  ) {}

  /** The network mode's name as Docker stores it: "default" is the bridge. */
  private static modeName(mode: string): string {
    return mode === "" || mode === "default" ? "bridge" : mode;
  }

  /** At create: check the request and pick the container's endpoints (addresses are kept until rm). */
  plan(container: { id: string; name: string }, request: NetworkRequest, warnings: string[] = []): ContainerNetworkState {
    checkPorts(request);
    const mode = ContainerNetworking.modeName(request.mode);
    const state: ContainerNetworkState = { request, endpoints: {}, published: [] };
    const publishes = Object.keys(request.portBindings).length > 0 || request.publishAll;
    if (mode.startsWith("container:")) {
      const other = this.store.find(mode.slice("container:".length));
      if (other.id === container.id) throw new InvalidArgument("cannot join own network");
      if (publishes) throw new InvalidArgument("conflicting options: port publishing and the container type network mode");
      if (Object.values(request.endpoints).some((e) => e.aliases.length || e.ipv4Address || e.macAddress)) throw new InvalidArgument("conflicting options: networking config and container network mode");
      return state;
    }
    const primary = this.networks.find(mode);
    if (publishes && primary.driver !== "bridge") warnings.push(`Published ports are discarded when using ${primary.name} network mode`);
    const wanted = new Map<string, EndpointRequest>();
    wanted.set(primary.id, { aliases: [] });
    for (const [ref, cfg] of Object.entries(request.endpoints)) {
      const n = this.networks.find(ContainerNetworking.modeName(ref));
      if (n.driver !== primary.driver && (n.driver !== "bridge" || primary.driver !== "bridge")) {
        throw new InvalidArgument(`container cannot be connected to multiple networks with one of the networks in private (none) mode or host mode`);
      }
      wanted.set(n.id, cfg);
    }
    const reserved = new Set<string>();
    for (const [id, cfg] of wanted) {
      const n = this.networks.find(id);
      const endpoint = this.endpointFor(n, cfg, reserved);
      if (endpoint.ipv4) reserved.add(endpoint.ipv4);
      state.endpoints[n.name] = endpoint;
    }
    return state;
  }

  private endpointFor(n: NetworkRecord, cfg: EndpointRequest, reserved: Set<string>): Endpoint {
    if (n.builtin && cfg.aliases.length) throw new InvalidArgument("network-scoped alias is supported only for containers in user defined networks");
    if (!n.ipam) return { networkId: n.id, endpointId: "", ipv4: "", prefixLength: 0, gateway: "", mac: "", aliases: [] };
    return this.networks.allocate(n, { ...cfg, reserved });
  }

  /** Endpoints that get a TAP device, in interface order (eth0 first). */
  private static devices(state: ContainerNetworkState | undefined): [string, Endpoint][] {
    return Object.entries(state?.endpoints ?? {}).filter(([, e]) => !!e.ipv4);
  }

  /** At start: the runtime config with the namespace, interfaces, hosts entries and resolvers. */
  runtimeConfig(record: ContainerRecord): ContainerConfig {
    const state = record.network;
    const base = record.runtime;
    if (!state) return base;
    const mode = ContainerNetworking.modeName(state.request.mode);
    if (mode.startsWith("container:")) {
      const other = this.store.find(mode.slice("container:".length));
      if (other.state.status !== "running") throw new Conflict(`cannot join network namespace of a non running container: ${other.id}`);
      // The other container's network: its resolver and gateway serve this one too.
      const gateway = ContainerNetworking.devices(other.network)[0]?.[1].gateway;
      const hostGateway = this.settings.hostGatewayIp || gateway || (other.runtime.network === "host" ? "127.0.0.1" : this.networks.find("bridge").ipam!.gateway);
      const extraHosts = base.extraHosts.map((h) => (h.ip === "host-gateway" ? { ...h, ip: hostGateway } : h));
      return { ...base, network: { joinPid: other.state.pid }, extraHosts, dns: base.dns.length || !gateway ? base.dns : [gateway] };
    }
    const devices = ContainerNetworking.devices(state);
    const gateway = devices[0]?.[1].gateway;
    const hostGateway = this.settings.hostGatewayIp || (base.network === "host" ? "127.0.0.1" : gateway || this.networks.find("bridge").ipam!.gateway);
    const extraHosts = base.extraHosts.map((h) => (h.ip === "host-gateway" ? { ...h, ip: hostGateway } : h));
    if (base.network === "host") return { ...base, extraHosts };
    const interfaces: NetInterface[] = devices.map(([, e], i) => ({ name: `eth${i}`, mac: e.mac, ipv4: e.ipv4, prefixLength: e.prefixLength, ...(i === 0 ? { gateway: e.gateway } : {}), mtu: this.settings.mtu }));
    const own = devices[0] ? [{ host: record.runtime.hostname, ip: devices[0][1].ipv4 }] : [];
    return {
      ...base,
      network: "private",
      interfaces,
      extraHosts: [...extraHosts, ...own],
      dns: base.dns.length || !gateway ? base.dns : [gateway],
    };
  }

  /** The names other containers on `n` find this one by (user networks only, as Docker). */
  private static dnsNames(record: ContainerRecord, n: NetworkRecord, e: Endpoint): string[] {
    if (!isUserNetwork(n)) return [];
    return [...new Set([record.name, ...e.aliases, shortId(record.id)])];
  }

  /** Docker's DNSNames for inspect (null on the default bridge). */
  dnsNamesOf(record: ContainerRecord, networkId: string, e: Endpoint): string[] | null {
    const n = this.networks.tryFind(networkId);
    return n && isUserNetwork(n) ? ContainerNetworking.dnsNames(record, n, e) : null;
  }

  /**
   * Once the process exists (before it runs): plug each interface's frame socket into its
   * network and publish the ports. On failure everything done so far is undone.
   */
  async started(id: string, handle: ProcessHandle): Promise<void> {
    const record = this.store.find(id);
    const devices = ContainerNetworking.devices(record.network);
    if (!devices.length) return;
    const sockets = handle.netSocketPaths;
    try {
      await this.connectAll(record, (i) => sockets[i]);
      await this.publishAll(record, false);
    } catch (err) {
      this.stopped(id);
      throw err;
    }
  }

  private async connectAll(record: ContainerRecord, socketOf: (index: number) => string | undefined): Promise<void> {
    const devices = ContainerNetworking.devices(record.network);
    const paths = new Map<string, string>();
    for (const [i, [name, e]] of devices.entries()) {
      const n = this.networks.find(e.networkId);
      const path = socketOf(i);
      if (!path) throw new Error(`no frame socket for eth${i}`);
      await this.plane.attach(record.id, n, e, ContainerNetworking.dnsNames(record, n, e), path);
      paths.set(name, path);
    }
    this.store.update(record.id, (r) => {
      for (const [name, path] of paths) if (r.network?.endpoints[name]) r.network.endpoints[name].socketPath = path;
    });
  }

  /** Bind the host ports; `again` (daemon restart) asks for the ports the container had. */
  private async publishAll(record: ContainerRecord, again: boolean): Promise<void> {
    const first = ContainerNetworking.devices(record.network)[0]?.[1];
    if (!first || !record.network) return;
    const wishes = again
      ? record.network.published.map((p) => ({ containerPort: p.containerPort, proto: p.proto, hostIp: p.hostIp, hostPorts: [p.hostPort] }))
      : portWishes(record.network.request);
    const published: PortBinding[] = [];
    for (const w of wishes) {
      const candidates = w.hostPorts.length ? w.hostPorts : [0];
      let lastError: unknown;
      let bound = 0;
      for (const port of candidates) {
        try {
          bound = await this.plane.publish(record.id, first.networkId, first.endpointId, { containerPort: w.containerPort, proto: w.proto, hostIp: w.hostIp, hostPort: port });
          break;
        } catch (err) {
          lastError = err;
        }
      }
      if (!bound) throw portError(lastError, w.hostIp, w.hostPorts);
      published.push({ containerPort: w.containerPort, proto: w.proto, hostIp: w.hostIp, hostPort: bound });
    }
    this.store.update(record.id, (r) => {
      if (r.network) r.network.published = published;
    });
  }

  /**
   * The container stopped: close its ports and links (its addresses stay until rm). `drain`:
   * its process ran, so what its kernel still sends is let through before the links close.
   */
  stopped(id: string, opts: { drain?: boolean } = {}): void {
    this.plane.detachAll(id, opts);
    const r = this.store.tryFind(id);
    if (r?.network?.published.length) this.store.update(id, (x) => (x.network!.published = []));
  }

  /** After a daemon restart: reconnect a running container's frame sockets and ports. */
  async adopted(record: ContainerRecord): Promise<void> {
    if (!ContainerNetworking.devices(record.network).length) return;
    const devices = ContainerNetworking.devices(record.network);
    try {
      await this.connectAll(record, (i) => devices[i]?.[1].socketPath ?? this.runtime.netSocketPath(record.id, i));
      await this.publishAll(record, true);
    } catch (err) {
      log.warn("could not reconnect the container's network", { id: shortId(record.id), error: String(err) });
    }
  }

  /** docker network connect. */
  async connect(networkRef: string, containerRef: string, cfg: EndpointRequest): Promise<void> {
    const n = this.networks.find(networkRef);
    const record = this.store.find(containerRef);
    const state = record.network;
    const mode = ContainerNetworking.modeName(state?.request.mode ?? "bridge");
    if (n.driver !== "bridge" || mode === "host" || mode === "none" || mode.startsWith("container:")) {
      throw new Forbidden(`container cannot be disconnected from host network or connected to host network`);
    }
    if (Object.values(state?.endpoints ?? {}).some((e) => e.networkId === n.id)) throw new Forbidden(`endpoint with name ${record.name} already exists in network ${n.name}`);
    const endpoint = this.endpointFor(n, cfg, new Set());
    if (record.state.status === "running") {
      const index = ContainerNetworking.devices(state).length;
      const iface: NetInterface = { name: `eth${index}`, mac: endpoint.mac, ipv4: endpoint.ipv4, prefixLength: endpoint.prefixLength, mtu: this.settings.mtu };
      endpoint.socketPath = await this.runtime.addInterface(record.id, record.state.pid, iface);
      try {
        await this.plane.attach(record.id, n, endpoint, ContainerNetworking.dnsNames(record, n, endpoint), endpoint.socketPath);
      } catch (err) {
        await this.runtime.removeInterface(record.id, iface.name).catch(() => undefined);
        throw err;
      }
      this.useResolverOf(record, n, endpoint);
    }
    this.store.update(record.id, (r) => {
      r.network ??= { request: { mode: "bridge", endpoints: {}, portBindings: {}, publishAll: false, exposedPorts: [] }, endpoints: {}, published: [] };
      r.network.endpoints[n.name] = endpoint;
    });
    this.networks.events?.emit("network", "connect", n.id, { container: record.id, name: n.name, type: n.driver });
  }

  /**
   * A container whose resolver does not answer names (the default bridge's) joined a user
   * network: point its resolv.conf at that network's, as Docker switches to its embedded DNS.
   */
  private useResolverOf(record: ContainerRecord, n: NetworkRecord, e: Endpoint): void {
    if (!isUserNetwork(n) || record.runtime.dns.length) return;
    const primary = ContainerNetworking.devices(record.network)[0]?.[1];
    if (primary && !this.networks.tryFind(primary.networkId)?.builtin) return;
    this.replaceResolver(record, undefined, e.gateway);
  }

  /** Rewrite the nameserver lines of a running container's resolv.conf (`from`: only that one). */
  private replaceResolver(record: ContainerRecord, from: string | undefined, to: string): void {
    const file = join(dirname(record.logPath), "resolv.conf");
    try {
      const lines = readFileSync(file, "utf8").split("\n");
      const servers = lines.filter((l) => /^\s*nameserver\s/.test(l));
      if (from !== undefined && !servers.some((l) => l.trim().split(/\s+/)[1] === from)) return;
      const rest = lines.filter((l) => !/^\s*nameserver\s/.test(l));
      writeFileSync(file, [`nameserver ${to}`, ...rest].join("\n")); // in place: the container's bind mount sees it
    } catch (err) {
      log.warn("could not update the container's resolv.conf", { id: shortId(record.id), error: String(err) });
    }
  }

  /** docker network disconnect. */
  async disconnect(networkRef: string, containerRef: string, force = false): Promise<void> {
    const n = this.networks.tryFind(networkRef);
    const record = this.store.find(containerRef);
    const entry = Object.entries(record.network?.endpoints ?? {}).find(([name, e]) => (n ? e.networkId === n.id : name === networkRef));
    if (!entry) {
      if (!n) throw new Forbidden(`network ${networkRef} not found`);
      throw new Forbidden(`container ${record.id} is not connected to network ${n.name}`);
    }
    if (n && n.driver !== "bridge") throw new Forbidden("container cannot be disconnected from host network or connected to host network");
    const [name, endpoint] = entry;
    if (record.state.status === "running" && endpoint.ipv4) {
      const devices = ContainerNetworking.devices(record.network);
      const index = devices.findIndex(([k]) => k === name);
      if (index !== devices.length - 1 && !force) throw new NotImplemented("disconnecting a running container from any network but the last one connected is not supported yet");
      await this.plane.detach(record.id, endpoint.endpointId);
      await this.runtime.removeInterface(record.id, `eth${index}`);
      if (index > 0) this.replaceResolver(record, endpoint.gateway, devices[0]![1].gateway);
    }
    this.store.update(record.id, (r) => {
      delete r.network!.endpoints[name];
    });
    this.networks.events?.emit("network", "disconnect", endpoint.networkId, { container: record.id, name, type: "bridge" });
  }
}

/** A failed bind as Docker words it; other errors (e.g. a privileged port, with how to allow it) pass through. */
function portError(err: unknown, hostIp: string, ports: number[]): Error {
  const msg = err instanceof Error ? err.message : String(err);
  const where = `${hostIp}:${ports.length === 1 ? ports[0] : ports.length ? `${ports[0]}-${ports.at(-1)}` : "0"}`;
  if (/already allocated|EADDRINUSE/i.test(msg)) return new Conflict(`driver failed programming external connectivity: Bind for ${where} failed: port is already allocated`);
  return err instanceof Error ? err : new Error(msg);
}
