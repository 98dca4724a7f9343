import type { Engine } from "../../engine/index.ts";
import { archivePath, containerPath, extractInto, statPath } from "../../engine/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import type { Route } from "../router.ts";
import { pipeline } from "node:stream/promises";

const statHeader = (stat: object) => Buffer.from(JSON.stringify(stat)).toString("base64");

/** docker cp: HEAD/GET/PUT /containers/{id}/archive. */
export function containerArchiveRoutes(engine: Engine): Route[] {
  const c = engine.containers;
  const pathOf = (value: string | null) => {
    if (!value) throw new InvalidArgument("path is required");
    return value;
  };
  return [
    {
      method: "HEAD",
      path: "/containers/{id}/archive",
      handler: async (ctx) => {
        const path = pathOf(ctx.query.get("path"));
        const stat = await c.files.withRoot(ctx.params.id!, (pid) => statPath(containerPath(pid, path, false), path));
        return { text: "", headers: { "X-Docker-Container-Path-Stat": statHeader(stat) } };
      },
    },
    {
      method: "GET",
      path: "/containers/{id}/archive",
      handler: async (ctx) => {
        const path = pathOf(ctx.query.get("path"));
        return c.files.withRoot(ctx.params.id!, async (pid) => {
          const host = containerPath(pid, path, !path.endsWith("/") ? false : true);
          const stat = statPath(host, path);
          ctx.res!.setHeader("X-Docker-Container-Path-Stat", statHeader(stat));
          const res = ctx.startStream("application/x-tar");
          await pipeline(archivePath(host, path), res);
          return undefined;
        });
      },
    },
    {
      method: "PUT",
      path: "/containers/{id}/archive",
      handler: async (ctx) => {
        const path = pathOf(ctx.query.get("path"));
        await c.files.withRoot(ctx.params.id!, (pid) => extractInto(containerPath(pid, path), ctx.req, { keepOwners: ctx.queryBool("copyUIDGID") }));
        return { status: 200, text: "" };
      },
    },
  ];
}
