// Public API of image/: references, digests, media types, manifests and platform choice.
export * from "./reference.ts";
export * from "./digest.ts";
export * from "./media-types.ts";
export * from "./manifest.ts";
export * from "./platform.ts";
export * from "./registry/index.ts";
