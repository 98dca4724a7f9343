import { listContainers, pruneFilter, type Engine } from "../../engine/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import type { Route } from "../router.ts";
import { CreateBody, createInput } from "../wire/container-create.ts";
import { inspectWire, listWire, type DnsNamesOf } from "../wire/container-inspect.ts";
import { parseFilterArgs } from "../wire/filter-args.ts";

function seconds(value: string | null): number | undefined {
  if (value === null || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgument(`invalid value for t: ${JSON.stringify(value)}`);
  return n;
}

/** Container lifecycle routes (streams are in container-streams.ts). */
export function containerRoutes(engine: Engine): Route[] {
  const c = engine.containers;
  const dnsNames: DnsNamesOf = (record, networkId, e) => engine.networking.dnsNamesOf(record, networkId, e);
  return [
    {
      method: "POST",
      path: "/containers/create",
      handler: async (ctx) => {
        const body = await ctx.json(CreateBody);
        if (!body) throw new InvalidArgument("config cannot be empty in order to create a container");
        const result = await c.create(createInput(ctx.query.get("name") ?? undefined, body));
        return { status: 201, json: { Id: result.id, Warnings: result.warnings } };
      },
    },
    {
      method: "GET",
      path: "/containers/json",
      handler: async (ctx) => {
        const limit = Number(ctx.query.get("limit") || "-1");
        if (!Number.isInteger(limit)) throw new InvalidArgument(`invalid value for limit: ${JSON.stringify(ctx.query.get("limit"))}`);
        const filters = parseFilterArgs(ctx.query.get("filters"));
        // Docker's legacy before/since parameters are the filters of the same names.
        for (const key of ["before", "since"]) if (ctx.query.get(key)) filters[key] = [...(filters[key] ?? []), ctx.query.get(key)!];
        const list = await listContainers(c.store, engine.images, { all: ctx.queryBool("all"), limit, size: ctx.queryBool("size"), filters });
        return { json: list.map((x) => ({ ...listWire(x.record, dnsNames), ...(x.sizeRw === undefined ? {} : { SizeRw: x.sizeRw, SizeRootFs: x.sizeRootFs }) })) };
      },
    },
    { method: "GET", path: "/containers/{id}/json", handler: (ctx) => ({ json: inspectWire(c.store.find(ctx.params.id!), dnsNames) }) },
    {
      method: "POST",
      path: "/containers/{id}/start",
      handler: async (ctx) => {
        await c.start(ctx.params.id!);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/containers/{id}/stop",
      handler: async (ctx) => {
        const result = await c.stop(ctx.params.id!, seconds(ctx.query.get("t")), ctx.query.get("signal") ?? undefined);
        return { status: result === "stopped" ? 204 : 304 };
      },
    },
    {
      method: "POST",
      path: "/containers/{id}/restart",
      handler: async (ctx) => {
        await c.restart(ctx.params.id!, seconds(ctx.query.get("t")), ctx.query.get("signal") ?? undefined);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/containers/{id}/kill",
      handler: async (ctx) => {
        const signal = ctx.query.get("signal") || "KILL";
        c.kill(ctx.params.id!, signal);
        // As Docker's daemon: a SIGKILL answers once the container has stopped (10 s at most).
        if (/^(SIG)?KILL$|^9$/i.test(signal)) await Promise.race([c.wait(ctx.params.id!, "not-running"), Bun.sleep(10_000)]);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/containers/{id}/wait",
      handler: async (ctx) => {
        const condition = (ctx.query.get("condition") || "not-running") as "not-running" | "next-exit" | "removed";
        if (!["not-running", "next-exit", "removed"].includes(condition)) throw new InvalidArgument(`invalid condition: ${JSON.stringify(condition)}`);
        const pending = c.wait(ctx.params.id!, condition);
        // Docker sends the headers at once and the body when the container stops.
        const res = ctx.startStream("application/json");
        const r = await pending;
        res.end(JSON.stringify({ StatusCode: r.exitCode, Error: r.error ? { Message: r.error } : null }) + "\n");
        return undefined;
      },
    },
    {
      method: "DELETE",
      path: "/containers/{id}",
      handler: async (ctx) => {
        await c.remove(ctx.params.id!, { force: ctx.queryBool("force"), volumes: ctx.queryBool("v") });
        return { status: 204 };
      },
    },
    { method: "GET", path: "/containers/{id}/changes", handler: async (ctx) => ({ json: await c.files.changes(ctx.params.id!) }) },
    {
      method: "GET",
      path: "/containers/{id}/export",
      handler: async (ctx) => {
        // The first bytes are read before the status is sent, so an early failure is an error reply.
        const reader = (await c.files.export(ctx.params.id!)).getReader();
        const first = await reader.read();
        const res = ctx.startStream("application/x-tar");
        for (let r = first; !r.done; r = await reader.read()) {
          if (!res.write(r.value)) await new Promise((resolve) => res.once("drain", resolve));
        }
        res.end();
        return undefined;
      },
    },
    {
      method: "POST",
      path: "/containers/{id}/rename",
      handler: (ctx) => {
        const name = ctx.query.get("name");
        if (!name) throw new InvalidArgument("new name is required");
        c.rename(ctx.params.id!, name);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/containers/prune",
      handler: async (ctx) => ({ json: await c.prune(pruneFilter(parseFilterArgs(ctx.query.get("filters")))) }),
    },
    {
      method: "GET",
      path: "/containers/{id}/top",
      handler: (ctx) => ({ json: c.top(ctx.params.id!, ctx.query.get("ps_args") ?? "") }),
    },
    {
      method: "POST",
      path: "/containers/{id}/resize",
      handler: (ctx) => {
        c.resize(ctx.params.id!, Number(ctx.query.get("h") ?? 0), Number(ctx.query.get("w") ?? 0));
        return { status: 200, text: "" };
      },
    },
  ];
}
