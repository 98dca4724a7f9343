import type { ContainerDefaults, HistoryEntry, ImageConfig, RegistryCredentials } from "../../image/index.ts";
import type { ImageFs } from "./image-fs.ts";

/** An image as the builder sees it. */
export interface BuildImage {
  id: string;
  config: ImageConfig;
}

/** How a RUN step's container runs. */
export interface RunSpec {
  args: string[];
  env: string[];
  user: string;
  workingDir: string;
  /** "default" (the bridge), "none", "host", or a user network's name or id. */
  network: string;
  /** Extra /etc/hosts lines (the build's extrahosts). */
  extraHosts: { host: string; ip: string }[];
  /** When the container goes away (Docker's rm / forcerm): always, after a success only, never. */
  remove: "always" | "on-success" | "never";
}

export interface RunResult {
  exitCode: number;
  /** The container's changes as a layer tar; null when it changed nothing. */
  layer: Uint8Array | null;
}

/**
 * What the builder needs from the engine: images, a container per RUN, new images from a
 * config change and an optional layer. Tests can drive the builder with their own.
 */
export interface Executor {
  /** An image by reference (pulled when missing, or always with `pull`). Pull progress goes to `progress`. */
  image(ref: string, opts: { pull: boolean; platform?: string; credentials?: RegistryCredentials }, progress: (event: object) => void): Promise<BuildImage>;
  /** An image by id, when it still exists. */
  imageById(id: string): BuildImage | undefined;
  /** The ids of the named images and of all their parents (references that name nothing are skipped). */
  lineage(refs: string[]): Set<string>;
  /** A read-only view of an image's files (scratch when null). */
  filesystem(imageId: string | null): Promise<ImageFs>;
  /** Run a command in a new container from the image; it is removed as `spec.remove` says. */
  run(imageId: string, spec: RunSpec, io: { created(containerId: string): void; output(stream: "stdout" | "stderr", data: Buffer): void; removed(containerId: string): void }): Promise<RunResult>;
  /** A new image: the parent's (or scratch's) config with `defaults`, one more history entry, and the layer when given. */
  commit(parentId: string | null, change: { defaults: ContainerDefaults; history: HistoryEntry; layer: Uint8Array | null; author?: string }): Promise<BuildImage>;
  /** Point references (normalised or familiar) at an image. */
  tag(imageId: string, reference: string): void;
}
