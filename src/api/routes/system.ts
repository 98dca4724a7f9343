import { diskUsage, type DiskUsageKind, type Engine } from "../../engine/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import { diskUsageWire } from "../wire/system-df.ts";
import type { Route } from "../router.ts";
import { infoWire, versionWire } from "../wire/system.ts";

const pingHeaders = {
  "Cache-Control": "no-cache, no-store, must-revalidate",
  Pragma: "no-cache",
  "Builder-Version": "1",
};

const dfKinds: DiskUsageKind[] = ["container", "image", "volume", "build-cache"];

/** /_ping, /version, /info, /system/df. */
export function systemRoutes(engine: Engine): Route[] {
  return [
    { method: "GET", path: "/_ping", handler: () => ({ text: "OK", headers: pingHeaders }) },
    { method: "HEAD", path: "/_ping", handler: () => ({ text: "", headers: pingHeaders }) },
    { method: "GET", path: "/version", handler: () => ({ json: versionWire(engine.system.version()) }) },
    { method: "GET", path: "/info", handler: () => ({ json: infoWire(engine.system.info()) }) },
    {
      method: "GET",
      path: "/system/df",
      handler: async (ctx) => {
        const kinds = ctx.query.getAll("type");
        for (const k of kinds) if (!dfKinds.includes(k as DiskUsageKind)) throw new InvalidArgument(`unknown object type: ${k}`);
        const du = await diskUsage(engine, kinds as DiskUsageKind[]);
        return { json: diskUsageWire(du, (record, networkId, e) => engine.networking.dnsNamesOf(record, networkId, e)) };
      },
    },
  ];
}
