import { ContextStore } from "../config/index.ts";
import { command } from "./command.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "rm", description: "Remove one or more contexts", alias: "remove" },
  args: { force: { type: "boolean", alias: "f", description: "Force the removal of a context in use" } },
  variadic: true,
  async run({ args }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker context rm' requires at least 1 argument");
    const store = new ContextStore();
    const errors: string[] = [];
    for (const name of names) {
      if (name === "default") {
        errors.push(`context "default" cannot be removed`);
        continue;
      }
      if (!store.get(name)) {
        errors.push(`context "${name}" does not exist`);
        continue;
      }
      const inUse = store.current() === name;
      if (inUse && !args.force) {
        errors.push(`context "${name}" is in use, set -f flag to force remove`);
        continue;
      }
      store.remove(name);
      if (inUse) store.setCurrent(undefined);
      console.log(name);
    }
    for (const e of errors) console.error(e);
    return errors.length ? 1 : 0;
  },
});
