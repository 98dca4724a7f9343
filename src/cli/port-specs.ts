import { UsageError } from "./scan-flags.ts";

export interface PortSpecs {
  exposed: Record<string, Record<string, never>>;
  bindings: Record<string, { HostIp: string; HostPort: string }[]>;
}

function range(text: string, what: string, spec: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  const start = m ? Number(m[1]) : NaN;
  const end = m?.[2] ? Number(m[2]) : start;
  if (!m || start < 1 || start > 65535 || end < start || end > 65535) throw new UsageError(`invalid argument "${spec}" for "-p, --publish" flag: invalid ${what}: ${text}`);
  return [start, end];
}

/**
 * `-p [ip:][hostPort:]containerPort[/proto]` as docker's CLI reads it, ranges included
 * (`8000-8001:80-81`, or a host range for one container port: any free port of it).
 */
export function parsePublish(specs: string[], into: PortSpecs = { exposed: {}, bindings: {} }): PortSpecs {
  for (const spec of specs) {
    let rest = spec;
    let proto = "tcp";
    const slash = rest.lastIndexOf("/");
    if (slash >= 0) {
      proto = rest.slice(slash + 1).toLowerCase();
      rest = rest.slice(0, slash);
      if (!["tcp", "udp", "sctp"].includes(proto)) throw new UsageError(`invalid argument "${spec}" for "-p, --publish" flag: invalid proto: ${proto}`);
    }
    let ip = "";
    const bracket = /^\[([^\]]+)\]:(.*)$/.exec(rest);
    if (bracket) {
      ip = bracket[1]!;
      rest = bracket[2]!;
    }
    const parts = rest.split(":");
    if (parts.length > 3 || (bracket && parts.length > 2)) throw new UsageError(`invalid argument "${spec}" for "-p, --publish" flag: too many colons`);
    const ctr = parts.at(-1)!;
    const host = parts.length >= 2 ? parts.at(-2)! : "";
    if (parts.length === 3) ip = parts[0]!;
    if (ip && !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) && !ip.includes(":")) throw new UsageError(`invalid argument "${spec}" for "-p, --publish" flag: invalid IP address: ${ip}`);
    const [cStart, cEnd] = range(ctr, "containerPort", spec);
    const hostRange = host ? range(host, "hostPort", spec) : undefined;
    const count = cEnd - cStart + 1;
    if (hostRange && count > 1 && hostRange[1] - hostRange[0] + 1 !== count) throw new UsageError(`invalid argument "${spec}" for "-p, --publish" flag: invalid ranges specified for container and host Ports: ${ctr} and ${host}`);
    for (let i = 0; i < count; i++) {
      const key = `${cStart + i}/${proto}`;
      let hostPort = "";
      if (hostRange) hostPort = count > 1 ? String(hostRange[0] + i) : hostRange[0] === hostRange[1] ? String(hostRange[0]) : `${hostRange[0]}-${hostRange[1]}`;
      into.exposed[key] = {};
      (into.bindings[key] ??= []).push({ HostIp: ip, HostPort: hostPort });
    }
  }
  return into;
}

/** `--expose 80`, `--expose 7000-7002/udp`: exposed without a host side. */
export function parseExpose(specs: string[], into: PortSpecs["exposed"] = {}): PortSpecs["exposed"] {
  for (const spec of specs) {
    const [ports = "", proto = "tcp"] = spec.split("/");
    const [start, end] = range(ports, "range format for --expose", spec);
    for (let p = start; p <= end; p++) into[`${p}/${proto.toLowerCase()}`] = {};
  }
  return into;
}
