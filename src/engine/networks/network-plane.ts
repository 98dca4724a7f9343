import { readFileSync } from "node:fs";
import { countingLink, type LinkCounters } from "./link-counters.ts";
import { connectFrameSocket, UserNetwork, type FrameLink, type Published, type UserNetworkOptions } from "../../net/index.ts";
import { log, shortId } from "../../lib/index.ts";
import type { Endpoint, NetworkRecord, PortBinding } from "./network-record.ts";

/** How the daemon's user-mode networks are set up (from daemon.json). */
export interface PlaneSettings {
  mtu: number;
  /** Upstream resolvers; empty: the host's /etc/resolv.conf. */
  dns: string[];
  /** TCP/UDP to a network's gateway reaches the host's loopback (host-gateway). */
  hostLoopback: boolean;
}

interface Attachment {
  networkId: string;
  endpointId: string;
  link: FrameLink;
  counters: LinkCounters;
}

/** The host's resolvers, loopback stubs (127.0.0.53) included: the forwarder runs on the host. */
export function hostResolvers(file = "/etc/resolv.conf"): string[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
      .filter((ns): ns is string => !!ns && !ns.includes(":"));
  } catch {
    return [];
  }
}

/**
 * The live side of networking: one UserNetwork per network that has attached endpoints (made on
 * first attach, closed when its last endpoint leaves), each container's frame links, and the
 * host ports published into it.
 */
export class NetworkPlane {
  private readonly nets = new Map<string, { net: UserNetwork; users: Set<Attachment> }>();
  private readonly attached = new Map<string, Attachment[]>();
  private readonly published = new Map<string, Published[]>();

  constructor(private readonly settings: PlaneSettings) {}

  private networkFor(n: NetworkRecord): UserNetwork {
    let entry = this.nets.get(n.id);
    if (!entry) {
      const opts: UserNetworkOptions = {
        subnet: n.ipam!.subnet,
        gateway: n.ipam!.gateway,
        mtu: this.settings.mtu,
        internal: n.internal,
        dns: { servers: this.settings.dns.length ? this.settings.dns : hostResolvers(), resolveNames: !n.builtin },
        hostLoopback: this.settings.hostLoopback && !n.internal,
      };
      entry = { net: new UserNetwork(opts), users: new Set() };
      this.nets.set(n.id, entry);
      log.debug("network up", { network: n.name });
    }
    return entry.net;
  }

  /** Connect the container's frame socket for `endpoint` and plug it into the network. */
  async attach(containerId: string, n: NetworkRecord, endpoint: Endpoint, names: string[], socketPath: string): Promise<void> {
    const { link, counters } = countingLink(await connectFrameSocket(socketPath));
    const net = this.networkFor(n);
    const a: Attachment = { networkId: n.id, endpointId: endpoint.endpointId, link, counters };
    try {
      net.attach({ id: endpoint.endpointId, ip: endpoint.ipv4, mac: endpoint.mac, names }, link);
    } catch (err) {
      this.letGo(a);
      throw err;
    }
    this.nets.get(n.id)!.users.add(a);
    const list = this.attached.get(containerId) ?? [];
    list.push(a);
    this.attached.set(containerId, list);
  }

  /** What passed through each of the container's interfaces, in attach order (eth0 first). */
  counters(containerId: string): LinkCounters[] {
    return (this.attached.get(containerId) ?? []).map((a) => a.counters);
  }

  /** Bind a host port and open its flows into the endpoint; resolves with the bound port. */
  async publish(containerId: string, networkId: string, endpointId: string, p: PortBinding): Promise<number> {
    const entry = this.nets.get(networkId);
    if (!entry) throw new Error(`network ${networkId} is not up`);
    const handle = await entry.net.publish(endpointId, { proto: p.proto, hostIp: p.hostIp || "0.0.0.0", hostPort: p.hostPort, containerPort: p.containerPort });
    const list = this.published.get(containerId) ?? [];
    list.push(handle);
    this.published.set(containerId, list);
    return handle.hostPort;
  }

  /**
   * Unpublish the container's ports and detach it from every network. `drain` (its process
   * exited): what its kernel still sends goes through first (UserNetwork.release), in the background.
   */
  detachAll(containerId: string, opts: { drain?: boolean } = {}): void {
    for (const p of this.published.get(containerId) ?? []) p.close();
    this.published.delete(containerId);
    for (const a of this.attached.get(containerId) ?? []) {
      const net = opts.drain ? this.nets.get(a.networkId)?.net : undefined;
      if (!net) {
        this.detachOne(a);
        continue;
      }
      // Released means detached (or replaced by the container's next run, which must stay).
      const done = () => this.letGo(a);
      void net.release(a.endpointId).then(done, done);
    }
    this.attached.delete(containerId);
  }

  /**
   * Detach one endpoint (docker network disconnect of a running container). Resolves once its
   * link has let go of the TAP, so that the interface can be removed and made again.
   */
  async detach(containerId: string, endpointId: string): Promise<void> {
    const list = this.attached.get(containerId) ?? [];
    const leaving = list.filter((x) => x.endpointId === endpointId);
    this.attached.set(containerId, list.filter((x) => x.endpointId !== endpointId));
    for (const a of leaving) this.detachOne(a);
    for (const a of leaving) await a.link.released?.();
  }

  private detachOne(a: Attachment): void {
    const entry = this.nets.get(a.networkId);
    try {
      entry?.net.detach(a.endpointId);
    } catch (err) {
      log.warn("detach failed", { endpoint: shortId(a.endpointId), error: String(err) });
    }
    this.letGo(a);
  }

  /** Close the attachment's link and stop counting it as a user of its network. */
  private letGo(a: Attachment): void {
    a.link.close();
    this.release(a);
  }

  /** The attachment no longer uses its network, which closes when nothing does. */
  private release(a: Attachment): void {
    const entry = this.nets.get(a.networkId);
    if (!entry) return;
    entry.users.delete(a);
    if (entry.users.size === 0) {
      entry.net.close();
      this.nets.delete(a.networkId);
    }
  }

  /** How many networks are up. */
  get activeNetworks(): number {
    return this.nets.size;
  }

  close(): void {
    for (const id of [...this.attached.keys()]) this.detachAll(id);
    for (const entry of this.nets.values()) entry.net.close();
    this.nets.clear();
  }
}
