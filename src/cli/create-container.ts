import type { DockerClient } from "../client/index.ts";
import { InvalidArgument, NotFound } from "../lib/index.ts";
import { createBody } from "./container-flags.ts";
import { pullWithProgress } from "./pull-stream.ts";
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
 * POST /containers/create for `run`/`create` flags; as docker's CLI, an image that is not here
 * yet is pulled (progress on stderr), then the create is tried again. Prints the warnings.
 */
export async function createContainer(client: DockerClient, verb: string, args: Record<string, unknown>, rawArgs: string[]): Promise<string> {
  const { image, command } = imageAndCommand(verb, args);
  const body = createBody(args, rawArgs, image, command);
  const create = () => client.json<{ Id: string; Warnings: string[] }>("POST", "/containers/create", { query: { name: args.name as string | undefined }, body });
  let created: { Id: string; Warnings: string[] };
  try {
    created = await create();
  } catch (err) {
    if (!(err instanceof NotFound) || !image || !/^No such image/.test(err.message)) throw runFailure(err);
    console.error(`Unable to find image '${image}' locally`);
    const failed = await pullWithProgress(client, image, { out: process.stderr });
    if (failed) throw runFailure(new InvalidArgument(failed));
    try {
      created = await create();
    } catch (again) {
      throw runFailure(again);
    }
  }
  for (const w of created.Warnings ?? []) console.error(`WARNING: ${w}`);
  return created.Id;
}
