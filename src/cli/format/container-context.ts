import { humanDuration } from "../../lib/index.ts";
import { GoStruct, goQuote } from "./go-values.ts";
import { ellipsis, goTimeString, humanSize, sortedLabels, truncateId } from "./units.ts";

/** One entry of GET /containers/json as the CLI reads it. */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID?: string;
  Command: string;
  Created: number;
  Ports?: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
  Labels?: Record<string, string> | null;
  State: string;
  Status: string;
  SizeRw?: number;
  SizeRootFs?: number;
  Mounts?: { Name?: string; Source?: string; Driver?: string }[];
  NetworkSettings?: { Networks?: Record<string, unknown> | null };
}

export const containerHeaders: Record<string, string> = {
  ID: "CONTAINER ID", Image: "IMAGE", Command: "COMMAND", CreatedAt: "CREATED AT", RunningFor: "CREATED", Ports: "PORTS",
  State: "STATE", Status: "STATUS", Size: "SIZE", Names: "NAMES", Labels: "LABELS", Label: "LABEL", Mounts: "MOUNTS",
  LocalVolumes: "LOCAL VOLUMES", Networks: "NETWORKS", Platform: "PLATFORM",
};

export const defaultContainerTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

type Port = NonNullable<ContainerSummary["Ports"]>[number];

const hostPort = (ip: string, port: string) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);

/**
 * Docker's DisplayablePorts: "0.0.0.0:8080->80/tcp, 443/tcp". Ports published on the same
 * number and unpublished ones are grouped into ranges of consecutive ports per address and
 * protocol; a port published on another number is listed on its own, last.
 */
export function displayPorts(ports: Port[]): string {
  const sorted = [...ports].sort((a, b) => a.PrivatePort - b.PrivatePort || (a.IP ?? "").localeCompare(b.IP ?? "") || (a.PublicPort ?? 0) - (b.PublicPort ?? 0) || a.Type.localeCompare(b.Type));
  const groups = new Map<string, { ip: string; type: string; first: number; last: number }>();
  const result: string[] = [];
  const mapped: string[] = [];
  const form = (g: { ip: string; type: string; first: number; last: number }) => {
    const range = g.first === g.last ? `${g.first}` : `${g.first}-${g.last}`;
    return `${g.ip ? `${hostPort(g.ip, range)}->${range}` : range}/${g.type}`;
  };
  for (const p of sorted) {
    const ip = p.IP ?? "";
    if (ip && p.PublicPort !== p.PrivatePort) {
      mapped.push(`${hostPort(ip, String(p.PublicPort))}->${p.PrivatePort}/${p.Type}`);
      continue;
    }
    const key = `${ip}/${p.Type}`;
    const g = groups.get(key);
    if (g && p.PrivatePort === g.last + 1) {
      g.last = p.PrivatePort;
      continue;
    }
    if (g) result.push(form(g));
    groups.set(key, { ip, type: p.Type, first: p.PrivatePort, last: p.PrivatePort });
  }
  return [...result, ...[...groups.values()].map(form), ...mapped].join(", ");
}

/** Docker's ContainerContext: what `{{.ID}}`, `{{.Names}}`, `{{.Label "k"}}`… give for one container. */
export function containerContext(c: ContainerSummary, opts: { trunc: boolean }): GoStruct {
  const { trunc } = opts;
  return new GoStruct("*formatter.ContainerContext", {
    ID: () => (trunc ? truncateId(c.Id) : c.Id),
    Names: () => {
      const names = c.Names.map((n) => n.replace(/^\//, ""));
      // Truncated, a container shows its own name, not the names links gave it ("/other/alias").
      const own = names.find((n) => !n.includes("/"));
      return (trunc && own ? [own] : names).join(",");
    },
    Image: () => {
      if (!c.Image) return "<no image>";
      if (!trunc) return c.Image;
      if (/^sha256:[0-9a-f]{64}$/.test(c.Image)) return truncateId(c.Image);
      // name:tag@digest shows as name:tag; docker.io's prefixes trimmed.
      const at = c.Image.indexOf("@");
      const slash = c.Image.lastIndexOf("/");
      const tagged = c.Image.slice(0, at < 0 ? undefined : at).lastIndexOf(":") > slash;
      const image = at >= 0 && tagged ? c.Image.slice(0, at) : c.Image;
      return image.replace(/^docker\.io\/(library\/)?/, "");
    },
    Command: () => goQuote(trunc ? ellipsis(c.Command, 20) : c.Command),
    CreatedAt: () => goTimeString(c.Created),
    RunningFor: () => `${humanDuration(Date.now() - c.Created * 1000)} ago`,
    Ports: () => displayPorts(c.Ports ?? []),
    State: () => c.State,
    Status: () => c.Status,
    Size: () => {
      if (c.SizeRw === undefined && c.SizeRootFs === undefined) return "0B";
      const rw = humanSize(c.SizeRw ?? 0);
      return c.SizeRootFs ? `${rw} (virtual ${humanSize(c.SizeRootFs)})` : rw;
    },
    Labels: () => sortedLabels(c.Labels),
    Label: (name: unknown) => (c.Labels ?? {})[String(name)] ?? "",
    Mounts: () => (c.Mounts ?? []).map((m) => (trunc ? ellipsis(m.Name || m.Source || "", 15) : m.Name || m.Source || "")).join(","),
    LocalVolumes: () => String((c.Mounts ?? []).filter((m) => m.Driver === "local").length),
    Networks: () => Object.keys(c.NetworkSettings?.Networks ?? {}).sort().join(","),
    Platform: () => null,
  });
}
