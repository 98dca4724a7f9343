/**
 * Manifests, manifest lists / OCI indexes and image configs: valibot schemas for what registries
 * and image archives hand us, and `classify` to tell a single-image manifest from an index.
 * Documents keep their JSON shape (OCI's field names), since they are stored byte for byte.
 */
import * as v from "valibot";
import { InvalidArgument, parseWith } from "../lib/index.ts";
import { isDigest } from "./digest.ts";
import { MediaType, configMediaTypes, indexMediaTypes, manifestMediaTypes, schema1MediaTypes } from "./media-types.ts";
import type { Platform } from "./platform.ts";

export const SCHEMA1_MESSAGE =
  "unsupported manifest format: Docker Image Manifest Version 2, Schema 1 is deprecated and not supported; re-push the image with a current Docker";

const digestSchema = v.pipe(v.string(), v.check(isDigest, "invalid digest"));
const annotationsSchema = v.record(v.string(), v.string());

const descriptorPlatformSchema = v.looseObject({
  architecture: v.string(),
  os: v.string(),
  "os.version": v.optional(v.string()),
  "os.features": v.optional(v.array(v.string())),
  variant: v.optional(v.string()),
  features: v.optional(v.array(v.string())),
});

export const descriptorSchema = v.looseObject({
  mediaType: v.string(),
  digest: digestSchema,
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  urls: v.optional(v.array(v.string())),
  annotations: v.optional(annotationsSchema),
  platform: v.optional(descriptorPlatformSchema),
  artifactType: v.optional(v.string()),
  data: v.optional(v.string()),
});

/** A Docker schema 2 or OCI image manifest. */
export const manifestSchema = v.looseObject({
  schemaVersion: v.literal(2),
  mediaType: v.optional(v.string()),
  artifactType: v.optional(v.string()),
  config: descriptorSchema,
  layers: v.array(descriptorSchema),
  subject: v.optional(descriptorSchema),
  annotations: v.optional(annotationsSchema),
});

/** A Docker manifest list or OCI image index. */
export const indexSchema = v.looseObject({
  schemaVersion: v.literal(2),
  mediaType: v.optional(v.string()),
  artifactType: v.optional(v.string()),
  manifests: v.array(descriptorSchema),
  subject: v.optional(descriptorSchema),
  annotations: v.optional(annotationsSchema),
});

/** Docker accepts a lone string where a list of arguments is expected (`"Cmd": "sh"`). */
const argsSchema = v.nullish(v.union([v.array(v.string()), v.pipe(v.string(), v.transform((s) => [s]))]));
const setSchema = v.nullish(v.record(v.string(), v.looseObject({})));

const healthcheckSchema = v.looseObject({
  Test: argsSchema,
  Interval: v.optional(v.number()),
  Timeout: v.optional(v.number()),
  StartPeriod: v.optional(v.number()),
  StartInterval: v.optional(v.number()),
  Retries: v.optional(v.number()),
});

/** The runtime defaults inside an image config (`config` of the OCI image config). */
export const containerDefaultsSchema = v.looseObject({
  User: v.optional(v.string()),
  ExposedPorts: setSchema,
  Env: v.nullish(v.array(v.string())),
  Entrypoint: argsSchema,
  Cmd: argsSchema,
  Volumes: setSchema,
  WorkingDir: v.optional(v.string()),
  Labels: v.nullish(v.record(v.string(), v.string())),
  StopSignal: v.optional(v.string()),
  ArgsEscaped: v.optional(v.boolean()),
  Healthcheck: v.nullish(healthcheckSchema),
  OnBuild: v.nullish(v.array(v.string())),
  Shell: argsSchema,
});

export const historySchema = v.looseObject({
  created: v.optional(v.string()),
  author: v.optional(v.string()),
  created_by: v.optional(v.string()),
  comment: v.optional(v.string()),
  empty_layer: v.optional(v.boolean()),
});

