import type { FrameLink } from "./frame-link.ts";

/** A container's attachment to a network. */
export interface Endpoint {
  id: string;
  ip: string;
  mac: string;
  /** Names answered by the network's DNS (user networks): container name, aliases, short id. */
  names: string[];
}

export interface UserNetworkOptions {
  subnet: string;
  gateway: string;
  mtu?: number;
  /** No way out: only same-network traffic and the gateway's DNS (names only). */
  internal?: boolean;
  /** Host resolvers ("ip" or "ip:port"); resolveNames answers endpoint names (user networks). */
  dns: { servers: string[]; resolveNames: boolean };
  /** Default true: TCP/UDP to the gateway address (except DNS 53) reaches the host's 127.0.0.1. */
  hostLoopback?: boolean;
}

export interface PublishSpec {
  proto: "tcp" | "udp";
  hostIp: string;
  hostPort: number;
  containerPort: number;
}

export interface Published {
  hostPort: number;
  close(): void;
}

export class UserNetwork {
  constructor(readonly opts: UserNetworkOptions) {}
  attach(endpoint: Endpoint, link: FrameLink): void {
    void endpoint;
    void link;
    throw new Error("not implemented yet");
  }
  detach(endpointId: string): void {
    void endpointId;
  }
  async publish(endpointId: string, p: PublishSpec): Promise<Published> {
    void endpointId;
    void p;
    throw new Error("not implemented yet");
  }
  close(): void {}
}
