import type { InfoWire } from "../client/index.ts";
import { bunkerVersion } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { renderValue, writeOut } from "./format/index.ts";

function bytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 2)}${units[i]}`;
}

const yesNo = (b: boolean | null) => (b === null ? "unknown" : b ? "yes" : "no");

/** `bunker info` as text: Docker's familiar lines, then what matters for rootless use. */
export function renderInfo(info: InfoWire, host: string): string {
  const b = info.Bunker;
  const ranges = (list: { Start: number; Count: number }[]) =>
    list.length ? list.map((r) => `${r.Start}-${r.Start + r.Count - 1} (${r.Count})`).join(", ") : "none";
  const ns = b.UserNamespaces;
  const lines = [
    "Client:",
    ` Version:    ${bunkerVersion}`,
    ` Host:       ${host}`,
    "",
    "Server:",
    ` Containers: ${info.Containers}`,
    `  Running: ${info.ContainersRunning}`,
    `  Paused: ${info.ContainersPaused}`,
    `  Stopped: ${info.ContainersStopped}`,
    ` Images: ${info.Images}`,
    ` Server Version: ${info.ServerVersion}`,
    ` Storage Driver: ${info.Driver}`,
    ...(info.DriverStatus as [string, string][]).map(([k, v]) => `  ${k}: ${v}`),
    ` Logging Driver: ${info.LoggingDriver}`,
    ` Cgroup Driver: ${info.CgroupDriver}`,
    ` Cgroup Version: ${info.CgroupVersion}`,
    `  Delegated: ${yesNo(b.Cgroups.Delegated)}${b.Cgroups.Controllers.length ? ` (${b.Cgroups.Controllers.join(", ")})` : ""}`,
    ` Rootless: ${yesNo(b.Rootless)}${b.Rootless ? ` (uid ${b.Uid}${b.User ? `, ${b.User}` : ""})` : ""}`,
    ` User Namespaces: ${ns.Works ? "working" : `not working: ${ns.Error}`}`,
    `  max_user_namespaces: ${ns.MaxUserNamespaces ?? "unknown"}`,
    ...(ns.UnprivilegedUsernsClone === null ? [] : [`  unprivileged_userns_clone: ${yesNo(ns.UnprivilegedUsernsClone)}`]),
    ...(ns.AppArmorRestricts === null ? [] : [`  AppArmor restricts: ${yesNo(ns.AppArmorRestricts)}`]),
    ` Subordinate UIDs: ${ranges(b.SubordinateUids)}`,
    ` Subordinate GIDs: ${ranges(b.SubordinateGids)}`,
    ...Object.entries(b.IdMapTools).map(([name, t]) => ` ${name}: ${t.Path ?? "not found"}${t.Usable ? "" : ` (unusable${t.Reason ? `: ${t.Reason}` : ""})`}`),
    ` Unprivileged Port Start: ${b.UnprivilegedPortStart ?? "unknown"}`,
    ` Ping Group Range: ${b.PingGroupRange ? b.PingGroupRange.join(" ") : "unknown"}`,
    ` Kernel Version: ${info.KernelVersion}`,
    ` Operating System: ${info.OperatingSystem}`,
    ` OSType: ${info.OSType}`,
    ` Architecture: ${info.Architecture}`,
    ` CPUs: ${info.NCPU}`,
    ` Total Memory: ${bytes(info.MemTotal as number)}`,
    ` Name: ${info.Name}`,
    ` ID: ${info.ID}`,
    ` Docker Root Dir: ${info.DockerRootDir}`,
    ` Exec Root: ${b.ExecRoot}`,
    ` Config File: ${b.ConfigFile}`,
    ` Debug Mode: ${info.Debug}`,
  ];
  const reg = info.RegistryConfig as { IndexConfigs: Record<string, { Secure: boolean }>; Mirrors: string[] };
  const insecure = Object.entries(reg.IndexConfigs).filter(([, c]) => !c.Secure).map(([name]) => name);
  if (insecure.length) lines.push(" Insecure Registries:", ...insecure.map((r) => `  ${r}`));
  if (reg.Mirrors.length) lines.push(" Registry Mirrors:", ...reg.Mirrors.map((m) => `  ${m}`));
  if (info.Warnings.length) lines.push("", ...info.Warnings);
  return lines.join("\n");
}

export default command({
  meta: { name: "info", description: "Display system-wide information" },
  args: {
    format: { type: "string", alias: "f", description: "Format output using a custom template: 'json' or a Go template", valueHint: "string" },
  },
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    const info = await client.json<InfoWire>("GET", "/info");
    // Docker's info template sees the server's fields at the top level and the client's under ClientInfo.
    if (args.format) writeOut(renderValue(args.format, { ...info, ClientInfo: { Version: bunkerVersion, Context: "default", Debug: false, Plugins: [], Warnings: null } }));
    else console.log(renderInfo(info, client.host.url));
  },
});
