import type { Image } from "../images/image-doc.ts";
import type { CreateInput } from "./container-service.ts";
import type { HealthConfig } from "./container-record.ts";

/** The image's HEALTHCHECK (Docker's JSON, durations in ns) as the engine keeps it. */
function imageHealth(h: unknown): HealthConfig | undefined {
  if (!h || typeof h !== "object") return undefined;
  const x = h as Record<string, unknown>;
  const n = (k: string) => (typeof x[k] === "number" ? (x[k] as number) : 0);
  return { test: Array.isArray(x.Test) ? (x.Test as string[]) : [], interval: n("Interval"), timeout: n("Timeout"), startPeriod: n("StartPeriod"), startInterval: n("StartInterval"), retries: n("Retries") };
}

/** Docker's merge: the container's test when given, else the image's; each zero setting from the image. */
function mergeHealth(own: HealthConfig | undefined, image: HealthConfig | undefined): HealthConfig | undefined {
  if (!image) return own;
  if (!own) return image;
  return {
    test: own.test.length ? own.test : image.test,
    interval: own.interval || image.interval,
    timeout: own.timeout || image.timeout,
    startPeriod: own.startPeriod || image.startPeriod,
    startInterval: own.startInterval || image.startInterval,
    retries: own.retries || image.retries,
  };
}

function mergeEnv(base: string[], over: string[]): string[] {
  const env = new Map<string, string>();
  for (const e of [...base, ...over]) {
    const i = e.indexOf("=");
    env.set(i < 0 ? e : e.slice(0, i), e);
  }
  return [...env.values()];
}

/**
 * Docker's rules for a container made from an image: the image's Env under the container's,
 * the image's EXPOSEd ports with the container's, the container's Entrypoint and Cmd when given (an Entrypoint given alone clears the image's
 * Cmd), else the image's; WorkingDir, User and StopSignal from the image when not set; the
 * healthcheck merged with the image's.
 */
export function applyImageDefaults(input: CreateInput, image: Image): CreateInput {
  const c = image.doc.config.config ?? {};
  const asList = (x: unknown) => (Array.isArray(x) ? (x as string[]) : typeof x === "string" ? [x] : null);
  const entrypoint = input.requested.entrypoint ?? asList(c.Entrypoint) ?? [];
  const cmd = input.requested.cmd ?? (input.requested.entrypoint ? [] : (asList(c.Cmd) ?? []));
  const env = mergeEnv((c.Env as string[] | undefined) ?? [], input.requested.env);
  const workingDir = input.requested.workingDir || (c.WorkingDir as string | undefined) || undefined;
  const user = input.requested.user || (c.User as string | undefined) || undefined;
  const stopSignal = input.requested.stopSignal || (c.StopSignal as string | undefined) || "SIGTERM";
  const labels = { ...((c.Labels as Record<string, string> | undefined) ?? {}), ...input.requested.labels };
  const exposed = Object.keys((c.ExposedPorts as Record<string, unknown> | undefined) ?? {});
  const network = input.network && { ...input.network, exposedPorts: [...new Set([...exposed, ...input.network.exposedPorts])] };
  const volumes = [...Object.keys((c.Volumes as Record<string, unknown> | undefined) ?? {}), ...(input.volumes ?? [])];
  return {
    ...input,
    network,
    volumes,
    requested: { ...input.requested, env, labels, healthcheck: mergeHealth(input.requested.healthcheck, imageHealth(c.Healthcheck)) },
    runtime: { ...input.runtime, args: [...entrypoint, ...cmd], env, workingDir, user, stopSignal },
  };
}
