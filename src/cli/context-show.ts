import { command, type CliData } from "./command.ts";

export default command({
  meta: { name: "show", description: "Print the name of the current context" },
  args: {},
  async run({ data }) {
    console.log((data as CliData).globals.context ?? "default");
    return 0;
  },
});
