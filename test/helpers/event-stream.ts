/** One event as GET /events sends it, with the exact timeNano text kept. */
export interface WireEvent {
  status?: string;
  id?: string;
  from?: string;
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: string;
  time: number;
  timeNano: number;
  raw: string;
}

function parse(line: string): WireEvent {
  return { ...(JSON.parse(line) as Omit<WireEvent, "raw">), raw: line };
}

/** A live GET /events: lines as they arrive; `next(pred)` waits for a matching one. */
export async function openEvents(socket: string, query: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(`http://x/v1.44/events?${new URLSearchParams(query)}`, { unix: socket, signal: abort.signal } as RequestInit);
  if (res.status !== 200) throw new Error(`GET /events: ${res.status} ${await res.text()}`);
  const seen: WireEvent[] = [];
  const waiters: (() => void)[] = [];
  let ended = false;
  void (async () => {
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of res.body!) {
        buf += decoder.decode(chunk as Uint8Array, { stream: true });
        let nl;
        while ((nl = buf.indexOf("\n")) >= 0) {
          seen.push(parse(buf.slice(0, nl)));
          buf = buf.slice(nl + 1);
        }
        for (const w of waiters.splice(0)) w();
      }
    } catch {
      // aborted
    }
    ended = true;
    for (const w of waiters.splice(0)) w();
  })();
  return {
    res,
    seen,
    get ended() {
      return ended;
    },
    /** Wait for the first event (from index `from`) matching `pred`. */
    async next(pred: (e: WireEvent) => boolean, timeoutMs = 15_000, from = 0): Promise<WireEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = seen.slice(from).find(pred);
        if (hit) return hit;
        if (ended || Date.now() > deadline) throw new Error(`no matching event; saw: ${seen.map((e) => `${e.Type}/${e.Action}`).join(", ")}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    close: () => abort.abort(),
  };
}

/** A finished GET /events (an `until` in the past): every line. */
export async function pastEvents(socket: string, query: Record<string, string>): Promise<{ status: number; events: WireEvent[]; text: string }> {
  const res = await fetch(`http://x/v1.44/events?${new URLSearchParams(query)}`, { unix: socket } as RequestInit);
  const text = await res.text();
  return { status: res.status, text, events: res.status === 200 ? text.split("\n").filter(Boolean).map(parse) : [] };
}

/** Now (plus `aheadMs`) as Docker's "seconds.nanoseconds", to the millisecond: an `until` takes 1 ms ahead so the event of this very millisecond is in. */
export function unixNow(aheadMs = 0): string {
  const ms = Date.now() + aheadMs;
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, "0")}000000`;
}

/**
 * A point in time for `since`/`until` that no event shares: a few milliseconds of quiet on both
 * sides (event times are exact to about a millisecond).
 */
export async function markTime(): Promise<string> {
  await Bun.sleep(3);
  const t = unixNow();
  await Bun.sleep(3);
  return t;
}
