import { command } from "./command.ts";

export default command({
  meta: { name: "image", description: "Manage images" },
  subCommands: {
    inspect: () => import("./image-inspect.ts").then((m) => m.default),
    ls: () => import("./images.ts").then((m) => m.default),
    history: () => import("./history.ts").then((m) => m.default),
  },
});
