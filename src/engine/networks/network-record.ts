/** One network as bunker.db keeps it. */
export interface NetworkRecord {
  id: string;
  name: string;
  created: string;
  /** "bridge" for the user-mode networks; "host" and "null" for the predefined host and none. */
  driver: "bridge" | "host" | "null";
  /** bridge, host, none: made by the daemon, never removed. */
  builtin: boolean;
  internal: boolean;
  attachable: boolean;
  labels: Record<string, string>;
  options: Record<string, string>;
  /** IPv4 subnet (CIDR) and gateway; absent for host and none. */
  /** ipRange: the part of the subnet that automatic addresses come from (--ip-range); absent: all of it. */
  ipam?: { subnet: string; gateway: string; ipRange?: string; auxAddresses?: Record<string, string> };
}

/** A container's place on a network, kept in its record while the container exists. */
export interface Endpoint {
  networkId: string;
  endpointId: string;
  ipv4: string;
  prefixLength: number;
  gateway: string;
  mac: string;
  /** --network-alias and the aliases given at connect. */
  aliases: string[];
  /** The frame socket of its interface in the current run (the monitor keeps serving it across daemon restarts). */
  socketPath?: string;
  /** The address asked for (--ip), shown back as IPAMConfig. */
  requestedIpv4?: string;
  /** Link-local addresses asked for (IPAMConfig.LinkLocalIPs), shown back. */
  linkLocalIps?: string[];
  /** The endpoint's driver options as given (shown back as DriverOpts). */
  driverOpts?: Record<string, string>;
}

/** What a container asks of one network: NetworkingConfig.EndpointsConfig[net], or connect's EndpointConfig. */
export interface EndpointRequest {
  aliases: string[];
  ipv4Address?: string;
  /** A MAC address of its own (--mac-address); else one derived from the IP, as Docker's. */
  macAddress?: string;
  linkLocalIps?: string[];
  driverOpts?: Record<string, string>;
}

/** A published port: `hostPort` 0 until the daemon bound one (random when not asked for). */
export interface PortBinding {
  containerPort: number;
  proto: "tcp" | "udp";
  hostIp: string;
  hostPort: number;
}

/** What a container asks of the network at create (from HostConfig and NetworkingConfig). */
export interface NetworkRequest {
  /** bridge (default), none, host, container:<ref>, or a network's name or id. */
  mode: string;
  /** NetworkingConfig.EndpointsConfig by network name or id. */
  endpoints: Record<string, EndpointRequest>;
  /** "80/tcp" → the host side(s) asked for ("" = any address / a random port). */
  portBindings: Record<string, { hostIp: string; hostPort: string }[]>;
  publishAll: boolean;
  /** "80/tcp", from the image's EXPOSE and the create body's ExposedPorts. */
  exposedPorts: string[];
}

/** The network side of a container record. */
export interface ContainerNetworkState {
  request: NetworkRequest;
  /** By network name, as Docker keys NetworkSettings.Networks. */
  endpoints: Record<string, Endpoint>;
  /** The ports bound on the host for the current run (empty when not running). */
  published: PortBinding[];
}
