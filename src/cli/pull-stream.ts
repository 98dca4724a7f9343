import type { DockerClient } from "../client/index.ts";

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
 * Print a pull/push progress stream (JSON lines) as Docker's plain output, "id: status" per line,
 * leaving out the statuses in `skip` (byte counters). Resolves with the error it carried, if any.
 */
export async function followProgress(res: Response, opts: { quiet?: boolean; out?: NodeJS.WriteStream; skip?: string[] } = {}): Promise<string | undefined> {
  const out = opts.out ?? process.stdout;
  let failed: string | undefined;
  let buffered = "";
  const show = (line: string) => {
    if (!line.trim()) return;
    const e = JSON.parse(line) as { status?: string; id?: string; error?: string };
    if (e.error) failed = e.error;
    else if (!opts.quiet && e.status && !opts.skip?.includes(e.status)) out.write(`${e.id ? `${e.id}: ${e.status}` : e.status}\n`);
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
