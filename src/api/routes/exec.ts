import * as v from "valibot";
import type { Engine } from "../../engine/index.ts";
import { DetachScanner, InvalidArgument, defaultDetachKeys, parseDetachKeys } from "../../lib/index.ts";
import type { Route } from "../router.ts";
import { streamContentType, writeOutput } from "../stdcopy.ts";

const ExecCreateBody = v.object({
  AttachStdin: v.nullish(v.boolean()),
  AttachStdout: v.nullish(v.boolean()),
  AttachStderr: v.nullish(v.boolean()),
  Tty: v.nullish(v.boolean()),
  Cmd: v.array(v.string()),
  Env: v.nullish(v.array(v.string())),
  User: v.nullish(v.string()),
  WorkingDir: v.nullish(v.string()),
  Privileged: v.nullish(v.boolean()),
  ConsoleSize: v.nullish(v.tuple([v.number(), v.number()])),
  DetachKeys: v.nullish(v.string()),
});

const ExecStartBody = v.nullish(
  v.object({
    Detach: v.nullish(v.boolean()),
    Tty: v.nullish(v.boolean()),
    ConsoleSize: v.nullish(v.tuple([v.number(), v.number()])),
  }),
);

/** docker exec: create, start (hijacked stream), inspect, resize. */
export function execRoutes(engine: Engine): Route[] {
  const execs = engine.execs;
  return [
    {
      method: "POST",
      path: "/containers/{id}/exec",
      handler: async (ctx) => {
        const body = await ctx.json(ExecCreateBody);
        if (!body) throw new InvalidArgument("exec config cannot be empty");
        if (body.DetachKeys) parseDetachKeys(body.DetachKeys); // refused here with Docker's message
        const size = body.ConsoleSize;
        const id = execs.create(ctx.params.id!, {
          args: body.Cmd,
          env: body.Env ?? [],
          user: body.User ?? undefined,
          workingDir: body.WorkingDir ?? undefined,
          tty: !!body.Tty,
          attachStdin: !!body.AttachStdin,
          attachStdout: body.AttachStdout !== false,
          attachStderr: body.AttachStderr !== false,
          privileged: !!body.Privileged,
          consoleSize: size && size[0] > 0 ? { rows: size[0], cols: size[1] } : undefined,
          detachKeys: body.DetachKeys || undefined,
        });
        return { status: 201, json: { Id: id } };
      },
    },
    {
      method: "POST",
      path: "/exec/{id}/start",
      handler: async (ctx) => {
        const body = (await ctx.json(ExecStartBody)) ?? {};
        const e = execs.get(ctx.params.id!);
        // As Docker: the start body's Tty decides the framing (raw or multiplexed), whatever
        // the exec was created with (docker-py starts a tty exec with Tty false and demuxes).
        const tty = !!body.Tty;
        if (body.ConsoleSize && body.ConsoleSize[0] > 0) e.input.consoleSize = { rows: body.ConsoleSize[0], cols: body.ConsoleSize[1] };
        if (body.Detach) {
          await execs.start(e.id, () => undefined);
          return { status: 200, text: "" };
        }
        const { input, output } = await ctx.hijack(streamContentType(tty));
        // After the detach sequence the client is gone but the process runs on: its output is dropped.
        let detached = false;
        try {
          await execs.start(e.id, (link) => {
            if (e.input.attachStdout) link.onStdout((d) => detached || writeOutput(output, tty, "stdout", d));
            if (e.input.attachStderr) link.onStderr((d) => detached || writeOutput(output, tty, "stderr", d));
            link.onClose(() => output.end());
            if (e.input.attachStdin) {
              // The detach sequence ends this stream and leaves the process running, as in Docker.
              const scanner = new DetachScanner(parseDetachKeys(e.input.detachKeys ?? defaultDetachKeys));
              input.on("data", (d: Buffer) => {
                if (detached) return;
                const { data, detach } = scanner.feed(d);
                if (data.length) link.writeStdin(data);
                if (!detach) return;
                detached = true;
                output.end();
              });
              input.on("end", () => detached || link.closeStdin());
            }
            output.on("close", () => detached || link.close());
          });
        } catch (err) {
          // The stream has begun: the failure goes to the client as stderr text, the exit code to inspect.
          writeOutput(output, tty, "stderr", Buffer.from(`${(err as Error).message}\n`));
          output.end();
        }
        return undefined;
      },
    },
    {
      method: "GET",
      path: "/exec/{id}/json",
      handler: (ctx) => {
        const e = execs.get(ctx.params.id!);
        return {
          json: {
            ID: e.id,
            Running: e.running,
            ExitCode: e.exitCode,
            ProcessConfig: { tty: e.input.tty, entrypoint: e.input.args[0], arguments: e.input.args.slice(1), privileged: e.input.privileged, user: e.input.user ?? "" },
            OpenStdin: e.input.attachStdin,
            OpenStderr: e.input.attachStderr,
            OpenStdout: e.input.attachStdout,
            CanRemove: false,
            ContainerID: e.containerId,
            DetachKeys: e.input.detachKeys ?? "",
            Pid: e.pid,
          },
        };
      },
    },
    {
      method: "POST",
      path: "/exec/{id}/resize",
      handler: (ctx) => {
        execs.resize(ctx.params.id!, Number(ctx.query.get("h") ?? 0), Number(ctx.query.get("w") ?? 0));
        return { status: 200, text: "" };
      },
    },
  ];
}
