import { ResourceFields, resourcesFrom } from "./resources.ts";
import { HealthcheckBody, healthFrom } from "./healthcheck.ts";
import { EndpointConfigBody, endpointRequest } from "./endpoint-config.ts";
import * as v from "valibot";
import { InvalidArgument } from "../../lib/index.ts";
import type { CreateInput, EndpointRequest } from "../../engine/index.ts";

const strings = v.nullish(v.array(v.string()));
const stringOrStrings = v.nullish(v.union([v.string(), v.array(v.string())]));

/** POST /containers/create: the fields Bunker reads (unknown ones are ignored, as Docker does). */
export const CreateBody = v.object({
  Hostname: v.nullish(v.string()),
  Domainname: v.nullish(v.string()),
  User: v.nullish(v.string()),
  AttachStdin: v.nullish(v.boolean()),
  AttachStdout: v.nullish(v.boolean()),
  AttachStderr: v.nullish(v.boolean()),
  Tty: v.nullish(v.boolean()),
  OpenStdin: v.nullish(v.boolean()),
  StdinOnce: v.nullish(v.boolean()),
  Env: strings,
  Cmd: stringOrStrings,
  Entrypoint: stringOrStrings,
  Image: v.nullish(v.string()),
  Labels: v.nullish(v.record(v.string(), v.string())),
  WorkingDir: v.nullish(v.string()),
  StopSignal: v.nullish(v.string()),
  StopTimeout: v.nullish(v.number()),
  Healthcheck: HealthcheckBody,
  ExposedPorts: v.nullish(v.record(v.string(), v.unknown())),
  /** Deprecated in Docker's API for the endpoint's MacAddress, still sent by older clients. */
  MacAddress: v.nullish(v.string()),
  NetworkingConfig: v.nullish(
    v.object({
      EndpointsConfig: v.nullish(
        v.record(
          v.string(),
          v.nullish(EndpointConfigBody),
        ),
      ),
    }),
  ),
  /** Bunker's extension: run from a directory instead of an image (`bunker run --rootfs`). */
  Rootfs: v.nullish(v.string()),
  Volumes: v.nullish(v.record(v.string(), v.unknown())),
  HostConfig: v.nullish(
    v.object({
      ...ResourceFields,
      Binds: strings,
      VolumesFrom: strings,
      GroupAdd: strings,
      Tmpfs: v.nullish(v.record(v.string(), v.string())),
      ReadonlyRootfs: v.nullish(v.boolean()),
      CapAdd: strings,
      CapDrop: strings,
      Privileged: v.nullish(v.boolean()),
      SecurityOpt: strings,
      Ulimits: v.nullish(v.array(v.object({ Name: v.string(), Soft: v.number(), Hard: v.number() }))),
      Init: v.nullish(v.boolean()),
      AutoRemove: v.nullish(v.boolean()),
      NetworkMode: v.nullish(v.string()),
      PidMode: v.nullish(v.string()),
      UTSMode: v.nullish(v.string()),
      IpcMode: v.nullish(v.string()),
      Runtime: v.nullish(v.string()),
      Isolation: v.nullish(v.string()),
      VolumeDriver: v.nullish(v.string()),
      PortBindings: v.nullish(v.record(v.string(), v.nullish(v.array(v.object({ HostIp: v.nullish(v.string()), HostPort: v.nullish(v.string()) }))))),
      PublishAllPorts: v.nullish(v.boolean()),
      ExtraHosts: strings,
      Dns: strings,
      DnsSearch: strings,
      DnsOptions: strings,
      RestartPolicy: v.nullish(v.object({ Name: v.nullish(v.string()), MaximumRetryCount: v.nullish(v.number()) })),
      LogConfig: v.nullish(v.object({ Type: v.nullish(v.string()), Config: v.nullish(v.record(v.string(), v.string())) })),
      Mounts: v.nullish(
        v.array(
          v.object({
            Type: v.string(),
            Source: v.nullish(v.string()),
            Target: v.string(),
            ReadOnly: v.nullish(v.boolean()),
            TmpfsOptions: v.nullish(v.object({ SizeBytes: v.nullish(v.number()), Mode: v.nullish(v.number()) })),
          }),
        ),
      ),
    }),
  ),
});
export type CreateBody = v.InferOutput<typeof CreateBody>;

const asList = (x: string | string[] | null | undefined): string[] | null => (x == null ? null : typeof x === "string" ? [x] : x);

/** Docker's size strings for log rotation: "10m", "1g", "512k", "100". */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)b?$/i.exec(text.trim());
  if (!m) throw new InvalidArgument(`invalid size: ${JSON.stringify(text)}`);
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Math.floor(Number(m[1]) * unit);
}

