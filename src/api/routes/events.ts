import { EventFilter, type EngineEvent, type Engine } from "../../engine/index.ts";
import { InvalidArgument, timestampNanos } from "../../lib/index.ts";
import type { Route } from "../router.ts";
import { eventLine } from "../wire/events.ts";
import { parseFilters } from "../wire/filters.ts";

function nowNanos(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * GET /events: the recent events from `since` (history is kept in memory, as Docker keeps it),
 * then live ones until `until` or until the client goes away; one JSON object per line, each
 * written as it happens. An `until` in the past returns the history and ends.
 */
export function eventRoutes(engine: Engine): Route[] {
  return [
    {
      method: "GET",
      path: "/events",
      handler: (ctx) => {
        const sinceText = ctx.query.get("since");
        const untilText = ctx.query.get("until");
        const since = timestampNanos(sinceText);
        const until = timestampNanos(untilText);
        if (since !== undefined && until !== undefined && until < since) throw new InvalidArgument(`\`since\` time (${sinceText}) cannot be after \`until\` time (${untilText})`);
        const filter = new EventFilter(parseFilters(ctx.query.get("filters")));
        const res = ctx.startStream("application/json");
        const send = (e: EngineEvent) => {
          if (filter.include(e)) res.write(eventLine(e));
        };
        const bus = engine.events;
        // History and subscription in the same tick: nothing falls between them.
        const history = since !== undefined || until !== undefined ? bus.history(since, until) : [];
        const onlyPast = until !== undefined && until <= nowNanos();
        for (const e of history) send(e);
        if (onlyPast) {
          res.end();
          return undefined;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const unsubscribe = bus.subscribe((e) => {
          if (until !== undefined && e.timeNano > until) return;
          send(e);
        });
        const finish = () => {
          unsubscribe();
          if (timer) clearTimeout(timer);
        };
        res.on("close", finish);
        const delay = until === undefined ? undefined : Number((until - nowNanos()) / 1_000_000n) + 1;
        if (delay !== undefined && delay < 2 ** 31) {
          timer = setTimeout(() => {
            finish();
            res.end();
          }, delay);
        }
        return undefined;
      },
    },
  ];
}
