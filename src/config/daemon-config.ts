import * as v from "valibot";
import { readFileSync } from "node:fs";
import { InvalidArgument, logLevels, parseWith, type LogLevel } from "../lib/index.ts";

const absolutePath = v.pipe(v.string(), v.startsWith("/", "must be an absolute path"));
const cidr = v.pipe(v.string(), v.regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, "must be an IPv4 CIDR like 10.88.0.1/16"));
const ipv4 = v.pipe(v.string(), v.regex(/^\d{1,3}(\.\d{1,3}){3}$/, "must be an IPv4 address"));
const registryMirror = v.pipe(v.string(), v.regex(/^https?:\/\/[^\s/]+/, "must be an http:// or https:// URL"));

/** daemon.json as written on disk, with Docker's key names where Docker has the same setting. */
const DaemonJson = v.strictObject({
  "data-root": v.optional(absolutePath),
  "log-level": v.optional(v.picklist(logLevels)),
  debug: v.optional(v.boolean()),
  "registry-mirrors": v.optional(v.array(registryMirror)),
  "insecure-registries": v.optional(v.array(v.pipe(v.string(), v.minLength(1)))),
  "storage-driver": v.optional(v.picklist(["overlay", "overlay2", "fuse-overlayfs", "vfs"])),
  "unenforced-limits": v.optional(v.picklist(["refuse", "warn"])),
  bip: v.optional(cidr),
  mtu: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1280), v.maxValue(65520))),
  dns: v.optional(v.array(ipv4)),
  /** What `host-gateway` in --add-host resolves to (Docker's key); default: the network's gateway. */
  "host-gateway-ip": v.optional(ipv4),
  /** Bunker's: false stops connections to a network's gateway from reaching the host's loopback. */
  "host-loopback": v.optional(v.boolean()),
  "dns-search": v.optional(v.array(v.string())),
  "dns-opts": v.optional(v.array(v.string())),
  "default-address-pools": v.optional(
    v.array(v.strictObject({ base: cidr, size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(32)) })),
  ),
  /** Where the API listens: unix:///path, tcp://ADDR:PORT (TCP only with tlsverify), as Docker's. */
  hosts: v.optional(v.array(v.pipe(v.string(), v.regex(/^(unix:\/\/\/|\/|tcp:\/\/)/, "must be unix:///path or tcp://ADDR:PORT")))),
  tls: v.optional(v.boolean()),
  tlsverify: v.optional(v.boolean()),
  tlscacert: v.optional(absolutePath),
  tlscert: v.optional(absolutePath),
  tlskey: v.optional(absolutePath),
});

/** TLS for the daemon's TCP hosts, with Docker's key names (files; defaults filled in by the daemon). */
export interface DaemonTls {
  tls?: boolean;
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

/** The daemon's settings, as the rest of Bunker sees them (camelCase, defaults applied). */
export interface DaemonConfig {
  /** API addresses (empty: this user's socket). */
  hosts: string[];
  tls: DaemonTls;
  dataRoot?: string;
  logLevel: LogLevel;
  registryMirrors: string[];
  insecureRegistries: string[];
  storageDriver?: "overlay" | "fuse-overlayfs" | "vfs";
  /** A limit whose cgroup controller is not delegated: refuse the container (default) or warn and run it. */
  unenforcedLimits: "refuse" | "warn";
  network: {
    bip?: string;
    mtu: number;
    dns: string[];
    hostGatewayIp?: string;
    hostLoopback: boolean;
    dnsSearch: string[];
    dnsOptions: string[];
    defaultAddressPools: { base: string; size: number }[];
  };
}

/** Parse daemon.json text; errors name the file and the offending key. */
export function parseDaemonConfig(text: string, file = "daemon.json"): DaemonConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InvalidArgument(`invalid configuration file ${file}: not valid JSON: ${(err as Error).message}`);
  }
  const c = parseWith(DaemonJson, raw, `invalid configuration file ${file}`);
  const driver = c["storage-driver"];
  return {
    hosts: c.hosts ?? [],
    tls: { tls: c.tls, tlsverify: c.tlsverify, tlscacert: c.tlscacert, tlscert: c.tlscert, tlskey: c.tlskey },
    dataRoot: c["data-root"],
    logLevel: c["log-level"] ?? (c.debug ? "debug" : "info"),
    registryMirrors: c["registry-mirrors"] ?? [],
    insecureRegistries: c["insecure-registries"] ?? [],
    storageDriver: driver === "overlay2" ? "overlay" : driver,
    unenforcedLimits: c["unenforced-limits"] ?? "refuse",
    network: {
      bip: c.bip,
      mtu: c.mtu ?? 65520,
      dns: c.dns ?? [],
      hostGatewayIp: c["host-gateway-ip"],
      hostLoopback: c["host-loopback"] ?? true,
      dnsSearch: c["dns-search"] ?? [],
      dnsOptions: c["dns-opts"] ?? [],
      defaultAddressPools: c["default-address-pools"] ?? [],
    },
  };
}

/** Load the daemon config file; a missing file means all defaults. */
export function loadDaemonConfig(file: string): DaemonConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return parseDaemonConfig("{}", file);
    throw new InvalidArgument(`cannot read configuration file ${file}: ${(err as Error).message}`);
  }
  return parseDaemonConfig(text, file);
}
