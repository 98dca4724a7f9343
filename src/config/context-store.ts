import * as v from "valibot";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Conflict, InvalidArgument, NotFound, parseWith } from "../lib/index.ts";
import { cliConfigDir } from "./paths.ts";

/** meta.json as Docker's CLI writes it (contexts/meta/<sha256(name)>/meta.json). */
const MetaJson = v.looseObject({
  Name: v.string(),
  Metadata: v.optional(v.looseObject({ Description: v.optional(v.string()) })),
  Endpoints: v.looseObject({
    docker: v.optional(v.looseObject({ Host: v.optional(v.string()), SkipTLSVerify: v.optional(v.boolean()) })),
  }),
});

/** CLI config.json: only the current context is Bunker's concern here; other keys are kept. */
const CliConfigJson = v.looseObject({ currentContext: v.optional(v.string()) });

export const tlsFileNames = ["ca.pem", "cert.pem", "key.pem"] as const;
export type TlsFileName = (typeof tlsFileNames)[number];

/** A stored context, as the CLI sees it. */
export interface ContextRecord {
  name: string;
  description?: string;
  /** The daemon address (unix://, tcp://, ssh://). */
  host: string;
  skipTlsVerify: boolean;
  /** The TLS files stored with the context, by name, as paths. */
  tls: Partial<Record<TlsFileName, string>>;
  metaPath: string;
  tlsPath: string;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidArgument(`invalid configuration file ${file}: not valid JSON: ${(err as Error).message}`);
  }
}

const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;

/** Docker's rule for context names; "default" is the built-in one. */
export function checkContextName(name: string): void {
  if (name === "default") throw new InvalidArgument(`"default" is a reserved context name`);
  if (!namePattern.test(name)) throw new InvalidArgument(`context name ${JSON.stringify(name)} is invalid, names are validated against regexp "${namePattern.source}"`);
}

function writePrivate(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  chmodSync(`${file}.tmp`, 0o600);
  renameSync(`${file}.tmp`, file);
}

/**
 * Contexts laid out as Docker's CLI lays them out, under the CLI config dir:
 * contexts/meta/<sha256(name)>/meta.json and contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem;
 * the current one is `currentContext` in config.json there.
 */
export class ContextStore {
  constructor(readonly dir: string = cliConfigDir()) {}

  private id(name: string): string {
    return new Bun.CryptoHasher("sha256").update(name).digest("hex");
  }

  private record(metaDir: string): ContextRecord | undefined {
    const file = join(metaDir, "meta.json");
    if (!existsSync(file)) return undefined;
    const meta = parseWith(MetaJson, parseJson(readFileSync(file, "utf8"), file), `invalid context file ${file}`);
    const tlsPath = join(this.dir, "contexts", "tls", this.id(meta.Name));
    const tls: ContextRecord["tls"] = {};
    for (const f of tlsFileNames) if (existsSync(join(tlsPath, "docker", f))) tls[f] = join(tlsPath, "docker", f);
    return {
      name: meta.Name,
      description: meta.Metadata?.Description,
      host: meta.Endpoints.docker?.Host ?? "",
      skipTlsVerify: meta.Endpoints.docker?.SkipTLSVerify ?? false,
      tls,
      metaPath: metaDir,
      tlsPath,
    };
  }

  /** Every stored context, sorted by name. */
  list(): ContextRecord[] {
    const metaRoot = join(this.dir, "contexts", "meta");
    let ids: string[];
    try {
      ids = readdirSync(metaRoot);
    } catch {
      return [];
    }
    return ids
      .map((id) => this.record(join(metaRoot, id)))
      .filter((r): r is ContextRecord => r !== undefined)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): ContextRecord | undefined {
    return this.record(join(this.dir, "contexts", "meta", this.id(name)));
  }

  /** Store a new context; `tls` holds the PEM texts to keep with it. */
  create(ctx: { name: string; description?: string; host: string; skipTlsVerify: boolean }, tls: Partial<Record<TlsFileName, string>> = {}): ContextRecord {
    checkContextName(ctx.name);
    if (this.get(ctx.name)) throw new Conflict(`context "${ctx.name}" already exists`);
    const metaDir = join(this.dir, "contexts", "meta", this.id(ctx.name));
    mkdirSync(metaDir, { recursive: true, mode: 0o700 });
    const files = Object.entries(tls).filter(([, text]) => text !== undefined);
    if (files.length > 0) {
      const tlsDir = join(this.dir, "contexts", "tls", this.id(ctx.name), "docker");
      mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
      for (const [name, text] of files) writePrivate(join(tlsDir, name), text!);
    }
    const meta = {
      Name: ctx.name,
      Metadata: ctx.description ? { Description: ctx.description } : {},
      Endpoints: { docker: { Host: ctx.host, SkipTLSVerify: ctx.skipTlsVerify } },
    };
    writePrivate(join(metaDir, "meta.json"), JSON.stringify(meta));
    return this.get(ctx.name)!;
  }

  remove(name: string): void {
    if (!this.get(name)) throw new NotFound(`context "${name}" does not exist`);
    rmSync(join(this.dir, "contexts", "meta", this.id(name)), { recursive: true, force: true });
    rmSync(join(this.dir, "contexts", "tls", this.id(name)), { recursive: true, force: true });
  }

  private readConfig(): v.InferOutput<typeof CliConfigJson> {
    const file = join(this.dir, "config.json");
    if (!existsSync(file)) return {};
    return parseWith(CliConfigJson, parseJson(readFileSync(file, "utf8"), file), `invalid configuration file ${file}`);
  }

  /** The context chosen with `context use` (undefined: the default one). */
  current(): string | undefined {
    const name = this.readConfig().currentContext;
    return name && name !== "default" ? name : undefined;
  }

  setCurrent(name: string | undefined): void {
    const config = this.readConfig();
    if (name && name !== "default") config.currentContext = name;
    else delete config.currentContext;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writePrivate(join(this.dir, "config.json"), JSON.stringify(config, null, "\t") + "\n");
  }
}
