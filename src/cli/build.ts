import { existsSync, statSync, writeFileSync, rmSync } from "node:fs";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { buildContextTar } from "./build-context-tar.ts";
import { TarWriter } from "./tar-writer.ts";
import { ProgressDisplay, type ProgressMessage } from "./progress-display.ts";
import { escapeCodes } from "./terminal.ts";
import { responseLines } from "./response-lines.ts";
import { repeatedFlag as repeated, UsageError } from "./scan-flags.ts";

function size(n: number): string {
  const units = ["B", "kB", "MB", "GB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n.toFixed(2)}${units[i]}`;
}

const isTar = (b: Uint8Array) => (b[0] === 0x1f && b[1] === 0x8b) || (b.length > 262 && new TextDecoder().decode(b.subarray(257, 262)) === "ustar");

export default command({
  meta: { name: "build", description: "Build an image from a Dockerfile" },
  args: {
    path: { type: "positional", required: false, description: "PATH | - (the build context)" },
    tag: { type: "string", alias: "t", description: "Name and optionally a tag in the 'name:tag' format (repeatable)", valueHint: "list" },
    file: { type: "string", alias: "f", description: "Name of the Dockerfile (default: 'PATH/Dockerfile'; - for stdin)", valueHint: "string" },
    "build-arg": { type: "string", description: "Set build-time variables (repeatable)", valueHint: "list" },
    label: { type: "string", description: "Set metadata for an image (repeatable)", valueHint: "list" },
    target: { type: "string", description: "Set the target build stage to build", valueHint: "string" },
    "no-cache": { type: "boolean", description: "Do not use cache when building the image" },
    pull: { type: "boolean", description: "Always attempt to pull a newer version of the image" },
    iidfile: { type: "string", description: "Write the image ID to the file", valueHint: "string" },
    quiet: { type: "boolean", alias: "q", description: "Suppress the build output and print image ID on success" },
    network: { type: "string", description: "Set the networking mode for the RUN instructions during build", valueHint: "string" },
    "add-host": { type: "string", description: "Add a custom host-to-IP mapping (host:ip) (repeatable)", valueHint: "list" },
    "cache-from": { type: "string", description: "Images to consider as cache sources (repeatable)", valueHint: "list" },
    platform: { type: "string", description: "Set platform if server is multi-platform capable", valueHint: "string" },
    rm: { type: "boolean", description: "Remove intermediate containers after a successful build", default: true },
    "force-rm": { type: "boolean", description: "Always remove intermediate containers" },
  },
  async run({ args, rawArgs, data }) {
    const path = args.path;
    if (!path) throw new UsageError("'bunker build' requires exactly 1 argument");
    if (args.iidfile) rmSync(args.iidfile, { force: true });
    let context: { tar: TarWriter | Uint8Array; dockerfile: string };
    if (path === "-") {
      if (args.file === "-") throw new UsageError("invalid argument: can't use stdin for both build context and dockerfile");
      const input = await Bun.stdin.bytes();
      if (isTar(input)) context = { tar: input, dockerfile: args.file ?? "" };
      else {
        // A Dockerfile alone on stdin: the context is just that file.
        const tar = new TarWriter();
        tar.add({ name: "Dockerfile", type: "file", mode: 0o644, mtime: new Date(), size: input.length }, input);
        context = { tar, dockerfile: "Dockerfile" };
      }
    } else {
      if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`unable to prepare context: path "${path}" not found`);
      const dockerfileText = args.file === "-" ? await Bun.stdin.text() : undefined;
      context = await buildContextTar(path, args.file === "-" ? undefined : args.file, dockerfileText);
    }
    const buildArgs: Record<string, string | null> = {};
    for (const a of repeated(rawArgs, "build-arg")) {
      const eq = a.indexOf("=");
      if (eq >= 0) buildArgs[a.slice(0, eq)] = a.slice(eq + 1);
      else buildArgs[a] = process.env[a] ?? null;
    }
    const labels: Record<string, string> = {};
    for (const l of repeated(rawArgs, "label")) {
      const eq = l.indexOf("=");
      labels[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? "" : l.slice(eq + 1);
    }
    const query = new URLSearchParams();
    for (const t of repeated(rawArgs, "tag", "t")) query.append("t", t);
    if (context.dockerfile) query.set("dockerfile", context.dockerfile);
    query.set("buildargs", JSON.stringify(buildArgs));
    query.set("labels", JSON.stringify(labels));
    if (args.target) query.set("target", args.target);
    // citty reads --no-cache as "cache: false"; look at the raw arguments too.
    if (args["no-cache"] || args.cache === false || rawArgs.includes("--no-cache")) query.set("nocache", "1");
    if (args.pull) query.set("pull", "1");
    if (args.quiet) query.set("q", "1");
    query.set("rm", args.rm === false ? "0" : "1");
    if (args["force-rm"]) query.set("forcerm", "1");
    if (args.network) query.set("networkmode", args.network);
    const hosts = repeated(rawArgs, "add-host");
    if (hosts.length) query.set("extrahosts", hosts.join(","));
    const cacheFrom = repeated(rawArgs, "cache-from");
    if (cacheFrom.length) query.set("cachefrom", JSON.stringify(cacheFrom));
    if (args.platform) query.set("platform", args.platform);
    const client = await connectDaemon((data as CliData).globals);
    if (!args.quiet) process.stdout.write(`Sending build context to Bunker daemon  ${size(context.tar instanceof Uint8Array ? context.tar.length : context.tar.size)}\n`);
    const res = await client.fetch(`/build?${query}`, { method: "POST", body: context.tar instanceof Uint8Array ? context.tar : context.tar.stream(), headers: { "Content-Type": "application/x-tar", ...(context.tar instanceof Uint8Array ? {} : { "Content-Length": String(context.tar.size) }) } });
    if (res.status >= 400) {
      const text = await res.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { message: string }).message;
      } catch {
        // not JSON
      }
      console.error(`Error response from daemon: ${message}`);
      return 1;
    }
    const display = new ProgressDisplay(process.stdout, escapeCodes(process.stdout), ["Downloading", "Extracting"]);
    let id = "";
    let failure: { message: string; code?: number } | undefined;
    for await (const line of responseLines(res)) {
      if (!line.trim()) continue;
      const m = JSON.parse(line) as { stream?: string; status?: string; id?: string; aux?: { ID: string }; error?: string; errorDetail?: { message: string; code?: number } };
      if (m.aux?.ID) id = m.aux.ID;
      else if (m.error) failure = { message: m.errorDetail?.message ?? m.error, code: m.errorDetail?.code };
      else if (args.quiet) continue;
      else if (m.stream !== undefined) display.text(m.stream);
      else if (m.status) display.show(m as ProgressMessage); // a FROM's pull: bars on a terminal
    }
    if (failure) {
      console.error(failure.message);
      return failure.code || 1;
    }
    if (args.quiet) process.stdout.write(`${id}\n`);
    if (args.iidfile && id) writeFileSync(args.iidfile, id);
    return 0;
  },
});
