import { posix } from "node:path";
import { expandHeredoc, expandWord, heredocSourceName, type AddInstruction, type CopyInstruction } from "../../build/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import type { CopySource } from "./copy-source.ts";
import { planCopy, type CopyPlan, type InlineFile } from "./copy-plan.ts";
import type { ImageFs } from "./image-fs.ts";
import type { StageState } from "./stage-state.ts";

function idFrom(fs: ImageFs, file: string, name: string, what: "user" | "group"): number {
  if (/^\d+$/.test(name)) return Number(name);
  let text = "";
  try {
    text = new TextDecoder().decode(fs.readFile(file));
  } catch {
    throw new InvalidArgument(`unable to convert uid/gid chown string to host mapping: no such ${what}: ${name} (the image has no ${file})`);
  }
  for (const line of text.split("\n")) {
    const f = line.split(":");
    if (f[0] === name && f[2] !== undefined && /^\d+$/.test(f[2])) return Number(f[2]);
  }
  throw new InvalidArgument(`unable to convert uid/gid chown string to host mapping: can't find ${what === "user" ? "uid" : "gid"} for ${what} ${name}`);
}

/** --chown=user[:group] with names looked up in the image (Docker: a lone user is also the group). */
export function resolveChown(fs: ImageFs, spec: string): { uid: number; gid: number } {
  const [user = "", group = user] = spec.split(":");
  return { uid: idFrom(fs, "/etc/passwd", user, "user"), gid: idFrom(fs, "/etc/group", group, "group") };
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** ADD's URL sources, downloaded (the file is named after the URL's last path segment, mode 0600). */
async function download(url: string, checksum?: string): Promise<InlineFile> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: "follow" });
  } catch (err) {
    throw new InvalidArgument(`failed to GET ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new InvalidArgument(`failed to GET ${url} with status ${res.status} ${res.statusText}`);
  const data = new Uint8Array(await res.arrayBuffer());
  if (checksum) {
    const want = checksum.replace(/^sha256:/, "");
    const got = new Bun.CryptoHasher("sha256").update(data).digest("hex");
    if (got !== want) throw new InvalidArgument(`digest mismatch sha256:${got}: sha256:${want}`);
  }
  const modified = res.headers.get("last-modified");
  const name = posix.basename(new URL(url).pathname) || "__unnamed__";
  return { name, data, mode: 0o600, mtime: modified ? new Date(modified) : new Date() };
}

/**
 * COPY and ADD: substitute sources, destination and flags, read heredoc and URL sources, and
 * plan the files the layer holds (see planCopy). `source` is the context or the --from stage/image.
 */
export async function copyInstruction(ins: CopyInstruction | AddInstruction, state: StageState, escape: string, source: CopySource, target: ImageFs): Promise<CopyPlan> {
  const lookup = state.lookup();
  const word = (w: string) => expandWord(w, lookup, escape);
  const heredocs = new Map(ins.heredocs.map((h) => [h.name, h]));
  const inline: InlineFile[] = [];
  const sources: string[] = [];
  for (const raw of ins.sources) {
    const name = heredocSourceName(raw);
    const doc = name !== undefined ? heredocs.get(name) : undefined;
    if (doc) {
      inline.push({ name: doc.name, data: new TextEncoder().encode(doc.expand ? expandHeredoc(doc.content, lookup) : doc.content), mode: 0o644, mtime: new Date() });
      continue;
    }
    const s = word(raw);
    if (isUrl(s)) {
      if (ins.kind === "COPY") throw new InvalidArgument(`source can't be a URL for COPY`);
      inline.push(await download(s, (ins as AddInstruction).checksum));
    } else sources.push(s);
  }
  const chown = ins.chown ? word(ins.chown) : undefined;
  const chmodText = ins.chmod ? word(ins.chmod) : undefined;
  if (chmodText !== undefined && !/^[0-7]{3,4}$/.test(chmodText)) throw new InvalidArgument(`invalid chmod parameter ${chmodText}: only octal modes are supported`);
  return planCopy({
    kind: ins.kind,
    source,
    sources,
    inline,
    dest: word(ins.dest),
    workingDir: state.config.WorkingDir || "/",
    owner: chown ? resolveChown(target, chown) : { uid: 0, gid: 0 },
    chown,
    chmod: chmodText !== undefined ? parseInt(chmodText, 8) : undefined,
    unpackArchives: ins.kind === "ADD",
    target,
  });
}
