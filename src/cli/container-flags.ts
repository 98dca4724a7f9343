import type { ArgsDef } from "citty";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { flagValues, UsageError } from "./scan-flags.ts";
import { resourceBody, resourceFlags } from "./resource-flags.ts";
import { parseExpose, parsePublish } from "./port-specs.ts";
import { parseGoDuration } from "../lib/index.ts";

/** The flags `run` and `create` share, with Docker's names. */
export const containerFlags = {
  name: { type: "string", description: "Assign a name to the container", valueHint: "string" },
  rootfs: { type: "string", description: "Run from this root filesystem directory instead of an image", valueHint: "path" },
  env: { type: "string", alias: "e", description: "Set environment variables (repeatable)", valueHint: "list" },
  "env-file": { type: "string", description: "Read in a file of environment variables (repeatable)", valueHint: "path" },
  workdir: { type: "string", alias: "w", description: "Working directory inside the container", valueHint: "string" },
  user: { type: "string", alias: "u", description: "Username or UID (format: <name|uid>[:<group|gid>])", valueHint: "string" },
  hostname: { type: "string", alias: "h", description: "Container host name", valueHint: "string" },
  entrypoint: { type: "string", description: "Overwrite the default entrypoint", valueHint: "string" },
  interactive: { type: "boolean", alias: "i", description: "Keep STDIN open even if not attached" },
  tty: { type: "boolean", alias: "t", description: "Allocate a pseudo-TTY" },
  volume: { type: "string", alias: "v", description: "Bind mount a host path: /host:/ctr[:ro] (repeatable)", valueHint: "list" },
  tmpfs: { type: "string", description: "Mount a tmpfs directory (repeatable)", valueHint: "list" },
  "group-add": { type: "string", description: "Add additional groups to join (repeatable)", valueHint: "list" },
  "volumes-from": { type: "string", description: "Mount volumes from the specified container(s) (repeatable)", valueHint: "list" },
  "read-only": { type: "boolean", description: "Mount the container's root filesystem as read only" },
  "cap-add": { type: "string", description: "Add Linux capabilities (repeatable)", valueHint: "list" },
  "cap-drop": { type: "string", description: "Drop Linux capabilities (repeatable)", valueHint: "list" },
  privileged: { type: "boolean", description: "Give extended privileges to this container" },
  "security-opt": { type: "string", description: "Security options (repeatable)", valueHint: "list" },
  ulimit: { type: "string", description: "Ulimit options (repeatable)", valueHint: "ulimit" },
  init: { type: "boolean", description: "Run an init inside the container that forwards signals and reaps processes" },
  "stop-signal": { type: "string", description: "Signal to stop the container", valueHint: "string" },
  "stop-timeout": { type: "string", description: "Timeout (in seconds) to stop a container", valueHint: "int" },
  network: { type: "string", alias: "net", description: "Connect a container to a network (bridge, host, none, container:<name|id>, or a network's name)", valueHint: "network" },
  "network-alias": { type: "string", description: "Add network-scoped alias for the container (repeatable)", valueHint: "list" },
  ip: { type: "string", description: "IPv4 address (e.g., 172.30.100.104)", valueHint: "string" },
  "mac-address": { type: "string", description: "Container MAC address (e.g., 92:d0:c6:0a:29:33)", valueHint: "string" },
  publish: { type: "string", alias: "p", description: "Publish a container's port(s) to the host: [ip:][hostPort:]containerPort[/proto] (repeatable)", valueHint: "list" },
  "publish-all": { type: "boolean", alias: "P", description: "Publish all exposed ports to random ports" },
  expose: { type: "string", description: "Expose a port or a range of ports (repeatable)", valueHint: "list" },
  "add-host": { type: "string", description: "Add a custom host-to-IP mapping (host:ip) (repeatable)", valueHint: "list" },
  dns: { type: "string", description: "Set custom DNS servers (repeatable)", valueHint: "list" },
  label: { type: "string", alias: "l", description: "Set meta data on a container (repeatable)", valueHint: "list" },
  rm: { type: "boolean", description: "Automatically remove the container when it exits" },
  restart: { type: "string", description: "Restart policy to apply when a container exits", valueHint: "string" },
  "log-driver": { type: "string", description: "Logging driver for the container: json-file, local or none", valueHint: "string" },
  "log-opt": { type: "string", description: "Log driver options: max-size, max-file (repeatable)", valueHint: "list" },
  "health-cmd": { type: "string", description: "Command to run to check health", valueHint: "string" },
  "health-interval": { type: "string", description: "Time between running the check (ms|s|m|h) (default 0s)", valueHint: "duration" },
  "health-timeout": { type: "string", description: "Maximum time to allow one check to run (ms|s|m|h) (default 0s)", valueHint: "duration" },
  "health-retries": { type: "string", description: "Consecutive failures needed to report unhealthy", valueHint: "int" },
  "health-start-period": { type: "string", description: "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)", valueHint: "duration" },
  "health-start-interval": { type: "string", description: "Time between running the check during the start period (ms|s|m|h) (default 0s)", valueHint: "duration" },
  "no-healthcheck": { type: "boolean", description: "Disable any container-specified HEALTHCHECK" },
  ...resourceFlags,
} satisfies ArgsDef;

