import * as v from "valibot";
import { boolFilter, listVolumes, pruneFilter, type Engine } from "../../engine/index.ts";
import { apiBefore } from "../api-version.ts";
import { InvalidArgument } from "../../lib/index.ts";
import { volumeWire } from "../wire/volumes.ts";
import { parseFilterArgs } from "../wire/filter-args.ts";
import type { Route } from "../router.ts";

const CreateBody = v.nullish(
  v.object({
    Name: v.nullish(v.string()),
    Driver: v.nullish(v.string()),
    DriverOpts: v.nullish(v.record(v.string(), v.string())),
    Labels: v.nullish(v.record(v.string(), v.string())),
  }),
);

/** docker volume: create, ls, inspect, rm, prune. */
export function volumeRoutes(engine: Engine): Route[] {
  const volumes = engine.volumes;
  return [
    {
      method: "POST",
      path: "/volumes/create",
      handler: async (ctx) => {
        const body = (await ctx.json(CreateBody)) ?? {};
        const vol = volumes.create({ name: body.Name ?? undefined, driver: body.Driver ?? undefined, labels: body.Labels ?? undefined, options: body.DriverOpts ?? undefined });
        return { status: 201, json: volumeWire(vol) };
      },
    },
    {
      method: "GET",
      path: "/volumes",
      handler: (ctx) => ({ json: { Volumes: listVolumes(volumes, (name) => engine.containers.usingVolume(name), parseFilterArgs(ctx.query.get("filters"))).map(volumeWire), Warnings: [] } }),
    },
    { method: "GET", path: "/volumes/{name}", handler: (ctx) => ({ json: volumeWire(volumes.find(ctx.params.name!)) }) },
    {
      method: "DELETE",
      path: "/volumes/{name}",
      handler: (ctx) => {
        volumes.remove(ctx.params.name!, { force: ctx.queryBool("force") });
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/volumes/prune",
      handler: (ctx) => {
        const filters = parseFilterArgs(ctx.query.get("filters"));
        // Docker's volume prune takes label, label! and all; `until` is refused there too.
        if (filters.until) throw new InvalidArgument("invalid filter 'until'");
        const filter = pruneFilter(filters, ["all"]);
        // Before API 1.42 a prune took every unused volume; since then named ones only with all=true.
        const all = boolFilter(filters, "all") ?? apiBefore(ctx.apiVersion, "1.42");
        return { json: volumes.prune({ all, filter }) };
      },
    },
  ];
}
