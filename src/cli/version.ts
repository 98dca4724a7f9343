import { apiVersion, buildTime, bunkerVersion, gitCommit } from "../lib/index.ts";
import type { VersionWire } from "../client/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { GoStruct, goStructOf, renderValue, writeOut } from "./format/index.ts";

const goArch: Record<string, string> = { x64: "amd64", arm64: "arm64" };

function clientLines(): string[] {
  return [
    "Client: Bunker",
    ` Version:           ${bunkerVersion}`,
    ` API version:       ${apiVersion}`,
    ` Bun version:       ${Bun.version}`,
    ` Git commit:        ${gitCommit}`,
    ` Built:             ${buildTime || "(from source)"}`,
    ` OS/Arch:           linux/${goArch[process.arch] ?? process.arch}`,
  ];
}

function serverLines(v: VersionWire): string[] {
  const lines = [`Server: ${v.Platform.Name}`];
  for (const c of v.Components) {
    lines.push(` ${c.Name}:`, `  Version:          ${c.Version}`);
    const d = c.Details ?? {};
    if (d.ApiVersion) lines.push(`  API version:      ${d.ApiVersion} (minimum version ${d.MinAPIVersion})`);
    if (d.GoVersion) lines.push(`  Bun version:      ${d.GoVersion.replace(/^bun/, "")}`);
    if (d.GitCommit) lines.push(`  Git commit:       ${d.GitCommit}`);
    if (d.BuildTime) lines.push(`  Built:            ${d.BuildTime}`);
    if (d.Os) lines.push(`  OS/Arch:          ${d.Os}/${d.Arch}`);
    if (d.KernelVersion) lines.push(`  Kernel version:   ${d.KernelVersion}`);
  }
  return lines;
}

export default command({
  meta: { name: "version", description: "Show the Bunker version information" },
  args: {
    format: { type: "string", alias: "f", description: "Format output using a custom template: 'json' or a Go template", valueHint: "string" },
  },
  async run({ args, data }) {
    const { globals } = data as CliData;
    const client = await connectDaemon(globals).catch((err: Error) => err);
    const server = client instanceof Error ? client : await client.json<VersionWire>("GET", "/version").catch((err: Error) => err);
    if (args.format) {
      const clientInfo = {
        Platform: { Name: "Bunker" },
        Version: bunkerVersion,
        ApiVersion: apiVersion,
        DefaultAPIVersion: apiVersion,
        GitCommit: gitCommit,
        GoVersion: `bun${Bun.version}`,
        Os: "linux",
        Arch: goArch[process.arch] ?? process.arch,
        BuildTime: buildTime,
        Context: "default",
      };
      // Docker's template sees Go structs: APIVersion there, ApiVersion in its JSON.
      const goNames = { ApiVersion: "APIVersion", DefaultAPIVersion: "DefaultAPIVersion" };
      const view = new GoStruct("system.versionInfo", {
        Client: () => goStructOf("*command.clientVersion", clientInfo, goNames),
        Server: () => (server instanceof Error ? null : goStructOf("*types.Version", server as unknown as Record<string, unknown>, goNames)),
      }, { Client: clientInfo, Server: server instanceof Error ? null : server });
      writeOut(renderValue(args.format, view, "version"));
    } else {
      console.log(clientLines().join("\n"));
      if (!(server instanceof Error)) console.log(["", ...serverLines(server)].join("\n"));
    }
    if (server instanceof Error) throw server;
  },
});
