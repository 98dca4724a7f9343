import { command } from "./command.ts";

export default command({
  meta: { name: "system", description: "Manage Bunker" },
  subCommands: {
    "dial-stdio": () => import("./system-dial-stdio.ts").then((m) => m.default),
    df: () => import("./system-df.ts").then((m) => m.default),
    events: () => import("./events.ts").then((m) => m.default),
    info: () => import("./info.ts").then((m) => m.default),
    prune: () => import("./system-prune.ts").then((m) => m.default),
  },
});