/** The OCI image config (Docker's image JSON is a superset). */
export const imageConfigSchema = v.looseObject({
  created: v.optional(v.string()),
  author: v.optional(v.string()),
  architecture: v.string(),
  os: v.string(),
  "os.version": v.optional(v.string()),
  "os.features": v.optional(v.array(v.string())),
  variant: v.optional(v.string()),
  config: v.nullish(containerDefaultsSchema),
  rootfs: v.looseObject({ type: v.literal("layers"), diff_ids: v.array(digestSchema) }),
  history: v.nullish(v.array(historySchema)),
});

export type Descriptor = v.InferOutput<typeof descriptorSchema>;
export type ImageManifest = v.InferOutput<typeof manifestSchema>;
export type ImageIndex = v.InferOutput<typeof indexSchema>;
export type ImageConfig = v.InferOutput<typeof imageConfigSchema>;
export type ContainerDefaults = v.InferOutput<typeof containerDefaultsSchema>;
export type HistoryEntry = v.InferOutput<typeof historySchema>;

export type ClassifiedManifest =
  | { readonly kind: "manifest"; readonly mediaType: string; readonly manifest: ImageManifest }
  | { readonly kind: "index"; readonly mediaType: string; readonly index: ImageIndex };

function parseJsonObject(body: string | Uint8Array, what: string): Record<string, unknown> {
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidArgument(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidArgument(`${what}: expected a JSON object`);
  return value as Record<string, unknown>;
}

/** "application/vnd.oci.image.index.v1+json; charset=utf-8" → the bare, lowercased type. */
function bareType(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

const known = (t: string) => manifestMediaTypes.includes(t) || indexMediaTypes.includes(t);

/**
 * Tell what a manifest body is, from the Content-Type a registry sent (may be empty or
 * generic, e.g. "application/json") and the body's own mediaType field, then validate it.
 * Schema 1 is refused; so is a manifest whose config is not an image config (e.g. a Helm chart).
 * Throws InvalidArgument.
 */
export function classify(mediaType: string | null | undefined, body: string | Uint8Array): ClassifiedManifest {
  const header = bareType(mediaType);
  if (schema1MediaTypes.includes(header)) throw new InvalidArgument(SCHEMA1_MESSAGE);
  const json = parseJsonObject(body, "invalid manifest");
  const own = typeof json.mediaType === "string" ? json.mediaType : undefined;
  if (json.schemaVersion === 1 || (own !== undefined && schema1MediaTypes.includes(own))) throw new InvalidArgument(SCHEMA1_MESSAGE);

  let type: string;
  if (own !== undefined && known(own)) {
    if (known(header) && header !== own) throw new InvalidArgument(`mediaType in manifest should be '${header}' not '${own}'`);
    type = own;
  } else if (own === undefined && known(header)) {
    type = header;
  } else if (own === undefined && Array.isArray(json.manifests)) {
    type = MediaType.ociIndex;
  } else if (own === undefined && typeof json.config === "object" && Array.isArray(json.layers)) {
    type = MediaType.ociManifest;
  } else {
    throw new InvalidArgument(`unsupported manifest format: media type ${JSON.stringify(own ?? header)}`);
  }

  if (indexMediaTypes.includes(type)) return { kind: "index", mediaType: type, index: parseWith(indexSchema, json, "invalid manifest list") };
  const manifest = parseWith(manifestSchema, json, "invalid manifest");
  const configType = manifest.config.mediaType;
  if (!configMediaTypes.includes(configType)) {
    const configClass = configType === MediaType.dockerPluginConfig ? "plugin" : "unknown";
    throw new InvalidArgument(`Encountered remote ${JSON.stringify(configType)}(${configClass}) when fetching`);
  }
  return { kind: "manifest", mediaType: type, manifest };
}

/** Parse and validate an image config blob. Throws InvalidArgument naming each bad field. */
export function parseImageConfig(body: string | Uint8Array): ImageConfig {
  return parseWith(imageConfigSchema, parseJsonObject(body, "invalid image config"), "invalid image config");
}

/** The platform an image config says its image is for. */
export function imageConfigPlatform(config: ImageConfig): Platform {
  return {
    os: config.os,
    architecture: config.architecture,
    ...(config.variant && { variant: config.variant }),
    ...(config["os.version"] && { osVersion: config["os.version"] }),
    ...(config["os.features"] && { osFeatures: config["os.features"] }),
  };
}
