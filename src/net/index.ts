/**
 * net/: the daemon-side user-mode network. Containers' TAP frames arrive over unix stream sockets
 * (4-byte big-endian length per frame); a UserNetwork is the switch, ARP responder, router/NAT
 * and DNS forwarder for the endpoints attached to it, and publishes host ports into containers.
 */
export type { FastFrameLink, FrameLink } from "./frame-link.ts";
export { connectFrameSocket } from "./frame-link.ts";
export type { Endpoint, UserNetworkOptions, PublishSpec, Published } from "./user-network.ts";
export { UserNetwork } from "./user-network.ts";
