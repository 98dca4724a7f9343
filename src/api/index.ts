export { createApiServer, splitVersion, standardHeaders, type ApiTls } from "./server.ts";
export { apiRoutes } from "./routes/index.ts";
export type { Route, Handler, Reply } from "./router.ts";
export type { ApiContext, Hijacked } from "./context.ts";
export type { VersionWire, InfoWire, BunkerInfoWire } from "./wire/system.ts";
