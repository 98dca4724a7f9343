import type { DockerClient } from "../client/index.ts";
import { messageOf, BunkerError } from "../lib/index.ts";
import { UsageError } from "./scan-flags.ts";

/** Apply `action` to every named container, printing each name (Docker's style); 1 if any failed. */
export async function eachContainer(verb: string, names: string[], client: DockerClient, action: (name: string) => Promise<unknown>): Promise<number> {
  if (!names.length) throw new UsageError(`'bunker ${verb}' requires at least 1 argument`);
  let failed = 0;
  for (const name of names) {
    try {
      await action(encodeURIComponent(name));
      console.log(name);
    } catch (err) {
      console.error(err instanceof BunkerError && err.status !== 500 ? `Error response from daemon: ${messageOf(err)}` : messageOf(err));
      failed++;
    }
  }
  return failed ? 1 : 0;
}
