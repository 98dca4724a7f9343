import type { Engine } from "../../engine/index.ts";
import type { Route } from "../router.ts";
import { infoWire, versionWire } from "../wire/system.ts";

const pingHeaders = {
  "Cache-Control": "no-cache, no-store, must-revalidate",
  Pragma: "no-cache",
  "Builder-Version": "1",
};

/** /_ping, /version, /info. */
export function systemRoutes(engine: Engine): Route[] {
  return [
    { method: "GET", path: "/_ping", handler: () => ({ text: "OK", headers: pingHeaders }) },
    { method: "HEAD", path: "/_ping", handler: () => ({ text: "", headers: pingHeaders }) },
    { method: "GET", path: "/version", handler: () => ({ json: versionWire(engine.system.version()) }) },
    { method: "GET", path: "/info", handler: () => ({ json: infoWire(engine.system.info()) }) },
  ];
}
