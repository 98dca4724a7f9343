import { command } from "./command.ts";

export default command({
  meta: { name: "kube", description: "Generate Kubernetes YAML from containers, and play Kubernetes YAML" },
  subCommands: {
    generate: () => import("./kube-generate.ts").then((m) => m.default),
    play: () => import("./kube-play.ts").then((m) => m.default),
  },
});
