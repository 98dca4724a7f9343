export { completionTree, eachCommand, type CompletionCommand, type CompletionFlag, type CompletionPositional, type ValueCompletion } from "./completion-tree.ts";
export { bashCompletion } from "./bash.ts";
export { zshCompletion } from "./zsh.ts";
export { fishCompletion } from "./fish.ts";
export { renderCompletion, shells, isShell, type Shell } from "./render-completion.ts";
