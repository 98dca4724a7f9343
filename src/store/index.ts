export * from "./snapshotter-choice.ts";
