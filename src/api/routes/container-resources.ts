import * as v from "valibot";
import type { Engine, StatsSample } from "../../engine/index.ts";
import type { Route } from "../router.ts";
import { InvalidArgument } from "../../lib/index.ts";
import { ResourceFields, resourcesFrom } from "../wire/resources.ts";
import { statsWire } from "../wire/stats.ts";

const UpdateBody = v.object({
  ...ResourceFields,
  RestartPolicy: v.nullish(v.object({ Name: v.nullish(v.string()), MaximumRetryCount: v.nullish(v.number()) })),
});

const truthy = (value: string | null, fallback: boolean) => (value === null ? fallback : value === "1" || value === "true");

/** Resource use and control: stats, pause, unpause, update. */
export function containerResourceRoutes(engine: Engine): Route[] {
  const r = engine.resources;
  const c = engine.containers;
  return [
    {
      method: "GET",
      path: "/containers/{id}/stats",
      handler: async (ctx) => {
        const id = ctx.params.id!;
        const record = c.store.find(id);
        const stream = truthy(ctx.query.get("stream"), true);
        const oneShot = truthy(ctx.query.get("one-shot"), false);
        let prev: StatsSample | undefined;
        let sample = r.sample(id);
        if (!stream) {
          // Docker's one answer carries a previous sample a second earlier, for the CPU share.
          if (!oneShot && sample.cgroup) {
            prev = sample;
            await Bun.sleep(1000);
            sample = r.sample(id);
          }
          return { json: statsWire(record, sample, prev) };
        }
        const res = ctx.startStream("application/json");
        let open = true;
        res.on("close", () => (open = false));
        while (open) {
          const current = c.store.tryFind(id);
          if (!current) break;
          res.write(`${JSON.stringify(statsWire(current, sample, prev))}\n`);
          if (!sample.cgroup) break;
          await Bun.sleep(1000);
          prev = sample;
          sample = r.sample(id);
        }
        res.end();
        return undefined;
      },
    },
    {
      method: "POST",
      path: "/containers/{id}/pause",
      handler: async (ctx) => {
        await r.pause(ctx.params.id!);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/containers/{id}/unpause",
      handler: async (ctx) => {
        await r.unpause(ctx.params.id!);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/containers/{id}/update",
      handler: async (ctx) => {
        const body = (await ctx.json(UpdateBody)) ?? {};
        const policy = body.RestartPolicy ? { name: body.RestartPolicy.Name || "no", maximumRetryCount: body.RestartPolicy.MaximumRetryCount ?? 0 } : undefined;
        if (policy && !["no", "always", "unless-stopped", "on-failure"].includes(policy.name)) throw new InvalidArgument(`invalid restart policy '${policy.name}'`);
        const warnings = r.update(ctx.params.id!, resourcesFrom(body), policy);
        return { json: { Warnings: warnings } };
      },
    },
  ];
}
