import { command, type CliData } from "./command.ts";
import { flagValues } from "./scan-flags.ts";

const args = {
  "config-file": { type: "string", description: "Daemon configuration file (default $XDG_CONFIG_HOME/bunker/daemon.json)", valueHint: "path" },
  "data-root": { type: "string", description: "Root directory of persistent state (default $XDG_DATA_HOME/bunker)", valueHint: "path" },
  host: { type: "string", alias: "H", description: "Address to serve, repeatable: unix:///path, tcp://ADDR:PORT (TCP needs --tlsverify)", valueHint: "list" },
  tls: { type: "boolean", description: "Use TLS; implied by --tlsverify" },
  tlsverify: { type: "boolean", description: "Use TLS and verify clients' certificates (required for tcp:// hosts)" },
  tlscacert: { type: "string", description: "Trust client certs signed only by this CA (default ~/.docker/ca.pem)", valueHint: "path" },
  tlscert: { type: "string", description: "Path to the server's TLS certificate (default ~/.docker/cert.pem)", valueHint: "path" },
  tlskey: { type: "string", description: "Path to the server's TLS key (default ~/.docker/key.pem)", valueHint: "path" },
} as const;

export default command({
  meta: { name: "daemon", description: "Run the Bunker daemon in the foreground (the CLI starts it on demand)" },
  args,
  subCommands: {
    stop: () => import("./daemon-stop.ts").then((m) => m.default),
  },
  async run({ args: a, rawArgs, data }) {
    const { globals, runDaemon } = data as CliData;
    const given = (name: string) => rawArgs.some((t) => t === `--${name}` || t.startsWith(`--${name}=`));
    const flag = (name: "tls" | "tlsverify") => (given(name) ? a[name] !== false : undefined);
    // `bunker -H unix:///x daemon` (or BUNKER_HOST) still names the socket; a context never does.
    const globalSocket = globals.host?.kind === "unix" && globals.hostSource !== "context" ? globals.host.path : undefined;
    return runDaemon({
      logLevel: globals.logLevel ?? (globals.debug ? "debug" : undefined),
      configFile: a["config-file"],
      dataRoot: a["data-root"],
      socket: globalSocket,
      hosts: flagValues(rawArgs, args, "host"),
      tls: { tls: flag("tls"), tlsverify: flag("tlsverify"), tlscacert: a.tlscacert, tlscert: a.tlscert, tlskey: a.tlskey },
    });
  },
});
