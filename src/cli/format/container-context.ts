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
  LocalVolumes: "LOCAL VOLUMES", Networks: "NETWORKS",
};

export const defaultContainerTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

/** Docker's DisplayablePorts: "0.0.0.0:8080->80/tcp, 443/tcp", consecutive ports as ranges. */
export function displayPorts(ports: NonNullable<ContainerSummary["Ports"]>): string {
  const groups = new Map<string, { pub: number[]; priv: number[] }>();
  const order: string[] = [];
  const sorted = [...ports].sort((a, b) => a.PrivatePort - b.PrivatePort || (a.PublicPort ?? 0) - (b.PublicPort ?? 0));
  const out: string[] = [];
  for (const p of sorted) {
    if (!p.PublicPort) {
      out.push(`${p.PrivatePort}/${p.Type}`);
      continue;
    }
    const ip = p.IP ? `${p.IP.includes(":") ? `[${p.IP}]` : p.IP}:` : "";
    const key = `${ip}/${p.Type}`;
    let g = groups.get(key);
    if (!g) {
      g = { pub: [], priv: [] };
      groups.set(key, g);
      order.push(key);
    }
    g.pub.push(p.PublicPort);
    g.priv.push(p.PrivatePort);
  }
  const ranges: string[] = [];
  for (const key of order) {
    const g = groups.get(key)!;
    const [ip, type] = [key.slice(0, key.lastIndexOf("/")), key.slice(key.lastIndexOf("/") + 1)];
    let start = 0;
    for (let i = 1; i <= g.pub.length; i++) {
      const consecutive = i < g.pub.length && g.pub[i] === g.pub[i - 1]! + 1 && g.priv[i] === g.priv[i - 1]! + 1;
      if (consecutive) continue;
      const range = (a: number[]) => (i - 1 > start ? `${a[start]}-${a[i - 1]}` : `${a[start]}`);
      ranges.push(`${ip}${range(g.pub)}->${range(g.priv)}/${type}`);
      start = i;
    }
  }
  return [...ranges, ...out].join(", ");
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
      if (trunc && /^sha256:[0-9a-f]{64}$/.test(c.Image)) return truncateId(c.Image);
      return c.Image;
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
  });
}
