import type { ContainerDefaults } from "../../image/index.ts";
import type { Lookup } from "../../build/index.ts";

/** Proxy variables Docker lets through as build arguments without an ARG, kept out of history. */
export const predefinedArgs = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"];

/** What a stage knows between instructions: its image, the config so far, its declared ARGs. */
export class StageState {
  imageId: string | null;
  config: ContainerDefaults;
  /** ARGs declared in this stage, in order, with their values (build-arg or default). */
  readonly args = new Map<string, string | undefined>();
  /** A CMD instruction ran in this stage (ENTRYPOINT then keeps it). */
  cmdSet = false;
  author?: string;

  constructor(imageId: string | null, config: ContainerDefaults | null | undefined) {
    this.imageId = imageId;
    this.config = structuredClone(config ?? {});
  }

  get env(): string[] {
    return this.config.Env ?? [];
  }

  getEnv(name: string): string | undefined {
    const hit = this.env.find((e) => e.slice(0, e.indexOf("=") < 0 ? e.length : e.indexOf("=")) === name);
    return hit === undefined ? undefined : hit.includes("=") ? hit.slice(hit.indexOf("=") + 1) : "";
  }

  setEnv(name: string, value: string): void {
    const list = [...this.env];
    const i = list.findIndex((e) => e === name || e.startsWith(`${name}=`));
    if (i >= 0) list[i] = `${name}=${value}`;
    else list.push(`${name}=${value}`);
    this.config.Env = list;
  }

  /** Variables for substitution: ENV first, then declared ARGs with a value (Docker's order). */
  lookup(): Lookup {
    return (name) => this.getEnv(name) ?? this.args.get(name);
  }

  /** ARG values a RUN sees (not shadowed by ENV), `name=value`, sorted as Docker records them. */
  runArgs(): string[] {
    const out: string[] = [];
    for (const [name, value] of this.args) if (value !== undefined && this.getEnv(name) === undefined) out.push(`${name}=${value}`);
    return out.sort();
  }
}
