import { command } from "./command.ts";
import { completionTree, isShell, renderCompletion, shells } from "./completions/index.ts";
import { root } from "./root.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "completion", description: "Print the shell completion script for bash, fish or zsh" },
  args: {
    // The hint lists the choices: the completion scripts offer them for this operand.
    shell: { type: "positional", description: "Shell to complete for", valueHint: shells.join("|") },
  },
  async run({ args }) {
    const shell = String(args.shell);
    if (!isShell(shell)) throw new UsageError(`unknown shell ${JSON.stringify(shell)}: choose one of ${shells.join(", ")}`);
    process.stdout.write(renderCompletion(shell, await completionTree(root)));
  },
});
