import { writableSize } from "./writable-size.ts";
import type { ImageService } from "../images/image-service.ts";
import { checkFilterKeys, invalidFilter as invalid, labelsMatch, regexpMatch as matches } from "../list-filters.ts";
import type { ContainerRecord, ContainerStatus } from "./container-record.ts";
import type { ContainerStore } from "./container-store.ts";

/** What GET /containers/json asks for. Filters by name, each with its values (Docker's filters.Args). */
export interface ListQuery {
  all?: boolean;
  limit?: number;
  size?: boolean;
  filters?: Record<string, string[]>;
}

export interface ListedContainer {
  record: ContainerRecord;
  /** With `size`: bytes in the writable layer, and those plus the image's. */
  sizeRw?: number;
  sizeRootFs?: number;
}

const acceptedFilters = ["ancestor", "before", "exited", "expose", "health", "id", "is-task", "label", "name", "network", "publish", "since", "status", "volume"];

/** Docker's publish/expose values: "80", "80/udp", "8000-8010/tcp" → "port/proto" keys. */
function portKeys(key: string, values: string[]): Set<string> {
  const out = new Set<string>();
  for (const v of values) {
    const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/.exec(v);
    if (!m) throw invalid(key, v);
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (first < 1 || last > 65535 || last < first) throw invalid(key, v);
    for (let p = first; p <= last; p++) out.add(`${p}/${m[3] ?? "tcp"}`);
  }
  return out;
}

/** The ports GET /containers/json shows for a container: its published ones and, running, the exposed ones. */
function listedPorts(c: ContainerRecord): { privatePort: number; publicPort?: number; proto: string }[] {
  if (!c.network || c.state.status !== "running") return [];
  const published = c.network.published.map((p) => ({ privatePort: p.containerPort, publicPort: p.hostPort, proto: p.proto as string }));
  const exposed = c.network.request.exposedPorts.map((key) => {
    const [port = "", proto = "tcp"] = key.split("/");
    return { privatePort: Number(port), proto };
  });
  return [...published, ...exposed.filter((e) => !published.some((p) => p.privatePort === e.privatePort && p.proto === e.proto))];
}
const statuses = new Set(["created", "restarting", "running", "removing", "paused", "exited", "dead"]);

/** Bytes of the regular files and links under `dir` (a writable layer's own changes). */
/**
 * docker ps: the containers that pass the filters, newest first. Without `all`, only running
 * ones (unless a limit, before/since or a status filter asks for stopped ones too, as Docker's
 * daemon does). Unknown filters and bad values are 400s with Docker's wording.
 */
export async function listContainers(store: ContainerStore, images: ImageService, q: ListQuery): Promise<ListedContainer[]> {
  const f = q.filters ?? {};
  checkFilterKeys(f, acceptedFilters);
  for (const s of f.status ?? []) if (!statuses.has(s)) throw invalid("status", s);
  for (const h of f.health ?? []) if (!["starting", "healthy", "unhealthy", "none"].includes(h)) throw invalid("health", h);
  for (const t of f["is-task"] ?? []) if (t !== "true" && t !== "false") throw invalid("is-task", t);
  const exitCodes = (f.exited ?? []).map((e) => {
    if (!/^-?\d+$/.test(e)) throw invalid("exited", e);
    return Number(e);
  });
  const publish = f.publish?.length ? portKeys("publish", f.publish) : undefined;
  const expose = f.expose?.length ? portKeys("expose", f.expose) : undefined;
  const all = store.list();
  const order = new Map(all.map((c, i) => [c.id, i]));
  const position = (ref: string) => order.get(store.find(ref).id)!;
  const before = f.before?.length ? Math.min(...f.before.map(position)) : undefined;
  const since = f.since?.length ? Math.max(...f.since.map(position)) : undefined;
  let ancestors: Set<string> | undefined;
  if (f.ancestor?.length) {
    ancestors = new Set();
    for (const a of f.ancestor) {
      try {
        ancestors.add(images.find(a).id);
      } catch {
        // Docker ignores an ancestor it cannot find: it matches no container.
      }
    }
  }
  const showStopped = q.all || (q.limit ?? 0) > 0 || before !== undefined || since !== undefined || !!f.status?.length;

  const keep = (c: ContainerRecord): boolean => {
    const status: ContainerStatus | "paused" = c.state.paused ? "paused" : c.state.status;
    if (!showStopped && c.state.status !== "running" && c.state.status !== "restarting") return false;
    const i = order.get(c.id)!;
    if (before !== undefined && i >= before) return false;
    if (since !== undefined && i <= since) return false;
    if (f.name?.length && !f.name.some((n) => matches(n, `/${c.name}`) || matches(n, c.name))) return false;
    if (f.id?.length && !f.id.some((id) => matches(id, c.id))) return false;
    if (f.status?.length && !f.status.includes(status)) return false;
    if (f.label?.length && !labelsMatch(f.label, c.requested.labels ?? {})) return false;
    if (exitCodes.length && !(status === "exited" && exitCodes.includes(c.state.exitCode))) return false;
    if (ancestors && !(c.imageId && ancestors.has(c.imageId))) return false;
    if (f.volume?.length && !c.runtime.binds.some((b) => f.volume!.some((v) => v === b.volume || v === b.target))) return false;
    if (f.network?.length) {
      const endpoints = Object.entries(c.network?.endpoints ?? {});
      const on = (n: string) => endpoints.some(([name, e]) => name === n || e.networkId.startsWith(n));
      if (!f.network.some(on)) return false;
    }
    if (publish || expose) {
      const ports = listedPorts(c);
      const hit = ports.some((p) => (publish && p.publicPort !== undefined && publish.has(`${p.publicPort}/${p.proto}`)) || (expose && expose.has(`${p.privatePort}/${p.proto}`)));
      if (!hit) return false;
    }
    if (f.health?.length && !f.health.includes(c.state.status === "running" && c.state.health ? c.state.health.status : "none")) return false;
    if (f["is-task"]?.length && !f["is-task"].includes("false")) return false;
    return true;
  };

  let list = all.filter(keep).reverse();
  if ((q.limit ?? 0) > 0) list = list.slice(0, q.limit);
  const out: ListedContainer[] = [];
  for (const record of list) {
    if (!q.size) {
      out.push({ record });
      continue;
    }
    const sizeRw = await writableSize(images.snapshotter, record.id);
    let imageSize = 0;
    if (record.imageId) {
      try {
        imageSize = images.find(record.imageId).size;
      } catch {
        // The image is gone: only the writable layer counts.
      }
    }
    out.push({ record, sizeRw, sizeRootFs: sizeRw + imageSize });
  }
  return out;
}
