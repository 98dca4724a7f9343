import { command } from "./command.ts";

export default command({
  meta: { name: "builder", description: "Manage builds" },
  subCommands: {
    prune: () => import("./builder-prune.ts").then((m) => m.default),
  },
});
