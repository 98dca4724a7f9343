import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { eachContainer } from "./each-container.ts";

/** `stop` and `restart`: the same flags (-t, -s), one POST /containers/{id}/VERB per container. */
export function stopCommand(verb: "stop" | "restart", description: string) {
  return command({
    meta: { name: verb, description },
    args: {
      time: { type: "string", alias: "t", description: "Seconds to wait before killing the container", valueHint: "int" },
      signal: { type: "string", alias: "s", description: "Signal to send to the container", valueHint: "string" },
    },
    variadic: true,
    async run({ args, data }) {
      const client = await connectDaemon((data as CliData).globals);
      return eachContainer(verb, (args._ as string[]) ?? [], client, (name) => client.request("POST", `/containers/${name}/${verb}`, { query: { t: args.time, signal: args.signal } }));
    },
  });
}