/** `src:dst[:ro|rw]`: a host path, or a named volume when `src` is not a path. */
function parseBind(spec: string): { source: string; target: string; readonly: boolean; volume?: string } {
  const parts = spec.split(":");
  if (parts.length < 2 || parts.length > 3) throw new InvalidArgument(`invalid volume specification: '${spec}'`);
  const [source = "", target = "", mode = "rw"] = parts;
  const volume = source.startsWith("/") ? undefined : source;
  if (volume !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(volume)) throw new InvalidArgument(`invalid volume specification: '${spec}': "${volume}" includes invalid characters for a local volume name`);
  if (!target.startsWith("/")) throw new InvalidArgument(`invalid volume specification: '${spec}': the container path must be absolute`);
  const modes = mode.split(",");
  if (modes.some((m) => !["ro", "rw", "z", "Z", "private", "rprivate", "shared", "rshared", "slave", "rslave"].includes(m))) {
    throw new InvalidArgument(`invalid mode: ${mode}`);
  }
  return { source, target, readonly: modes.includes("ro"), ...(volume ? { volume } : {}) };
}

function securityOptions(opts: string[]): { seccomp: CreateInput["runtime"]["seccomp"]; noNewPrivileges: boolean } {
  let seccomp: CreateInput["runtime"]["seccomp"] = "default";
  let noNewPrivileges = false;
  for (const opt of opts) {
    const [key = "", value = ""] = opt.includes("=") ? [opt.slice(0, opt.indexOf("=")), opt.slice(opt.indexOf("=") + 1)] : opt.split(":");
    if (key === "seccomp") seccomp = value === "unconfined" ? "unconfined" : { json: value, file: "seccomp profile" };
    else if (key === "no-new-privileges") noNewPrivileges = value === "" || value === "true";
    else if (key === "label" || key === "apparmor") continue; // no SELinux/AppArmor here: accepted, nothing to do
    else throw new InvalidArgument(`invalid --security-opt: ${JSON.stringify(opt)}`);
  }
  return { seccomp, noNewPrivileges };
}

/** The engine's create input from Docker's create body. */
/**
 * Every container gets its own pid, UTS and IPC namespaces, Bunker's runtime and the local
 * volume driver; other settings are refused by name rather than dropped.
 */
function refuseUnsupportedModes(hc: NonNullable<CreateBody["HostConfig"]>): void {
  const modes: [string, string | null | undefined, string[]][] = [
    ["PidMode", hc.PidMode, ["", "private"]],
    ["UTSMode", hc.UTSMode, ["", "private"]],
    ["IpcMode", hc.IpcMode, ["", "private", "shareable"]],
    ["Isolation", hc.Isolation, ["", "default"]],
    ["Runtime", hc.Runtime, ["", "runc", "bunker"]],
    ["VolumeDriver", hc.VolumeDriver, ["", "local"]],
  ];
  for (const [name, value, ok] of modes) {
    if (value && !ok.includes(value)) throw new InvalidArgument(`${name} ${JSON.stringify(value)} is not supported by Bunker (supported: ${ok.filter(Boolean).join(", ")})`);
  }
}

/** NetworkingConfig.EndpointsConfig for the engine; the old top-level MacAddress goes to the container's own network. */
function endpointsOf(body: CreateBody, networkMode: string): Record<string, EndpointRequest> {
  const out: Record<string, EndpointRequest> = Object.fromEntries(Object.entries(body.NetworkingConfig?.EndpointsConfig ?? {}).map(([net, e]) => [net, endpointRequest(e)]));
  if (body.MacAddress) {
    const key = Object.keys(out).find((k) => k === networkMode || (networkMode === "default" && k === "bridge")) ?? networkMode;
    out[key] = { ...(out[key] ?? { aliases: [] }), macAddress: out[key]?.macAddress ?? body.MacAddress };
  }
  return out;
}

/** "host:ip" lines (--add-host, a build's extrahosts) as the engine takes them; the ip may be IPv6 or host-gateway. */
export function parseExtraHosts(list: string[]): { host: string; ip: string }[] {
  return list.map((h) => {
    const i = h.indexOf(":");
    if (i <= 0) throw new InvalidArgument(`invalid IP address in add-host: ${JSON.stringify(h)}`);
    return { host: h.slice(0, i), ip: h.slice(i + 1) };
  });
}

