export * from "./paths.ts";
export * from "./daemon-config.ts";
export * from "./pid-file.ts";
export * from "./context-store.ts";
