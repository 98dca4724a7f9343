import { command } from "./command.ts";

export default command({
  meta: { name: "image", description: "Manage images" },
  subCommands: {
    build: () => import("./build.ts").then((m) => m.default),
    history: () => import("./history.ts").then((m) => m.default),
    import: () => import("./import.ts").then((m) => m.default),
    inspect: () => import("./image-inspect.ts").then((m) => m.default),
    load: () => import("./load.ts").then((m) => m.default),
    ls: () => import("./image-ls.ts").then((m) => m.default),
    prune: () => import("./image-prune.ts").then((m) => m.default),
    pull: () => import("./pull.ts").then((m) => m.default),
    push: () => import("./push.ts").then((m) => m.default),
    rm: () => import("./image-rm.ts").then((m) => m.default),
    save: () => import("./save.ts").then((m) => m.default),
    tag: () => import("./tag.ts").then((m) => m.default),
  },
});
