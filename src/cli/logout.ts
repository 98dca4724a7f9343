import { command } from "./command.ts";
import { configKey, removeLogin } from "./docker-config-file.ts";

export default command({
  meta: { name: "logout", description: "Log out from a registry" },
  args: { server: { type: "positional", required: false, description: "SERVER (default Docker Hub)" } },
  async run({ args }) {
    const key = configKey(args.server);
    console.log(removeLogin(args.server) ? `Removing login credentials for ${key}` : `Not logged in to ${key}`);
    return 0;
  },
});