/** --health-* and --no-healthcheck as Docker's CLI turns them into Config.Healthcheck. */
function healthcheckBody(args: Record<string, unknown>): Record<string, unknown> | undefined {
  const cmd = args["health-cmd"] as string | undefined;
  const durations = ["interval", "timeout", "start-period", "start-interval"] as const;
  const given = durations.filter((d) => args[`health-${d}`] !== undefined);
  const retries = args["health-retries"] as string | undefined;
  if (args["no-healthcheck"]) {
    if (cmd !== undefined || given.length || retries !== undefined) throw new UsageError("--no-healthcheck conflicts with --health-* options");
    return { Test: ["NONE"] };
  }
  if (cmd === undefined && !given.length && retries === undefined) return undefined;
  const ns = (d: (typeof durations)[number]): number => {
    const text = args[`health-${d}`] as string | undefined;
    if (text === undefined) return 0;
    let n: number;
    try {
      n = parseGoDuration(text);
    } catch (err) {
      throw new UsageError(`invalid argument "${text}" for "--health-${d}" flag: ${(err as Error).message}`);
    }
    if (n < 0) throw new UsageError(`--health-${d} cannot be negative`);
    return n;
  };
  if (retries !== undefined && !/^-?\d+$/.test(retries)) throw new UsageError(`invalid argument "${retries}" for "--health-retries" flag`);
  return {
    Test: cmd === undefined ? [] : ["CMD-SHELL", cmd],
    Interval: ns("interval"),
    Timeout: ns("timeout"),
    StartPeriod: ns("start-period"),
    StartInterval: ns("start-interval"),
    Retries: retries === undefined ? 0 : Number(retries),
  };
}

function envFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`open ${path}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message}`);
  }
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => (l.includes("=") ? l : `${l}=${process.env[l] ?? ""}`));
}

