import { command } from "./command.ts";
import { logLevels } from "../lib/index.ts";

/** The `bunker` command tree. Subcommands load lazily, so `bunker version` imports only its own file. */
export const root = command({
  meta: { name: "bunker", description: "A rootless, Docker-compatible container engine" },
  args: {
    host: { type: "string", alias: "H", description: "Daemon socket to connect to (also BUNKER_HOST)", valueHint: "unix:///path" },
    debug: { type: "boolean", alias: "D", description: "Enable debug output" },
    "log-level": { type: "enum", alias: "l", options: [...logLevels], description: "Set the logging level" },
    version: { type: "boolean", alias: "v", description: "Print version information and quit" },
  },
  subCommands: {
    version: () => import("./version.ts").then((m) => m.default),
    info: () => import("./info.ts").then((m) => m.default),
    daemon: () => import("./daemon.ts").then((m) => m.default),
    run: () => import("./run.ts").then((m) => m.default),
    exec: () => import("./exec.ts").then((m) => m.default),
    start: () => import("./start.ts").then((m) => m.default),
    stop: () => import("./stop.ts").then((m) => m.default),
    kill: () => import("./kill.ts").then((m) => m.default),
    rm: () => import("./rm.ts").then((m) => m.default),
    ps: () => import("./ps.ts").then((m) => m.default),
    logs: () => import("./logs.ts").then((m) => m.default),
    wait: () => import("./wait.ts").then((m) => m.default),
    inspect: () => import("./inspect.ts").then((m) => m.default),
    pull: () => import("./pull.ts").then((m) => m.default),
    images: () => import("./images.ts").then((m) => m.default),
    image: () => import("./image.ts").then((m) => m.default),
    rmi: () => import("./rmi.ts").then((m) => m.default),
    tag: () => import("./tag.ts").then((m) => m.default),
    push: () => import("./push.ts").then((m) => m.default),
    volume: () => import("./volume.ts").then((m) => m.default),
    save: () => import("./save.ts").then((m) => m.default),
    commit: () => import("./commit.ts").then((m) => m.default),
    history: () => import("./history.ts").then((m) => m.default),
    rename: () => import("./rename.ts").then((m) => m.default),
    login: () => import("./login.ts").then((m) => m.default),
    import: () => import("./import.ts").then((m) => m.default),
    logout: () => import("./logout.ts").then((m) => m.default),
    load: () => import("./load.ts").then((m) => m.default),
    completion: () => import("./completion.ts").then((m) => m.default),
  },
});
