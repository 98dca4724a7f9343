import type { DockerClient } from "../client/index.ts";

/**
 * The exit status after an attached stream ended: the container's, when it exited (the wait
 * answers within a second), else 0, since then the detach keys ended the stream and the container
 * runs on (Docker's `attach` and `run -it` after ctrl-p ctrl-q).
 */
export async function statusAfterStream(client: DockerClient, id: string, waiting: Promise<Response>): Promise<number> {
  const answered = await Promise.race([waiting.then((r) => r.json() as Promise<{ StatusCode: number; Error?: { Message: string } | null }>), Bun.sleep(1000).then(() => undefined)]);
  if (answered) {
    if (answered.Error?.Message) console.error(answered.Error.Message);
    return answered.StatusCode;
  }
  const running = await client
    .json<{ State: { Running: boolean } }>("GET", `/containers/${id}/json`)
    .then((c) => c.State.Running)
    .catch(() => false); // removed (--rm) meanwhile: it exited
  if (running) return 0;
  // It exited just now: its wait is about to answer.
  const body = (await (await waiting).json()) as { StatusCode: number };
  return body.StatusCode;
}
