import { parseHost } from "../client/index.ts";
import { command, type CliData } from "./command.ts";

export default command({
  meta: { name: "daemon", description: "Run the Bunker daemon in the foreground (the CLI starts it on demand)" },
  args: {
    "config-file": { type: "string", description: "Daemon configuration file (default $XDG_CONFIG_HOME/bunker/daemon.json)", valueHint: "path" },
    "data-root": { type: "string", description: "Root directory of persistent state (default $XDG_DATA_HOME/bunker)", valueHint: "path" },
  },
  subCommands: {
    stop: () => import("./daemon-stop.ts").then((m) => m.default),
  },
  async run({ args, data }) {
    const { globals, runDaemon } = data as CliData;
    return runDaemon({
      logLevel: globals.logLevel ?? (globals.debug ? "debug" : undefined),
      configFile: args["config-file"],
      dataRoot: args["data-root"],
      socket: (globals.host ?? (process.env.BUNKER_HOST ? parseHost(process.env.BUNKER_HOST) : undefined))?.path,
    });
  },
});
