/**
 * The lines of a streamed response body (Docker's JSON-lines streams: pull, push, build, load,
 * events), each as soon as it is complete, without its line ending; UTF-8 split across chunks is
 * decoded whole.
 */
export async function* responseLines(res: Response): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of res.body ?? []) {
    pending += decoder.decode(chunk as Uint8Array, { stream: true });
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? "";
    yield* lines;
  }
  pending += decoder.decode();
  if (pending) yield pending;
}
