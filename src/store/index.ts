export * from "./snapshotter-choice.ts";
export * from "./metadata-db.ts";
export * from "./content-store.ts";
export * from "./image-records.ts";
export * from "./build-cache.ts";
export * from "./snapshotters/index.ts";
export * from "./layers/index.ts";