export function createInput(name: string | undefined, body: CreateBody): CreateInput {
  const hc = body.HostConfig ?? {};
  const entrypoint = asList(body.Entrypoint);
  const cmd = asList(body.Cmd);
  const args = [...(entrypoint ?? []), ...(cmd ?? [])];
  const binds = (hc.Binds ?? []).map(parseBind);
  const tmpfs = Object.entries(hc.Tmpfs ?? {}).map(([target, options]) => ({ target, options: options || "" }));
  for (const m of hc.Mounts ?? []) {
    if (m.Type === "bind") binds.push({ source: m.Source ?? "", target: m.Target, readonly: !!m.ReadOnly });
    else if (m.Type === "volume") binds.push({ source: "", target: m.Target, readonly: !!m.ReadOnly, volume: m.Source || "", ...(m.Source ? {} : { anonymous: true }) });
    else if (m.Type === "tmpfs") tmpfs.push({ target: m.Target, options: [m.TmpfsOptions?.SizeBytes ? `size=${m.TmpfsOptions.SizeBytes}` : "", m.TmpfsOptions?.Mode ? `mode=${m.TmpfsOptions.Mode.toString(8)}` : ""].filter(Boolean).join(",") });
    else throw new InvalidArgument(`mount type ${m.Type} is not supported yet`);
  }
  const networkMode = hc.NetworkMode || "default";
  refuseUnsupportedModes(hc);
  const logConfig = hc.LogConfig?.Config ?? {};
  const driver = hc.LogConfig?.Type;
  if (driver && !["json-file", "local", "journald", "syslog", "none", "fluentd", "gelf", "awslogs", "splunk", "etwlogs", "gcplogs", "logentries"].includes(driver)) throw new InvalidArgument(`logger: no log driver named '${driver}' is registered`);
  if (driver && !["json-file", "local", "none"].includes(driver)) throw new InvalidArgument(`logging driver ${driver} is not supported by Bunker (json-file, local and none are)`);
  if (driver === "none" && Object.keys(logConfig).length) throw new InvalidArgument(`unknown log opt '${Object.keys(logConfig)[0]}' for none log driver`);
  // Docker's local driver keeps five files of 20 MB unless told otherwise (stored here as json lines).
  const logDefaults: Record<string, string> = driver === "local" ? { "max-size": "20m", "max-file": "5" } : {};
  const logLimits = { ...logDefaults, ...logConfig };
  const security = securityOptions(hc.SecurityOpt ?? []);
  const extraHosts = parseExtraHosts(hc.ExtraHosts ?? []);
  return {
    name,
    volumes: Object.keys(body.Volumes ?? {}),
    volumesFrom: hc.VolumesFrom ?? [],
    rootfs: body.Rootfs ?? undefined,
    image: body.Image ?? undefined,
    requested: {
      image: body.Image ?? "",
      cmd,
      entrypoint,
      env: body.Env ?? [],
      labels: body.Labels ?? {},
      workingDir: body.WorkingDir ?? "",
      user: body.User ?? "",
      hostname: body.Hostname ?? "",
      domainname: body.Domainname ?? "",
      tty: !!body.Tty,
      openStdin: !!body.OpenStdin,
      stdinOnce: !!body.StdinOnce,
      attachStdin: !!body.AttachStdin,
      attachStdout: body.AttachStdout !== false,
      attachStderr: body.AttachStderr !== false,
      stopSignal: body.StopSignal ?? "",
      stopTimeout: body.StopTimeout ?? undefined,
      healthcheck: healthFrom(body.Healthcheck),
    },
    host: {
      autoRemove: !!hc.AutoRemove,
      binds: hc.Binds ?? [],
      tmpfs: hc.Tmpfs ?? {},
      networkMode,
      restartPolicy: { name: hc.RestartPolicy?.Name || "no", maximumRetryCount: hc.RestartPolicy?.MaximumRetryCount ?? 0 },
      securityOpt: hc.SecurityOpt ?? [],
      volumesFrom: hc.VolumesFrom ?? [],
      logConfig: logConfig,
      logDriver: driver || "json-file",
    },
    network: {
      mode: networkMode,
      endpoints: endpointsOf(body, networkMode),
      portBindings: Object.fromEntries(Object.entries(hc.PortBindings ?? {}).map(([port, list]) => [port, (list ?? []).map((b) => ({ hostIp: b.HostIp ?? "", hostPort: b.HostPort ?? "" }))])),
      publishAll: !!hc.PublishAllPorts,
      exposedPorts: [...new Set([...Object.keys(body.ExposedPorts ?? {}), ...Object.keys(hc.PortBindings ?? {})])],
    },
    runtime: {
      args,
      env: body.Env ?? [],
      workingDir: body.WorkingDir || undefined,
      user: body.User || undefined,
      hostname: body.Hostname || undefined,
      tty: !!body.Tty,
      openStdin: !!body.OpenStdin,
      readonlyRootfs: !!hc.ReadonlyRootfs,
      binds,
      tmpfs,
      capAdd: hc.CapAdd ?? [],
      capDrop: hc.CapDrop ?? [],
      privileged: !!hc.Privileged,
      seccomp: security.seccomp,
      noNewPrivileges: security.noNewPrivileges,
      ulimits: (hc.Ulimits ?? []).map((u) => ({ name: u.Name, soft: u.Soft, hard: u.Hard })),
      init: !!hc.Init,
      network: networkMode === "host" ? "host" : "private",
      extraHosts,
      dns: hc.Dns ?? [],
      dnsSearch: hc.DnsSearch ?? [],
      dnsOptions: hc.DnsOptions ?? [],
      stopSignal: body.StopSignal || "SIGTERM",
      log: { maxSize: logLimits["max-size"] ? parseSize(logLimits["max-size"]) : 0, maxFiles: logLimits["max-file"] ? Number(logLimits["max-file"]) : 1 },
      resources: resourcesFrom(hc),
      groupAdd: hc.GroupAdd ?? [],
    },
  };
}
