import type { ContainerRecord } from "../../engine/index.ts";
import { humanDuration } from "./durations.ts";
import { healthConfigWire, healthStateWire } from "./healthcheck.ts";

/** Docker's health note in the Status column. */
function healthSuffix(h: ContainerRecord["state"]["health"]): string {
  if (!h) return "";
  return h.status === "starting" ? " (health: starting)" : ` (${h.status})`;
}
import { resourcesWire } from "./resources.ts";
import { networkSettingsWire, networksWire, portBindingsWire, portListWire } from "./container-network.ts";

/** Docker's DNSNames of a container's endpoint (the engine knows which networks resolve names). */
export type DnsNamesOf = Parameters<typeof networksWire>[1];

const zeroTime = "0001-01-01T00:00:00Z";

/** GET /containers/{id}/json, in Docker's shape. */
export function inspectWire(c: ContainerRecord, dnsNamesOf: DnsNamesOf): Record<string, unknown> {
  const s = c.state;
  const r = c.runtime;
  const dir = c.logPath.slice(0, c.logPath.lastIndexOf("/"));
  return {
    Id: c.id,
    Created: c.created,
    Path: r.args[0] ?? "",
    Args: r.args.slice(1),
    State: {
      Status: s.paused ? "paused" : s.status,
      // Docker counts a container waiting for its policy restart as running.
      Running: s.status === "running" || s.status === "restarting",
      Paused: !!s.paused,
      Restarting: s.status === "restarting",
      OOMKilled: s.oomKilled,
      Dead: s.status === "dead",
      Pid: s.pid,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: s.startedAt || zeroTime,
      FinishedAt: s.finishedAt || zeroTime,
      ...(c.requested.healthcheck && s.health ? { Health: healthStateWire(s.health) } : {}),
    },
    // Docker's top-level Image is the image's id; the name asked for is Config.Image.
    Image: c.imageId ?? "",
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: c.logPath,
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: c.rootfs ? "rootfs" : "overlay",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: null,
    HostConfig: {
      Binds: c.host.binds,
      NetworkMode: c.host.networkMode,
      PortBindings: portBindingsWire(c),
      PublishAllPorts: !!c.network?.request.publishAll,
      RestartPolicy: { Name: c.host.restartPolicy.name, MaximumRetryCount: c.host.restartPolicy.maximumRetryCount },
      AutoRemove: c.host.autoRemove,
      CapAdd: r.capAdd,
      CapDrop: r.capDrop,
      Privileged: r.privileged,
      ReadonlyRootfs: r.readonlyRootfs,
      SecurityOpt: c.host.securityOpt,
      VolumesFrom: c.host.volumesFrom?.length ? c.host.volumesFrom : null,
      GroupAdd: r.groupAdd?.length ? r.groupAdd : null,
      Tmpfs: c.host.tmpfs,
      Ulimits: r.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
      Init: r.init,
      // Namespaces every container has of its own, Bunker's runtime, the local volume driver.
      PidMode: "",
      UTSMode: "",
      IpcMode: "private",
      Isolation: "",
      Runtime: "bunker",
      VolumeDriver: "",
      DeviceCgroupRules: null,
      ExtraHosts: r.extraHosts.map((h) => `${h.host}:${h.ip}`),
      Dns: r.dns,
      DnsSearch: r.dnsSearch,
      DnsOptions: r.dnsOptions,
      LogConfig: { Type: c.host.logDriver ?? "json-file", Config: c.host.logConfig ?? {} },
      ...resourcesWire(r.resources),
    },
    GraphDriver: { Name: c.rootfs ? "rootfs" : "overlay", Data: c.rootfs ? { RootDir: c.rootfs } : {} },
    Mounts: r.binds.map((b) =>
      b.volume
        ? { Type: "volume", Name: b.volume, Source: b.source, Destination: b.target, Driver: "local", Mode: b.readonly ? "ro" : "z", RW: !b.readonly, Propagation: "" }
        : { Type: "bind", Source: b.source, Destination: b.target, Mode: b.readonly ? "ro" : "", RW: !b.readonly, Propagation: "rprivate" },
    ),
    Config: {
      Hostname: r.hostname,
      Domainname: c.requested.domainname,
      User: c.requested.user,
      AttachStdin: c.requested.attachStdin,
      AttachStdout: c.requested.attachStdout,
      AttachStderr: c.requested.attachStderr,
      Tty: c.requested.tty,
      OpenStdin: c.requested.openStdin,
      StdinOnce: c.requested.stdinOnce,
      Env: c.requested.env,
      Cmd: c.requested.cmd,
      Image: c.requested.image,
      Volumes: null,
      WorkingDir: c.requested.workingDir,
      Entrypoint: c.requested.entrypoint,
      OnBuild: null,
      Labels: c.requested.labels,
      StopSignal: c.requested.stopSignal || undefined,
      StopTimeout: c.requested.stopTimeout,
      ...(c.requested.healthcheck ? { Healthcheck: healthConfigWire(c.requested.healthcheck) } : {}),
      ExposedPorts: c.network?.request.exposedPorts.length ? Object.fromEntries(c.network.request.exposedPorts.map((p) => [p, {}])) : undefined,
    },
    NetworkSettings: networkSettingsWire(c, dnsNamesOf),
  };
}

/** Docker's Status column: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
export function statusText(c: ContainerRecord, now = Date.now()): string {
  const s = c.state;
  if (s.status === "running") return `Up ${humanDuration(now - Date.parse(s.startedAt))}${s.paused ? " (Paused)" : healthSuffix(s.health)}`;
  if (s.status === "exited") return `Exited (${s.exitCode}) ${humanDuration(now - Date.parse(s.finishedAt))} ago`;
  if (s.status === "restarting") return `Restarting (${s.exitCode}) ${humanDuration(now - Date.parse(s.finishedAt))} ago`;
  if (s.status === "removing") return "Removal In Progress";
  if (s.status === "dead") return "Dead";
  return "Created";
}

/** GET /containers/json, one entry. */
export function listWire(c: ContainerRecord, dnsNamesOf: DnsNamesOf): Record<string, unknown> {
  const quoted = c.runtime.args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ");
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.requested.image || c.rootfs || "",
    ImageID: c.imageId ?? "",
    Command: quoted,
    Created: Math.floor(Date.parse(c.created) / 1000),
    Ports: portListWire(c),
    Labels: c.requested.labels,
    State: c.state.paused ? "paused" : c.state.status,
    Status: statusText(c),
    HostConfig: { NetworkMode: c.host.networkMode },
    NetworkSettings: { Networks: networksWire(c, dnsNamesOf) },
    Mounts: [],
  };
}
