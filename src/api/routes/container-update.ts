import * as v from "valibot";
import type { Engine } from "../../engine/index.ts";
import { InvalidArgument, NotImplemented } from "../../lib/index.ts";
import type { Route } from "../router.ts";

const UpdateBody = v.looseObject({
  RestartPolicy: v.nullish(v.object({ Name: v.nullish(v.string()), MaximumRetryCount: v.nullish(v.number()) })),
});

/** A resource field the client actually set (the docker CLI sends every field, zero when unset). */
function isSet(value: unknown): boolean {
  if (value === null || value === undefined || value === 0 || value === "" || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.values(value).some(isSet);
  return true;
}

/** POST /containers/{id}/update: the restart policy so far; resource limits are another issue. */
export function containerUpdateRoutes(engine: Engine): Route[] {
  return [
    {
      method: "POST",
      path: "/containers/{id}/update",
      handler: async (ctx) => {
        const body = await ctx.json(UpdateBody);
        if (!body) throw new InvalidArgument("update config cannot be empty");
        const { RestartPolicy, ...resources } = body;
        const set = Object.entries(resources).filter(([, value]) => isSet(value)).map(([key]) => key);
        if (set.length) throw new NotImplemented(`updating ${set.join(", ")} is not supported yet (only RestartPolicy)`);
        engine.containers.store.find(ctx.params.id!); // 404 first, as Docker
        if (RestartPolicy) engine.containers.updateRestartPolicy(ctx.params.id!, { name: RestartPolicy.Name ?? "", maximumRetryCount: RestartPolicy.MaximumRetryCount ?? 0 });
        return { json: { Warnings: [] } };
      },
    },
  ];
}
