import { InvalidArgument } from "../../lib/index.ts";
import type { NetworkRequest } from "./network-record.ts";

/** One port to publish: the host ports to try in order (empty: a random one). */
export interface PortWish {
  containerPort: number;
  proto: "tcp" | "udp";
  hostIp: string;
  hostPorts: number[];
}

/** "80/tcp", "53/udp", "8080" → port and protocol (tcp when not given). */
export function parsePortKey(key: string): { port: number; proto: "tcp" | "udp" } {
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(key.trim());
  const port = m ? Number(m[1]) : NaN;
  if (!m || port < 1 || port > 65535) throw new InvalidArgument(`invalid port specification: "${key}"`);
  const proto = (m[2] ?? "tcp").toLowerCase();
  if (proto === "sctp") throw new InvalidArgument("publishing sctp ports is not supported");
  return { port, proto: proto as "tcp" | "udp" };
}

/** "8080", "8000-8010", "" → the host ports to try. */
function hostPorts(text: string): number[] {
  if (text === "" || text === "0") return [];
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  const start = m ? Number(m[1]) : NaN;
  const end = m?.[2] ? Number(m[2]) : start;
  if (!m || start < 1 || end > 65535 || end < start) throw new InvalidArgument(`invalid hostPort: ${text}`);
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

/** Check a request's port bindings and exposed ports at create (bad input: 400). */
export function checkPorts(req: Pick<NetworkRequest, "portBindings" | "exposedPorts">): void {
  for (const [key, list] of Object.entries(req.portBindings)) {
    parsePortKey(key);
    for (const b of list) {
      hostPorts(b.hostPort);
      if (b.hostIp && !/^\d{1,3}(\.\d{1,3}){3}$/.test(b.hostIp) && !b.hostIp.includes(":")) throw new InvalidArgument(`invalid IP address: ${b.hostIp}`);
    }
  }
  for (const key of req.exposedPorts) parsePortKey(key);
}

/** Normalise "80" to "80/tcp", as Docker shows port keys. */
export function portKey(key: string): string {
  const p = parsePortKey(key);
  return `${p.port}/${p.proto}`;
}

/** What to publish at start: the bindings, plus every exposed port on a random host port with -P. */
export function portWishes(req: Pick<NetworkRequest, "portBindings" | "exposedPorts" | "publishAll">): PortWish[] {
  const wishes: PortWish[] = [];
  const bound = new Set<string>();
  for (const [key, list] of Object.entries(req.portBindings)) {
    const { port, proto } = parsePortKey(key);
    bound.add(`${port}/${proto}`);
    for (const b of list.length ? list : [{ hostIp: "", hostPort: "" }]) {
      if (b.hostIp.includes(":")) continue; // IPv6 host addresses: no IPv6 yet
      wishes.push({ containerPort: port, proto, hostIp: b.hostIp || "0.0.0.0", hostPorts: hostPorts(b.hostPort) });
    }
  }
  if (req.publishAll) {
    for (const key of req.exposedPorts) {
      const { port, proto } = parsePortKey(key);
      if (bound.has(`${port}/${proto}`)) continue;
      bound.add(`${port}/${proto}`);
      wishes.push({ containerPort: port, proto, hostIp: "0.0.0.0", hostPorts: [] });
    }
  }
  return wishes;
}
