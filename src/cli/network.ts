import { command } from "./command.ts";

export default command({
  meta: { name: "network", description: "Manage networks" },
  subCommands: {
    create: () => import("./network-create.ts").then((m) => m.default),
    ls: () => import("./network-ls.ts").then((m) => m.default),
    inspect: () => import("./network-inspect.ts").then((m) => m.default),
    rm: () => import("./network-rm.ts").then((m) => m.default),
    connect: () => import("./network-connect.ts").then((m) => m.default),
    disconnect: () => import("./network-disconnect.ts").then((m) => m.default),
    prune: () => import("./network-prune.ts").then((m) => m.default),
  },
});
