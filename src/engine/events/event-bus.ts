/** What an event is about: Docker's event types. */
export type EventType = "container" | "image" | "volume" | "network" | "daemon" | "plugin" | "node" | "service" | "secret" | "config";

/** One engine event (the API turns it into Docker's events.Message). */
export interface EngineEvent {
  type: EventType;
  action: string;
  actor: { id: string; attributes: Record<string, string> };
  scope: "local";
  /** Nanoseconds since the epoch: strictly increasing, so since/until cut the history exactly. */
  timeNano: bigint;
}

export type EventListener = (event: EngineEvent) => void;

/** Docker keeps 256; a few more let a burst of `run --rm` stay visible to `--since`. */
const defaultCapacity = 1024;

/** The wall clock (so since/until agree with clients' clocks) with a sub-millisecond part from the monotonic one. */
function nowNano(): bigint {
  const sub = Math.floor((performance.now() % 1) * 1_000_000);
  return BigInt(Date.now()) * 1_000_000n + BigInt(sub);
}

/**
 * The engine's event stream: every service emits here; the API reads recent history (a ring
 * buffer, for `since`) and follows live events (subscribers). Emitting never throws and never
 * waits: a slow or broken listener cannot hold up a container's lifecycle.
 */
export class EventBus {
  private readonly ring: (EngineEvent | undefined)[];
  private next = 0;
  private count = 0;
  private last = 0n;
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly capacity = defaultCapacity) {
    this.ring = new Array(capacity);
  }

  /** Record an event and hand it to every subscriber. */
  emit(type: EventType, action: string, id: string, attributes: Record<string, string> = {}): EngineEvent {
    let t = nowNano();
    if (t <= this.last) t = this.last + 1n;
    this.last = t;
    const event: EngineEvent = { type, action, actor: { id, attributes: { ...attributes } }, scope: "local", timeNano: t };
    this.ring[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a listener's failure is its own business
      }
    }
    return event;
  }

  /** The buffered events with since <= timeNano <= until, oldest first. */
  history(since?: bigint, until?: bigint): EngineEvent[] {
    const out: EngineEvent[] = [];
    for (let i = 0; i < this.count; i++) {
      const e = this.ring[(this.next - this.count + i + this.capacity) % this.capacity]!;
      if (since !== undefined && e.timeNano < since) continue;
      if (until !== undefined && e.timeNano > until) continue;
      out.push(e);
    }
    return out;
  }

  /** Follow live events until the returned function is called. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many subscribers are attached (tests check that streams let go). */
  get subscribers(): number {
    return this.listeners.size;
  }
}
