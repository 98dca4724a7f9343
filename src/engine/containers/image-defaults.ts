import type { Image } from "../images/image-doc.ts";
import type { CreateInput } from "./container-service.ts";

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
 * Cmd), else the image's; WorkingDir, User and StopSignal from the image when not set.
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
    requested: { ...input.requested, env, labels },
    runtime: { ...input.runtime, args: [...entrypoint, ...cmd], env, workingDir, user, stopSignal },
  };
}
