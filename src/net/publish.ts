import { readFileSync } from "node:fs";
import type { Socket, TCPSocketListener } from "bun";
import { Conflict, InvalidArgument, SystemError } from "../lib/index.ts";
import { hostIpv4 } from "./addr.ts";
import { type TcpFlow, tcpHandlers } from "./tcp-flow.ts";
import type { UdpFlow } from "./udp-flow.ts";

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

export interface PublishTarget {
  /** A client connected: open the flow into the container (the socket is paused until then). */
  tcp(sock: Socket<TcpFlow>, clientIp: number | undefined, clientPort: number): void;
  /** A datagram from a client: the flow that carries it, created on first use. */
  udp(clientIp: number | undefined, clientPort: number, reply: (payload: Uint8Array) => void): UdpFlow | undefined;
}

/** Listens on the host for a published port; every client becomes a flow into the container. */
export async function publishPort(p: PublishSpec, to: PublishTarget): Promise<Published> {
  const hostname = p.hostIp === "" ? "0.0.0.0" : p.hostIp;
  if (!Number.isInteger(p.hostPort) || p.hostPort < 0 || p.hostPort > 65535) throw new InvalidArgument(`invalid host port: ${p.hostPort}`);
  try {
    if (p.proto === "tcp") {
      const listener: TCPSocketListener<unknown> = Bun.listen<unknown>({
        hostname,
        port: p.hostPort,
        allowHalfOpen: true,
        exclusive: true,
        socket: {
          ...(tcpHandlers as object),
          open(sock: Socket<unknown>) {
            to.tcp(sock as Socket<TcpFlow>, hostIpv4(sock.remoteAddress), sock.remotePort);
          },
        } as never,
      });
      return { hostPort: listener.port, close: () => listener.stop(true) };
    }
    const sock = await Bun.udpSocket({
      hostname,
      port: p.hostPort,
      binaryType: "buffer",
      socket: {
        data(s, data, port, addr) {
          const flow = to.udp(hostIpv4(addr), port, (payload) => s.send(payload, port, addr));
          flow?.toGuest(data);
        },
        error() {},
      },
    });
    return { hostPort: sock.port, close: () => sock.close() };
  } catch (err) {
    throw bindError(err, hostname, p.hostPort);
  }
}

function bindError(err: unknown, hostname: string, port: number): Error {
  const code = (err as { code?: string }).code ?? "";
  const msg = (err as Error).message ?? String(err);
  if (code === "EADDRINUSE" || /address already in use|EADDRINUSE/i.test(msg)) {
    return new Conflict(`Bind for ${hostname}:${port} failed: port is already allocated`);
  }
  const start = unprivilegedPortStart();
  if ((code === "EACCES" || /EACCES|permission denied/i.test(msg)) && port < start) {
    return new InvalidArgument(
      `cannot expose privileged port ${port}: ports below ${start} need privileges; ` +
        `allow them with 'sysctl net.ipv4.ip_unprivileged_port_start=${port}' ` +
        `(or add net.ipv4.ip_unprivileged_port_start=${port} to /etc/sysctl.conf), or choose a port >= ${start}`,
    );
  }
  if (code === "EADDRNOTAVAIL" || /EADDRNOTAVAIL|cannot assign requested address/i.test(msg)) {
    return new InvalidArgument(`Bind for ${hostname}:${port} failed: cannot assign requested address`);
  }
  return new SystemError(`Bind for ${hostname}:${port} failed: ${msg}`, { cause: err });
}

/** The host's net.ipv4.ip_unprivileged_port_start (1024 when it cannot be read). */
export function unprivilegedPortStart(): number {
  try {
    const n = Number(readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "utf8").trim());
    return Number.isInteger(n) ? n : 1024;
  } catch {
    return 1024;
  }
}
