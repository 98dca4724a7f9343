import type { FastFrameLink } from "./frame-link.ts";
import type { TcpFlow } from "./tcp-flow.ts";
import type { UdpFlow } from "./udp-flow.ts";

/** An endpoint attached to a network, as the stack sees it. */
export interface Guest {
  id: string;
  ip: number;
  mac: Uint8Array;
  macKey: number;
  names: string[];
  link: FastFrameLink;
  /** TCP flows by flowKey(guestPort, remoteIp, remotePort). */
  tcp: Map<string, TcpFlow>;
  udp: Map<string, UdpFlow>;
  /** Flows waiting for the link to take frames again. */
  blocked: Set<{ resumeOutput(): void }>;
  /** Broadcast frames this endpoint may still flood in the current tick. */
  floodBudget: number;
  attached: boolean;
  /** Its container has exited: carried only until what its kernel still sends is through (release). */
  leaving: boolean;
  /** Frames received so far (release watches it for a quiet link). */
  framesIn: number;
  /** Ends release's wait early: the endpoint was detached meanwhile. */
  wake?: () => void;
}

/** The key of a flow: guest port, remote (as the guest sees it) address and port. */
export function flowKey(guestPort: number, remoteIp: number, remotePort: number): string {
  return `${guestPort}:${remoteIp}:${remotePort}`;
}
