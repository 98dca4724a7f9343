export * from "./docker-client.ts";
export * from "./wire-types.ts";
