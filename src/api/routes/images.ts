import type { Engine } from "../../engine/index.ts";
import { applyConfigChanges, boolFilter as boolFilterOf, decodeRegistryAuth, listImages, pruneFilter } from "../../engine/index.ts";
import { BunkerError, InvalidArgument, messageOf } from "../../lib/index.ts";
import type { Route } from "../router.ts";
import { pipeline } from "node:stream/promises";
import * as v from "valibot";
import { imageInspectWire, imageSummaryWire } from "../wire/images.ts";
import { parseFilterArgs } from "../wire/filter-args.ts";

const AuthBody = v.object({
  username: v.nullish(v.string()),
  password: v.nullish(v.string()),
  serveraddress: v.nullish(v.string()),
  identitytoken: v.nullish(v.string()),
});

/** Stream an archive as the response (the names were checked before the first byte). */
async function saveTo(start: (type: string) => NodeJS.WritableStream, archive: NodeJS.ReadableStream): Promise<undefined> {
  const res = start("application/x-tar");
  await pipeline(archive, res);
  return undefined;
}

/** Images: pull (POST /images/create), push, list, inspect, tag, remove, save (get), load. */
export function imageRoutes(engine: Engine): Route[] {
  const images = engine.images;
  return [
    {
      method: "POST",
      path: "/images/create",
      handler: async (ctx) => {
        const from = ctx.query.get("fromImage");
        const src = ctx.query.get("fromSrc");
        if (!from && src === "-") {
          // docker import: the request body is the root filesystem tarball.
          const repo = ctx.query.get("repo");
          const tag = ctx.query.get("tag");
          const changes = ctx.query.getAll("changes").filter(Boolean);
          applyConfigChanges({}, changes); // a bad change is a 400 before the upload is read
          const image = await images.import(ctx.req, { reference: repo ? `${repo}${tag ? `:${tag}` : ""}` : undefined, message: ctx.query.get("message") ?? undefined, adjust: (c) => applyConfigChanges(c, changes) });
          const res = ctx.startStream("application/json");
          res.end(JSON.stringify({ status: image.id }) + "\r\n");
          return undefined;
        }
        if (!from) throw new InvalidArgument(src ? "import from a URL is not supported (use fromSrc=- with the tarball as the body)" : "fromImage is required");
        const tag = ctx.query.get("tag");
        const ref = tag ? (tag.startsWith("sha256:") ? `${from}@${tag}` : `${from}:${tag}`) : from;
        const credentials = decodeRegistryAuth(ctx.header("x-registry-auth") ?? "");
        const res = ctx.startStream("application/json");
        const send = (obj: unknown) => res.write(JSON.stringify(obj) + "\r\n");
        try {
          await images.pull(ref, { platform: ctx.query.get("platform") || undefined, credentials }, send);
        } catch (err) {
          // The stream has begun: errors travel inside it, as Docker sends them.
          send({ errorDetail: { message: messageOf(err) }, error: messageOf(err) });
        }
        res.end();
        return undefined;
      },
    },
    {
      method: "POST",
      path: "/images/{name*}/push",
      handler: async (ctx) => {
        const tag = ctx.query.get("tag");
        const name = ctx.params.name!;
        const ref = tag ? `${name}:${tag}` : name;
        const credentials = decodeRegistryAuth(ctx.header("x-registry-auth") ?? "");
        images.find(ref); // a missing image is a plain 404 before the stream starts
        const res = ctx.startStream("application/json");
        const send = (obj: unknown) => res.write(JSON.stringify(obj) + "\r\n");
        try {
          await images.push(ref, { credentials }, send);
        } catch (err) {
          send({ errorDetail: { message: messageOf(err) }, error: messageOf(err) });
        }
        res.end();
        return undefined;
      },
    },
    {
      method: "GET",
      path: "/images/json",
      handler: (ctx) => {
        // Untagged images the build cache keeps (intermediate steps) show only with all=1, as Docker's.
        const hidden = ctx.queryBool("all") ? new Set<string>() : engine.builds.intermediateImages();
        const list = listImages(images, parseFilterArgs(ctx.query.get("filters"))).filter((i) => i.references.length > 0 || !hidden.has(i.id));
        return { json: list.map(imageSummaryWire) };
      },
    },
    {
      method: "POST",
      path: "/images/prune",
      handler: async (ctx) => {
        const filters = parseFilterArgs(ctx.query.get("filters"));
        const filter = pruneFilter(filters, ["dangling"]);
        // dangling=false (docker image prune -a): every unused image; else only untagged ones.
        const onlyDangling = boolFilterOf(filters, "dangling") ?? true;
        return { json: await images.prune({ all: !onlyDangling, filter }) };
      },
    },
    {
      method: "POST",
      path: "/auth",
      handler: async (ctx) => {
        const body = await ctx.json(AuthBody);
        if (!body) throw new InvalidArgument("auth config cannot be empty");
        await images.login(body.serveraddress ?? "", { username: body.username ?? undefined, password: body.password ?? undefined, identityToken: body.identitytoken ?? undefined });
        return { json: { Status: "Login Succeeded", IdentityToken: "" } };
      },
    },
    {
      method: "POST",
      path: "/commit",
      handler: async (ctx) => {
        const container = ctx.query.get("container");
        if (!container) throw new InvalidArgument("container is required");
        const repo = ctx.query.get("repo");
        const tag = ctx.query.get("tag");
        const id = await engine.containers.files.commit(container, {
          reference: repo ? `${repo}${tag ? `:${tag}` : ""}` : undefined,
          comment: ctx.query.get("comment") ?? undefined,
          author: ctx.query.get("author") ?? undefined,
          changes: ctx.query.getAll("changes").filter(Boolean),
        });
        return { status: 201, json: { Id: id } };
      },
    },
    {
      method: "GET",
      path: "/images/get",
      handler: async (ctx) => saveTo(ctx.startStream.bind(ctx), images.save(ctx.query.getAll("names"))),
    },
    {
      method: "GET",
      path: "/images/{name*}/get",
      handler: async (ctx) => saveTo(ctx.startStream.bind(ctx), images.save([ctx.params.name!])),
    },
    {
      method: "POST",
      path: "/images/load",
      handler: async (ctx) => {
        // As Docker: the reply is a stream; a bad archive is an error line inside it (docker-py's
        // ImageLoadError), and nothing is stored.
        // Without quiet (the docker CLI on a terminal), each layer's "Loading layer" progress too.
        const quiet = ctx.queryBool("quiet");
        let res: ReturnType<typeof ctx.startStream> | undefined;
        const send = (m: object) => (res ??= ctx.startStream("application/json")).write(JSON.stringify(m) + "\r\n");
        let lines: string[];
        try {
          lines = await images.load(ctx.req, quiet ? undefined : (p) => send({ status: "Loading layer", progressDetail: { current: p.current, total: p.total }, id: p.id }));
        } catch (err) {
          if (!(err instanceof BunkerError) || err.status >= 500) {
            if (!res) throw err;
            send({ errorDetail: { message: messageOf(err) }, error: messageOf(err) });
            res.end();
            return undefined;
          }
          send({ errorDetail: { message: err.message }, error: err.message });
          res!.end();
          return undefined;
        }
        for (const line of lines) send({ stream: `${line}\n` });
        (res ?? ctx.startStream("application/json")).end();
        return undefined;
      },
    },
    {
      method: "GET",
      path: "/images/{name*}/history",
      handler: (ctx) => {
        const image = images.find(ctx.params.name!);
        const history = image.doc.config.history ?? [];
        const layers = [...image.layers];
        // Newest first, as Docker lists them; layer-making steps own a layer's size, the others 0.
        const rows = history.map((h, i) => {
          const makesLayer = !h.empty_layer;
          const layer = makesLayer ? layers.shift() : undefined;
          return { i, h, layer };
        });
        return {
          json: rows.reverse().map(({ i, h, layer }) => ({
            Id: i === history.length - 1 ? image.id : "<missing>",
            Created: Math.floor(Date.parse(h.created ?? "") / 1000) || 0,
            CreatedBy: h.created_by ?? "",
            Tags: i === history.length - 1 ? image.references.filter((r) => !r.includes("@")).map((r) => r.replace(/^docker\.io\/(library\/)?/, "")) : null,
            Size: layer ? (images.records.getLayer(layer)?.size ?? 0) : 0,
            Comment: h.comment ?? "",
          })),
        };
      },
    },
    { method: "GET", path: "/images/{name*}/json", handler: (ctx) => ({ json: imageInspectWire(images.find(ctx.params.name!), images.snapshotter.name) }) },
    {
      method: "GET",
      path: "/distribution/{name*}/json",
      handler: async (ctx) => {
        const d = await images.distribution(ctx.params.name!, decodeRegistryAuth(ctx.header("x-registry-auth") ?? ""));
        return { json: { Descriptor: d.descriptor, Platforms: d.platforms } };
      },
    },
    {
      method: "POST",
      path: "/images/{name*}/tag",
      handler: (ctx) => {
        const repo = ctx.query.get("repo");
        if (!repo) throw new InvalidArgument("repository name must have at least one component");
        const tag = ctx.query.get("tag");
        images.tag(ctx.params.name!, tag ? `${repo}:${tag}` : repo);
        return { status: 201, text: "" };
      },
    },
    {
      method: "DELETE",
      path: "/images/{name*}",
      handler: async (ctx) => ({ json: await images.remove(ctx.params.name!, { force: ctx.queryBool("force") }) }),
    },
  ];
}
