import { readFileSync } from "node:fs";
import { parseHost } from "../client/index.ts";
import { ContextStore, type TlsFileName } from "../config/index.ts";
import { messageOf } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { RunFailure } from "./run-failure.ts";
import { UsageError } from "./scan-flags.ts";
import { defaultEndpoint } from "./target-host.ts";

const dockerKeys = ["host", "ca", "cert", "key", "skip-tls-verify"] as const;

/** Docker's `--docker host=…,ca=…,cert=…,key=…,skip-tls-verify=…`. */
export function parseDockerEndpoint(spec: string): Partial<Record<(typeof dockerKeys)[number], string>> {
  const out: Record<string, string> = {};
  for (const part of spec.split(",").filter(Boolean)) {
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!(dockerKeys as readonly string[]).includes(key)) throw new RunFailure(`unable to create docker endpoint config: unrecognized config key: ${key}`, 1);
    out[key] = eq < 0 ? "" : part.slice(eq + 1);
  }
  return out;
}

function readTls(file: string | undefined, what: string): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new RunFailure(`unable to create docker endpoint config: cannot read the ${what} ${file}: ${messageOf(err)}`, 1);
  }
}

export default command({
  meta: { name: "create", description: "Create a context" },
  args: {
    name: { type: "positional", description: "CONTEXT" },
    description: { type: "string", description: "Description of the context", valueHint: "string" },
    docker: { type: "string", description: "set the docker endpoint: host=ADDRESS,ca=FILE,cert=FILE,key=FILE,skip-tls-verify=BOOL", valueHint: "stringToString" },
    host: { type: "string", description: "The daemon's address (short for --docker host=ADDRESS)", valueHint: "address" },
  },
  async run({ args, data }) {
    const name = args.name as string | undefined;
    if (!name) throw new UsageError("'bunker context create' requires exactly 1 argument");
    const store = new ContextStore();
    const endpoint = args.docker !== undefined ? parseDockerEndpoint(args.docker) : {};
    if (args.host && endpoint.host) throw new UsageError("--host and --docker host=… both name the daemon: give one");
    let host = args.host ?? endpoint.host;
    let skipTlsVerify = endpoint["skip-tls-verify"] !== undefined && endpoint["skip-tls-verify"] !== "false";
    const tls: Partial<Record<TlsFileName, string>> = {
      "ca.pem": readTls(endpoint.ca, "CA certificate"),
      "cert.pem": readTls(endpoint.cert, "certificate"),
      "key.pem": readTls(endpoint.key, "key"),
    };
    if (!host) {
      // As Docker: without an endpoint, the new context copies the one in effect.
      const current = (data as CliData).globals.context ?? "default";
      const from = current === "default" ? undefined : store.get(current);
      host = from?.host ?? defaultEndpoint(process.env);
      if (from && args.docker === undefined) {
        skipTlsVerify = from.skipTlsVerify;
        for (const [file, path] of Object.entries(from.tls)) tls[file as TlsFileName] = readFileSync(path, "utf8");
      }
    }
    try {
      parseHost(host);
    } catch (err) {
      throw new RunFailure(`unable to create docker endpoint config: ${messageOf(err)}`, 1);
    }
    try {
      store.create({ name, description: args.description, host, skipTlsVerify }, tls);
    } catch (err) {
      throw new RunFailure(messageOf(err), 1);
    }
    console.log(name);
    console.error(`Successfully created context "${name}"`);
    return 0;
  },
});
