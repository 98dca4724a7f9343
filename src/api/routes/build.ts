import type { BuildOptions, Engine } from "../../engine/index.ts";
import { decodeRegistryAuth } from "../../engine/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import type { ApiContext } from "../context.ts";
import type { Route } from "../router.ts";
import { BodyBuffer } from "../body-buffer.ts";
import { parseExtraHosts } from "../wire/container-create.ts";

function jsonQuery<T>(ctx: ApiContext, name: string, fallback: T): T {
  const text = ctx.query.get(name);
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new InvalidArgument(`invalid ${name} value ${JSON.stringify(text)}: ${(err as Error).message}`);
  }
}

/** X-Registry-Config: base64 JSON of registry host → auth config (credentials for FROM pulls). */
function registryConfig(header: string | undefined): BuildOptions["registryAuth"] {
  if (!header?.trim()) return {};
  let map: Record<string, unknown>;
  try {
    map = JSON.parse(Buffer.from(header.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new InvalidArgument(`invalid X-Registry-Config header: ${(err as Error).message}`);
  }
  const out: BuildOptions["registryAuth"] = {};
  for (const [host, auth] of Object.entries(map ?? {})) {
    const creds = decodeRegistryAuth(Buffer.from(JSON.stringify(auth)).toString("base64"));
    if (creds) out[host.replace(/^https?:\/\//, "").replace(/\/.*$/, "")] = creds;
  }
  return out;
}

/** The legacy builder: POST /build (context tar in, NDJSON progress out) and POST /build/prune. */
export function buildRoutes(engine: Engine): Route[] {
  const contextBuffer = new BodyBuffer();
  return [
    {
      method: "POST",
      path: "/build",
      handler: async (ctx) => {
        const version = ctx.query.get("version");
        if (version === "2") throw new InvalidArgument("BuildKit is not supported by Bunker: use the legacy builder (DOCKER_BUILDKIT=0)");
        if (ctx.query.get("remote")) throw new InvalidArgument("building from a remote context (git or URL) is not supported: send the context as a tar");
        const networkMode = ctx.query.get("networkmode") || "default";
        if (networkMode.startsWith("container:")) throw new InvalidArgument("network mode container: is not supported by the builder");
        if (!["default", "bridge", "host", "none"].includes(networkMode)) engine.networks.find(networkMode); // a user network: 404 when missing
        const extraHosts = parseExtraHosts(ctx.query.getAll("extrahosts").flatMap((v) => v.split(",")).filter(Boolean));
        const cacheFrom = jsonQuery<string[]>(ctx, "cachefrom", []);
        const opts: BuildOptions = {
          tags: ctx.query.getAll("t").filter(Boolean),
          dockerfile: ctx.query.get("dockerfile") || "",
          buildArgs: jsonQuery(ctx, "buildargs", {}),
          labels: jsonQuery(ctx, "labels", {}),
          target: ctx.query.get("target") || undefined,
          noCache: ctx.queryBool("nocache"),
          pull: ctx.queryBool("pull"),
          quiet: ctx.queryBool("q"),
          remove: ctx.queryBool("rm", true),
          forceRemove: ctx.queryBool("forcerm"),
          networkMode: networkMode === "bridge" ? "default" : networkMode,
          extraHosts,
          cacheFrom: cacheFrom.length ? cacheFrom : undefined,
          platform: ctx.query.get("platform") || undefined,
          registryAuth: registryConfig(ctx.header("x-registry-config")),
        };
        engine.builds.checkTags(opts.tags); // a bad tag is a 400 before any work
        const body = await contextBuffer.read(ctx.req);
        // The stream starts with the first message: an error before it is a plain error status.
        let res: ReturnType<typeof ctx.startStream> | undefined;
        try {
          await engine.builds.build(opts, body.bytes, (m) => (res ??= ctx.startStream("application/json")).write(JSON.stringify(m) + "\r\n"));
        } finally {
          body.release();
        }
        (res ?? ctx.startStream("application/json")).end();
        return undefined;
      },
    },
    {
      method: "POST",
      path: "/build/prune",
      handler: async () => ({ json: await engine.builds.prune() }),
    },
  ];
}
