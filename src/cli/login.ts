import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { configKey, saveLogin } from "./docker-config-file.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "login", description: "Log in to a registry (credentials kept in ~/.docker/config.json, as docker does)" },
  args: {
    server: { type: "positional", required: false, description: "SERVER (default Docker Hub)" },
    username: { type: "string", alias: "u", description: "Username", valueHint: "string" },
    password: { type: "string", alias: "p", description: "Password", valueHint: "string" },
    "password-stdin": { type: "boolean", description: "Take the password from stdin" },
  },
  async run({ args, data }) {
    if (!args.username) throw new UsageError("bunker login needs --username (there is no interactive prompt yet)");
    const password = args["password-stdin"] ? (await Bun.stdin.text()).replace(/\r?\n$/, "") : args.password;
    if (!password) throw new UsageError("bunker login needs --password or --password-stdin");
    const client = await connectDaemon((data as CliData).globals);
    await client.json("POST", "/auth", { body: { username: args.username, password, serveraddress: configKey(args.server) } });
    saveLogin(args.server, args.username, password);
    console.log("Login Succeeded");
    return 0;
  },
});
