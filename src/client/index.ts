export * from "./docker-client.ts";
export * from "./wire-types.ts";
export * from "./host.ts";
export type { Transport } from "./transport.ts";
export type { VersionWire, InfoWire, BunkerInfoWire } from "../api/index.ts";
