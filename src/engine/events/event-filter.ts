import { InvalidArgument } from "../../lib/index.ts";
import type { EngineEvent } from "./event-bus.ts";

/** The filter keys Docker's GET /events accepts. */
const acceptedKeys = new Set(["config", "container", "daemon", "event", "image", "label", "network", "node", "plugin", "scope", "secret", "service", "type", "volume"]);
const eventTypes = new Set(["builder", "config", "container", "daemon", "image", "network", "node", "plugin", "secret", "service", "volume"]);
/** Actions whose name carries the command after a colon (exec_create: sh -c …): matched by prefix. */
const prefixActions = ["exec_create", "exec_start", "health_status"];

function stripTag(ref: string): string {
  const at = ref.indexOf("@");
  if (at >= 0) return ref.slice(0, at);
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  return colon > slash ? ref.slice(0, colon) : ref;
}

/**
 * Docker's event filters: values of one key are alternatives (OR), keys combine with AND;
 * container/volume/network/daemon match a name exactly or an id by prefix, image matches the
 * reference with or without its tag, label is `key` or `key=value` and every one must match.
 */
export class EventFilter {
  constructor(private readonly filters: Record<string, string[]> = {}) {
    for (const key of Object.keys(filters)) if (!acceptedKeys.has(key)) throw new InvalidArgument(`invalid filter '${key}'`);
    for (const t of filters.type ?? []) if (!eventTypes.has(t)) throw new InvalidArgument(`invalid filter 'type=${t}'`);
    for (const s of filters.scope ?? []) if (s !== "local" && s !== "swarm") throw new InvalidArgument(`invalid filter 'scope=${s}'`);
  }

  private values(key: string): string[] {
    return this.filters[key] ?? [];
  }

  private exact(key: string, value: string | undefined): boolean {
    const wanted = this.values(key);
    return wanted.length === 0 || (value !== undefined && wanted.includes(value));
  }

  /** Name exactly, or id by prefix. */
  private nameOrId(key: string, id: string, name: string | undefined): boolean {
    const wanted = this.values(key);
    return wanted.length === 0 || wanted.some((w) => w === name || (w !== "" && id.startsWith(w)));
  }

  private event(e: EngineEvent): boolean {
    const wanted = this.values("event");
    if (wanted.length === 0) return true;
    return wanted.some((w) => w === e.action || (prefixActions.includes(w) && e.action.startsWith(`${w}:`)));
  }

  private image(e: EngineEvent): boolean {
    const wanted = this.values("image");
    if (wanted.length === 0) return true;
    const name = e.actor.attributes[e.type === "image" ? "name" : "image"];
    const candidates = [e.actor.id, name, stripTag(e.actor.id), name === undefined ? undefined : stripTag(name)];
    return candidates.some((c) => c !== undefined && wanted.includes(c));
  }

  private labels(attributes: Record<string, string>): boolean {
    return this.values("label").every((l) => {
      const eq = l.indexOf("=");
      if (eq < 0) return l in attributes;
      return attributes[l.slice(0, eq)] === l.slice(eq + 1);
    });
  }

  include(e: EngineEvent): boolean {
    const a = e.actor.attributes;
    return (
      this.event(e) &&
      this.exact("type", e.type) &&
      this.exact("scope", e.scope) &&
      this.nameOrId("daemon", e.actor.id, a.name) &&
      this.nameOrId("container", e.actor.id, a.name) &&
      this.nameOrId("plugin", e.actor.id, a.name) &&
      this.nameOrId("volume", e.actor.id, a.name) &&
      this.nameOrId("network", e.actor.id, a.name) &&
      this.image(e) &&
      this.nameOrId("node", e.actor.id, a.name) &&
      this.nameOrId("service", e.actor.id, a.name) &&
      this.nameOrId("secret", e.actor.id, a.name) &&
      this.nameOrId("config", e.actor.id, a.name) &&
      this.labels(a)
    );
  }
}
