import { command } from "./command.ts";

export default command({
  meta: { name: "context", description: "Manage contexts (named daemons to talk to)" },
  subCommands: {
    create: () => import("./context-create.ts").then((m) => m.default),
    ls: () => import("./context-ls.ts").then((m) => m.default),
    use: () => import("./context-use.ts").then((m) => m.default),
    rm: () => import("./context-rm.ts").then((m) => m.default),
    inspect: () => import("./context-inspect.ts").then((m) => m.default),
    show: () => import("./context-show.ts").then((m) => m.default),
  },
});
