import type { DockerClient } from "../client/index.ts";
import { ProgressDisplay, type ProgressMessage } from "./progress-display.ts";
import { escapeCodes } from "./terminal.ts";
import { responseLines } from "./response-lines.ts";

/** Split NAME[:TAG|@DIGEST] into what POST /images/create takes. */
export function pullQuery(image: string): { fromImage: string; tag: string } {
  const at = image.lastIndexOf("@");
  if (at > 0) return { fromImage: image.slice(0, at), tag: image.slice(at + 1) };
  const colon = image.lastIndexOf(":");
  if (colon > image.lastIndexOf("/")) return { fromImage: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { fromImage: image, tag: "latest" };
}

/**
 * Pull through the daemon, printing Docker's plain progress lines to `out` (none when quiet).
 * Resolves with the error the stream carried, if any.
 */
export async function pullWithProgress(client: DockerClient, image: string, opts: { platform?: string; quiet?: boolean; out?: NodeJS.WriteStream }): Promise<string | undefined> {
  const res = await client.request("POST", "/images/create", { query: { ...pullQuery(image), platform: opts.platform } });
  return followProgress(res, { ...opts, skip: ["Downloading", "Extracting"] });
}

/**
 * Print a progress stream (JSON lines of pull, push, load) as the docker CLI does: bars rewritten
 * in place on a terminal, else plain "id: status" lines without the statuses in `skip` (byte
 * counters); `stream` messages ("Loaded image: …") as their text.
 * Resolves with the error it carried, if any.
 */
export async function followProgress(res: Response, opts: { quiet?: boolean; out?: NodeJS.WriteStream; skip?: string[] } = {}): Promise<string | undefined> {
  const out = opts.out ?? process.stdout;
  const display = new ProgressDisplay(out, escapeCodes(out), opts.skip);
  let failed: string | undefined;
  for await (const line of responseLines(res)) {
    if (!line.trim()) continue;
    const e = JSON.parse(line) as ProgressMessage & { stream?: string };
    if (e.error) failed = e.error;
    else if (opts.quiet) continue;
    else if (e.stream !== undefined) display.text(e.stream);
    else display.show(e);
  }
  return failed;
}
