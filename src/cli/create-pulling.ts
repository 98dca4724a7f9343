import type { DockerClient } from "../client/index.ts";
import { InvalidArgument, NotFound } from "../lib/index.ts";
import { pullWithProgress } from "./pull-stream.ts";

/**
 * POST /containers/create; as docker's CLI does, an image that is not here yet is pulled (its
 * progress on stderr) and the create is tried again. `pullAlways` pulls first in any case.
 */
export async function createPulling(client: DockerClient, name: string | undefined, body: Record<string, unknown>, opts: { pullAlways?: boolean } = {}): Promise<{ Id: string; Warnings: string[] }> {
  const image = body.Image as string | undefined;
  const pull = async () => {
    const failed = await pullWithProgress(client, image!, { out: process.stderr });
    if (failed) throw new InvalidArgument(failed);
  };
  const create = () => client.json<{ Id: string; Warnings: string[] }>("POST", "/containers/create", { query: { name }, body });
  if (opts.pullAlways && image) await pull();
  try {
    return await create();
  } catch (err) {
    if (!(err instanceof NotFound) || !image || !/^No such image/.test(err.message)) throw err;
    console.error(`Unable to find image '${image}' locally`);
    await pull();
    return create();
  }
}
