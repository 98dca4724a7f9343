export * from "./snapshotter-choice.ts";
export * from "./metadata-db.ts";
