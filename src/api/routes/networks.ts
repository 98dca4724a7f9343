import { endpointRequest } from "../wire/endpoint-config.ts";
import * as v from "valibot";
import { checkNetworkFilters, pruneFilter, type Engine } from "../../engine/index.ts";
import { InvalidArgument, parseWith } from "../../lib/index.ts";
import type { ApiContext } from "../context.ts";
import type { Route } from "../router.ts";
import { NetworkConnectBody, NetworkCreateBody, NetworkDisconnectBody, networkWire } from "../wire/networks.ts";

const FiltersJson = v.record(v.string(), v.union([v.array(v.string()), v.record(v.string(), v.boolean())]));

/** Docker's `filters` query: {"key": ["a"]} or the older {"key": {"a": true}}. */
function filtersOf(ctx: ApiContext): Record<string, string[]> {
  const text = ctx.query.get("filters");
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidArgument(`invalid filter: ${text}`);
  }
  const parsed = parseWith(FiltersJson, raw, "invalid filters");
  return Object.fromEntries(Object.entries(parsed).map(([k, val]) => [k, Array.isArray(val) ? val : Object.keys(val).filter((x) => val[x])]));
}

/** docker network: ls, inspect, create, rm, connect, disconnect, prune. */
export function networkRoutes(engine: Engine): Route[] {
  const networks = engine.networks;
  return [
    { method: "GET", path: "/networks", handler: (ctx) => ({ json: networks.list(checkNetworkFilters(filtersOf(ctx))).map((n) => networkWire(n, false)) }) },
    {
      method: "POST",
      path: "/networks/create",
      handler: async (ctx) => {
        const body = await ctx.json(NetworkCreateBody);
        if (body.EnableIPv6) throw new InvalidArgument("IPv6 networks are not supported yet");
        if (body.IPAM?.Driver && body.IPAM.Driver !== "default") throw new InvalidArgument(`IPAM driver ${body.IPAM.Driver} is not supported (default only)`);
        const result = networks.create({
          name: body.Name,
          driver: body.Driver ?? undefined,
          internal: !!body.Internal,
          attachable: !!body.Attachable,
          labels: body.Labels ?? {},
          options: body.Options ?? {},
          ipam: (body.IPAM?.Config ?? []).map((c) => ({ subnet: c.Subnet ?? undefined, gateway: c.Gateway ?? undefined, ipRange: c.IPRange ?? undefined, auxAddresses: c.AuxiliaryAddresses ?? undefined })),
        });
        return { status: 201, json: { Id: result.id, Warning: result.warning } };
      },
    },
    {
      method: "POST",
      path: "/networks/prune",
      handler: (ctx) => {
        return { json: { NetworksDeleted: networks.prune(pruneFilter(filtersOf(ctx))) } };
      },
    },
    { method: "GET", path: "/networks/{id}", handler: (ctx) => ({ json: networkWire(networks.view(networks.find(ctx.params.id!)), true) }) },
    {
      method: "DELETE",
      path: "/networks/{id}",
      handler: (ctx) => {
        networks.remove(ctx.params.id!);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/networks/{id}/connect",
      handler: async (ctx) => {
        const body = await ctx.json(NetworkConnectBody);
        const e = body.EndpointConfig;
        await engine.networking.connect(ctx.params.id!, body.Container, endpointRequest(e));
        return { status: 200, text: "" };
      },
    },
    {
      method: "POST",
      path: "/networks/{id}/disconnect",
      handler: async (ctx) => {
        const body = await ctx.json(NetworkDisconnectBody);
        await engine.networking.disconnect(ctx.params.id!, body.Container, !!body.Force);
        return { status: 200, text: "" };
      },
    },
  ];
}
