import type { RegistryCredentials } from "../../image/index.ts";

/** One build, as POST /build asks for it (engine names; the API maps Docker's query). */
export interface BuildOptions {
  /** References to tag the result with. */
  tags: string[];
  /** The Dockerfile's path inside the context. */
  dockerfile: string;
  /** --build-arg values; null means "declared without a value" (ignored). */
  buildArgs: Record<string, string | null>;
  labels: Record<string, string>;
  target?: string;
  noCache: boolean;
  pull: boolean;
  quiet: boolean;
  /** Remove a RUN step's container after it succeeded (Docker's rm, the default). */
  remove: boolean;
  /** Remove it even when it failed (forcerm). */
  forceRemove: boolean;
  /** "default" (the bridge), "none", "host", or a user network's name or id. */
  networkMode: string;
  /**
   * cachefrom: when given, a cached step counts only if its image is one of these images or an
   * ancestor of one (Docker's legacy rule); missing references are skipped.
   */
  cacheFrom?: string[];
  /** extrahosts: "host:ip" lines for the RUN containers' /etc/hosts. */
  extraHosts: { host: string; ip: string }[];
  platform?: string;
  /** Registry credentials by registry host (X-Registry-Config). */
  registryAuth: Record<string, RegistryCredentials>;
}

/** What a build sends back: Docker's JSON messages (stream text, aux, pull progress). */
export type BuildEmit = (message: object) => void;
