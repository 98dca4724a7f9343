import type { DockerClient } from "../client/index.ts";
import { createBody } from "./container-flags.ts";
import { createPulling } from "./create-pulling.ts";
import { runFailure } from "./run-failure.ts";
import { UsageError } from "./scan-flags.ts";

/** Split the positionals: with --rootfs all of them are the command, else IMAGE [COMMAND...]. */
export function imageAndCommand(verb: string, args: Record<string, unknown>): { image?: string; command: string[] } {
  const positionals = (args._ as string[]) ?? [];
  if (args.rootfs) return { command: positionals };
  const [image, ...command] = positionals;
  if (!image) throw new UsageError(`'bunker ${verb}' requires at least 1 argument: an image, or --rootfs DIR and a command`);
  return { image, command };
}

/**
 * POST /containers/create for `run`/`create` flags (pulling a missing image, see createPulling);
 * prints the warnings and returns the id.
 */
export async function createContainer(client: DockerClient, verb: string, args: Record<string, unknown>, rawArgs: string[]): Promise<string> {
  const { image, command } = imageAndCommand(verb, args);
  const body = createBody(args, rawArgs, image, command);
  let created: { Id: string; Warnings: string[] };
  try {
    created = await createPulling(client, args.name as string | undefined, body);
  } catch (err) {
    throw runFailure(err);
  }
  for (const w of created.Warnings ?? []) console.error(`WARNING: ${w}`);
  return created.Id;
}
