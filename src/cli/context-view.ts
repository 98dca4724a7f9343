import type { ContextRecord } from "../config/index.ts";
import { tlsFileNames } from "../config/index.ts";
import { defaultEndpoint } from "./target-host.ts";

/** What list and inspect show of a context; "default" is the built-in one (BUNKER_HOST or the local socket). */
export interface ContextView {
  name: string;
  description: string;
  host: string;
  skipTlsVerify: boolean;
  tlsFiles: string[];
  metaPath: string;
  tlsPath: string;
}

export function defaultContextView(env = process.env): ContextView {
  return {
    name: "default",
    description: "Current BUNKER_HOST based configuration",
    host: defaultEndpoint(env),
    skipTlsVerify: false,
    tlsFiles: [],
    metaPath: "<IN MEMORY>",
    tlsPath: "<IN MEMORY>",
  };
}

export function contextView(r: ContextRecord): ContextView {
  return {
    name: r.name,
    description: r.description ?? "",
    host: r.host,
    skipTlsVerify: r.skipTlsVerify,
    tlsFiles: tlsFileNames.filter((f) => r.tls[f]),
    metaPath: r.metaPath,
    tlsPath: r.tlsPath,
  };
}

/** `context inspect`'s JSON, in Docker's shape. */
export function inspectJson(v: ContextView): unknown {
  return {
    Name: v.name,
    Metadata: v.description && v.name !== "default" ? { Description: v.description } : {},
    Endpoints: { docker: { Host: v.host, SkipTLSVerify: v.skipTlsVerify } },
    TLSMaterial: v.tlsFiles.length ? { docker: v.tlsFiles } : {},
    Storage: { MetadataPath: v.metaPath, TLSPath: v.tlsPath },
  };
}
