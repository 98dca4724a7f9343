/** store/layers/: image layer tars in and out of directories. */
export { unpackLayer } from "./unpack-layer.ts";
export type { LayerIdMap, OwnerStrategy, UnpackOptions, UnpackResult, WhiteoutFormat } from "./unpack-layer.ts";
export { diffDirectory } from "./diff-layer.ts";
export type { DiffOptions } from "./diff-layer.ts";
export { treeChanges, type TreeChanges } from "./tree-changes.ts";
export { treeTar, type TreeTarRequest } from "./tree-tar.ts";
export { commandLayerSys } from "./layer-sys.ts";
export type { LayerSys, NodeType } from "./layer-sys.ts";
export type { LayerCompression } from "./_decompress.ts";
