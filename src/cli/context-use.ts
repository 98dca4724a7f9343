import { ContextStore } from "../config/index.ts";
import { command } from "./command.ts";
import { RunFailure } from "./run-failure.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "use", description: "Set the current context" },
  args: { name: { type: "positional", description: "CONTEXT" } },
  async run({ args }) {
    const name = args.name as string | undefined;
    if (!name) throw new UsageError("'bunker context use' requires exactly 1 argument");
    const store = new ContextStore();
    if (name !== "default" && !store.get(name)) throw new RunFailure(`context "${name}": context not found`, 1);
    store.setCurrent(name);
    console.log(name);
    console.error(`Current context is now "${name}"`);
    if (process.env.BUNKER_HOST) {
      console.error(`Warning: BUNKER_HOST environment variable overrides the active context. To use "${name}", either set the global --context flag, or unset BUNKER_HOST environment variable.`);
    }
    return 0;
  },
});
