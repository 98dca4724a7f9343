import type { DockerClient } from "../client/index.ts";
import { ProgressDisplay, type ProgressMessage } from "./progress-display.ts";
import { escapeCodes } from "./terminal.ts";

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
 * Print a pull/push progress stream (JSON lines) as the docker CLI does: bars rewritten in place
 * on a terminal, else plain "id: status" lines without the statuses in `skip` (byte counters).
 * Resolves with the error it carried, if any.
 */
export async function followProgress(res: Response, opts: { quiet?: boolean; out?: NodeJS.WriteStream; skip?: string[] } = {}): Promise<string | undefined> {
  const out = opts.out ?? process.stdout;
  const display = new ProgressDisplay(out, escapeCodes(out), opts.skip);
  let failed: string | undefined;
  let buffered = "";
  const show = (line: string) => {
    if (!line.trim()) return;
    const e = JSON.parse(line) as ProgressMessage;
    if (e.error) failed = e.error;
    else if (!opts.quiet) display.show(e);
  };
  for await (const chunk of res.body ?? []) {
    buffered += Buffer.from(chunk as Uint8Array).toString();
    const lines = buffered.split(/\r?\n/);
    buffered = lines.pop() ?? "";
    lines.forEach(show);
  }
  show(buffered);
  return failed;
}