/** The Docker create body for `run`/`create` flags; `command` is what follows the image. */
export function createBody(args: Record<string, unknown>, raw: string[], image: string | undefined, command: string[]): Record<string, unknown> {
  const all = (name: string) => flagValues(raw, containerFlags, name);
  const env = [...all("env-file").flatMap(envFile), ...all("env").map((e) => (e.includes("=") ? e : `${e}=${process.env[e] ?? ""}`))];
  const labels = Object.fromEntries(all("label").map((l) => (l.includes("=") ? [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] : [l, ""])));
  const tmpfs = Object.fromEntries(all("tmpfs").map((t) => (t.includes(":") ? [t.slice(0, t.indexOf(":")), t.slice(t.indexOf(":") + 1)] : [t, ""])));
  // `-v /path` alone is an anonymous volume (Config.Volumes), as in Docker.
  const anonymous = all("volume").filter((v) => !v.includes(":"));
  const binds = all("volume").filter((v) => v.includes(":")).map((v) => {
    const [src = "", ...rest] = v.split(":");
    return [src.startsWith(".") ? resolve(src) : src, ...rest].join(":");
  });
  const securityOpt = all("security-opt").map((o) => {
    const m = /^seccomp[=:](.+)$/.exec(o);
    if (!m || m[1] === "unconfined") return o;
    // As docker's CLI does: the profile file is read here and sent as JSON.
    try {
      return `seccomp=${readFileSync(m[1]!, "utf8")}`;
    } catch (err) {
      throw new UsageError(`opening seccomp profile (${m[1]}) failed: ${(err as Error).message}`);
    }
  });
  const ulimits = all("ulimit").map((u) => {
    const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(u);
    if (!m) throw new UsageError(`invalid argument "${u}" for "--ulimit" flag`);
    return { Name: m[1], Soft: Number(m[2]), Hard: Number(m[3] ?? m[2]) };
  });
  const logOpts = Object.fromEntries(all("log-opt").map((o) => [o.slice(0, o.indexOf("=")), o.slice(o.indexOf("=") + 1)]));
  const restart = (args.restart as string | undefined) ?? "no";
  const [restartName = "no", retries] = restart.split(":");
  const healthcheck = healthcheckBody(args);
  const stopTimeout = args["stop-timeout"] as string | undefined;
  if (stopTimeout !== undefined && !/^-?\d+$/.test(stopTimeout)) throw new UsageError(`invalid argument "${stopTimeout}" for "--stop-timeout" flag`);
  const entrypoint = args.entrypoint as string | undefined;
  const rootfs = args.rootfs as string | undefined;
  const ports = parsePublish(all("publish"));
  parseExpose(all("expose"), ports.exposed);
  const network = (args.network as string | undefined) ?? "default";
  const aliases = all("network-alias");
  const ip = args.ip as string | undefined;
  const mac = args["mac-address"] as string | undefined;
  const endpoint = aliases.length || ip || mac ? { Aliases: aliases.length ? aliases : undefined, IPAMConfig: ip ? { IPv4Address: ip } : undefined, MacAddress: mac } : {};
  return {
    Image: image,
    Rootfs: rootfs ? resolve(rootfs) : undefined,
    Cmd: command.length ? command : undefined,
    Entrypoint: entrypoint === undefined ? undefined : entrypoint === "" ? [] : [entrypoint],
    Env: env,
    Labels: labels,
    Volumes: anonymous.length ? Object.fromEntries(anonymous.map((v) => [v, {}])) : undefined,
    WorkingDir: args.workdir,
    User: args.user,
    Hostname: args.hostname,
    Tty: !!args.tty,
    OpenStdin: !!args.interactive,
    StdinOnce: !!args.interactive,
    AttachStdin: !!args.interactive,
    AttachStdout: true,
    AttachStderr: true,
    StopSignal: args["stop-signal"],
    StopTimeout: stopTimeout === undefined ? undefined : Number(stopTimeout),
    Healthcheck: healthcheck,
    ExposedPorts: ports.exposed,
    NetworkingConfig: network === "default" && !aliases.length && !ip && !mac ? undefined : { EndpointsConfig: { [network === "default" ? "bridge" : network]: endpoint } },
    HostConfig: {
      AutoRemove: !!args.rm,
      Binds: binds,
      VolumesFrom: all("volumes-from"),
      GroupAdd: all("group-add"),
      Tmpfs: tmpfs,
      ReadonlyRootfs: !!args["read-only"],
      CapAdd: all("cap-add"),
      CapDrop: all("cap-drop"),
      Privileged: !!args.privileged,
      SecurityOpt: securityOpt,
      Ulimits: ulimits,
      Init: !!args.init,
      NetworkMode: network,
      PortBindings: ports.bindings,
      PublishAllPorts: !!args["publish-all"],
      ExtraHosts: all("add-host"),
      Dns: all("dns"),
      RestartPolicy: { Name: restartName, MaximumRetryCount: retries ? Number(retries) : 0 },
      LogConfig: { Type: (args["log-driver"] as string | undefined) ?? "", Config: logOpts },
      ...resourceBody(args),
    },
  };
}
