import { command } from "./command.ts";

export default command({
  meta: { name: "system", description: "Manage Bunker" },
  subCommands: {
    "dial-stdio": () => import("./system-dial-stdio.ts").then((m) => m.default),
  },
});
