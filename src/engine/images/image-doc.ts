import type { ImageConfig } from "../../image/index.ts";
import type { ImageRecord } from "../../store/index.ts";

/** What the engine keeps per image besides the records' columns: its config, as pulled. */
export interface ImageDoc {
  config: ImageConfig;
  /** `name@sha256:…` of the manifest, per repository it came from. */
  repoDigests: string[];
  /** The image this one was made on here (commit, build step); none for pulled images. */
  parent?: string;
}

export type Image = ImageRecord<ImageDoc>;
