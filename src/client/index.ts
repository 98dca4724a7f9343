export * from "./docker-client.ts";
export * from "./wire-types.ts";
export * from "./host.ts";
