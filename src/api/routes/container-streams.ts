import type { AttachTarget, Engine } from "../../engine/index.ts";
import { DetachScanner, InvalidArgument, defaultDetachKeys, parseDetachKeys } from "../../lib/index.ts";
import type { Route } from "../router.ts";
import { streamContentType, writeOutput } from "../stdcopy.ts";

function timeArg(value: string | null): number | undefined {
  if (!value || value === "0") return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return n * 1000;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgument(`invalid time: ${JSON.stringify(value)}`);
  return t;
}

/** attach and logs: the container's output as a stream (framed without a tty, raw with one). */
export function containerStreamRoutes(engine: Engine): Route[] {
  const c = engine.containers;
  return [
    {
      method: "POST",
      path: "/containers/{id}/attach",
      handler: async (ctx) => {
        const record = c.store.find(ctx.params.id!);
        const tty = record.requested.tty;
        const wantStdin = ctx.queryBool("stdin");
        const stream = ctx.queryBool("stream");
        const logs = ctx.queryBool("logs");
        const stdout = ctx.queryBool("stdout");
        const stderr = ctx.queryBool("stderr");
        const detachKeys = ctx.query.get("detachKeys") || defaultDetachKeys;
        if (wantStdin) parseDetachKeys(detachKeys);
        const { input, output } = await ctx.hijack(streamContentType(tty));
        if (logs && record.host.logDriver !== "none") {
          for await (const e of c.logs(record.id, { stdout, stderr, follow: false })) writeOutput(output, tty, e.stream, Buffer.from(e.log));
        }
        if (!stream) {
          output.end();
          return undefined;
        }
        const pendingStdin: Buffer[] = [];
        let stdinEnded = false;
        const target: AttachTarget = {
          stdout,
          stderr,
          onOutput: (s, data) => writeOutput(output, tty, s, data),
          onEnd: () => output.end(),
        };
        const feed = () => {
          if (!target.link) return;
          for (const chunk of pendingStdin.splice(0)) target.link.writeStdin(chunk);
          if (stdinEnded && record.requested.stdinOnce) target.link.closeStdin();
        };
        if (wantStdin) {
          // The detach sequence ends the attachment and leaves the container running, as in Docker.
          const scanner = new DetachScanner(parseDetachKeys(detachKeys));
          input.on("data", (d: Buffer) => {
            const { data, detach } = scanner.feed(d);
            if (data.length) pendingStdin.push(data);
            feed();
            if (detach) {
              c.detached(record.id);
              target.link?.close();
              output.end();
            }
          });
          input.on("end", () => {
            stdinEnded = true;
            feed();
          });
        }
        target.onLink = feed;
        output.on("close", () => target.link?.close());
        await c.attach(record.id, target);
        return undefined;
      },
    },
    {
      method: "GET",
      path: "/containers/{id}/logs",
      handler: async (ctx) => {
        const record = c.store.find(ctx.params.id!);
        const stdout = ctx.queryBool("stdout");
        const stderr = ctx.queryBool("stderr");
        if (!stdout && !stderr) throw new InvalidArgument("You must choose at least one stream");
        const tailText = ctx.query.get("tail") ?? "all";
        const tail = tailText === "all" || tailText === "" ? undefined : Number(tailText);
        if (tail !== undefined && !Number.isInteger(tail)) throw new InvalidArgument(`invalid tail: ${JSON.stringify(tailText)}`);
        const timestamps = ctx.queryBool("timestamps");
        const tty = record.requested.tty;
        const abort = new AbortController();
        // Made before the stream starts, so a driver that keeps no logs is a plain 501.
        const entries = c.logs(record.id, { stdout, stderr, tail, since: timeArg(ctx.query.get("since")), until: timeArg(ctx.query.get("until")), follow: ctx.queryBool("follow"), signal: abort.signal });
        const res = ctx.startStream(tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream");
        res.on("close", () => abort.abort());
        for await (const e of entries) {
          const text = timestamps ? `${e.time} ${e.log}` : e.log;
          writeOutput(res, tty, e.stream, Buffer.from(text));
        }
        res.end();
        return undefined;
      },
    },
  ];
}
