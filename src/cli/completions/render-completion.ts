import { bashCompletion } from "./bash.ts";
import { fishCompletion } from "./fish.ts";
import { zshCompletion } from "./zsh.ts";
import type { CompletionCommand } from "./completion-tree.ts";

const renderers = { bash: bashCompletion, fish: fishCompletion, zsh: zshCompletion } as const;

export type Shell = keyof typeof renderers;

/** The shells a completion script can be made for, sorted. */
export const shells = Object.keys(renderers).sort() as Shell[];

export function isShell(name: string): name is Shell {
  return Object.hasOwn(renderers, name);
}

/** The completion script for `shell`. */
export function renderCompletion(shell: Shell, tree: CompletionCommand): string {
  return renderers[shell](tree);
}
