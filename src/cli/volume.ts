import { command } from "./command.ts";

export default command({
  meta: { name: "volume", description: "Manage volumes" },
  subCommands: {
    create: () => import("./volume-create.ts").then((m) => m.default),
    ls: () => import("./volume-ls.ts").then((m) => m.default),
    inspect: () => import("./volume-inspect.ts").then((m) => m.default),
    rm: () => import("./volume-rm.ts").then((m) => m.default),
    prune: () => import("./volume-prune.ts").then((m) => m.default),
  },
});
