import { command } from "./command.ts";

/** `bunker container VERB`: the container verbs under one group, as docker's `container` management command. */
export default command({
  meta: { name: "container", description: "Manage containers" },
  subCommands: {
    attach: () => import("./attach.ts").then((m) => m.default),
    commit: () => import("./commit.ts").then((m) => m.default),
    cp: () => import("./cp.ts").then((m) => m.default),
    create: () => import("./create.ts").then((m) => m.default),
    diff: () => import("./diff.ts").then((m) => m.default),
    exec: () => import("./exec.ts").then((m) => m.default),
    export: () => import("./export.ts").then((m) => m.default),
    inspect: () => import("./container-inspect.ts").then((m) => m.default),
    kill: () => import("./kill.ts").then((m) => m.default),
    logs: () => import("./logs.ts").then((m) => m.default),
    ls: () => import("./container-ls.ts").then((m) => m.default),
    pause: () => import("./pause.ts").then((m) => m.default),
    port: () => import("./port.ts").then((m) => m.default),
    prune: () => import("./container-prune.ts").then((m) => m.default),
    rename: () => import("./rename.ts").then((m) => m.default),
    restart: () => import("./restart.ts").then((m) => m.default),
    rm: () => import("./rm.ts").then((m) => m.default),
    run: () => import("./run.ts").then((m) => m.default),
    start: () => import("./start.ts").then((m) => m.default),
    stats: () => import("./stats.ts").then((m) => m.default),
    stop: () => import("./stop.ts").then((m) => m.default),
    top: () => import("./top.ts").then((m) => m.default),
    unpause: () => import("./unpause.ts").then((m) => m.default),
    update: () => import("./update.ts").then((m) => m.default),
    wait: () => import("./wait.ts").then((m) => m.default),
  },
});
