import type { TcpFlow } from "./tcp-flow.ts";

/** TCP flags, tunables and what a flow needs from its network. */
export const FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16;
export const OUR_WSCALE = 7;
/** The receive window we offer the guest when the host socket keeps up. */
export const RCV_WND = 4 << 20;
/** Pause the host socket while this much host data waits unsent. */
export const UNSENT_HIGH = 2 << 20;
/** Ticks (of TICK_MS) without progress before going back to the oldest unacknowledged byte. */
export const RTO_TICKS = 4;
export const HANDSHAKE_TRIES = 6;
/** Ticks a host connect may take before the guest is told it failed (the kernel's SYN retries take minutes). */
export const CONNECT_TICKS = 120;

export interface TcpEnv {
  gwMac: Uint8Array;
  /** Our MSS: MTU - 40. */
  mss: number;
  ackSoon(flow: TcpFlow): void;
  forget(flow: TcpFlow): void;
  now(): number;
}

export type State = "connecting" | "syn-sent" | "syn-rcvd" | "established" | "closed";

export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}
