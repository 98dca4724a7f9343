import type { CompletionCommand, CompletionFlag, ValueCompletion } from "./completion-tree.ts";
import { eachCommand } from "./completion-tree.ts";

/** Single-quoted for zsh source. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Backslash before the characters _arguments and _describe treat specially in a spec. */
function spec(text: string): string {
  return text.replace(/[\\\]\[:]/g, (c) => `\\${c}`);
}

/** A word inside an `(a b c)` action, which _arguments splits like shell words. */
function actionWord(text: string): string {
  return /^[\w@%+=,./-]+$/.test(text) ? text : text.replace(/[^\w@%+=,./-]/g, (c) => `\\${c}`);
}

function action(value: ValueCompletion): string {
  if (value.files) return "_files";
  if (value.choices.length) return `(${value.choices.map(actionWord).join(" ")})`;
  return " ";
}

function flagSpecs(flag: CompletionFlag): string {
  const names = [...flag.short.map((n) => `-${n}`), ...flag.long.map((n) => `--${n}`)];
  const help = flag.long[0] === "help";
  const exclude = help ? "(- *)" : `(${names.join(" ")})`;
  const forms = names.map((n) => (flag.value ? (n.startsWith("--") ? `${n}=` : `${n}+`) : n));
  const what = `[${spec(flag.description)}]${flag.value ? `:${spec(flag.value.hint)}:${action(flag.value)}` : ""}`;
  return forms.length === 1 ? quote(`${exclude}${forms[0]}${what}`) : `${quote(exclude)}{${forms.join(",")}}${quote(what)}`;
}

const fnName = (cmd: CompletionCommand) => `_${cmd.path.join("_")}`;

function commandFunction(cmd: CompletionCommand): string {
  const specs = cmd.flags.map(flagSpecs);
  cmd.positionals.forEach((p, i) => specs.push(quote(`${i + 1}:${spec(p.name)}:${action(p.value)}`)));
  if (cmd.variadic) specs.push(quote("*:argument: "));
  const opts = `-s -S${cmd.stopAtPositional ? ` -A ${quote("-*")}` : ""}`;
  if (!cmd.commands.length) {
    return [`${fnName(cmd)}() {`, `  _arguments ${opts} \\`, ...specs.map((s, i) => `    ${s}${i < specs.length - 1 ? " \\" : ""}`), "}"].join("\n");
  }
  specs.push(quote(": :->command"), quote("*:: :->argument"));
  const described: string[] = [];
  const cases: string[] = [];
  for (const sub of cmd.commands) {
    for (const name of [sub.name, ...sub.aliases]) described.push(`        ${quote(`${spec(name)}:${sub.description}`)}`);
    cases.push(`        (${[sub.name, ...sub.aliases].join("|")}) ${fnName(sub)} && ret=0 ;;`);
  }
  return [
    `${fnName(cmd)}() {`,
    "  local curcontext=$curcontext state state_descr line ret=1",
    "  typeset -A opt_args",
    `  _arguments -C ${opts} \\`,
    ...specs.map((s) => `    ${s} \\`),
    "    && ret=0",
    "  case $state in",
    "    (command)",
    "      local -a commands=(",
    ...described,
    "      )",
    `      _describe -t commands ${quote(`${cmd.path.join(" ")} command`)} commands && ret=0`,
    "      ;;",
    "    (argument)",
    `      curcontext=\${curcontext%:*:*}:${cmd.path.join("-")}-$words[1]:`,
    "      case $words[1] in",
    ...cases,
    "      esac",
    "      ;;",
    "  esac",
    "  return ret",
    "}",
  ].join("\n");
}

/** The zsh completion script for the tree: an autoloadable `_name` file that can also be sourced. */
export function zshCompletion(tree: CompletionCommand): string {
  const main = fnName(tree);
  return [
    `#compdef ${tree.name}`,
    `# zsh completion for ${tree.name}`,
    "# Generated from the command tree by scripts/gen-completions.ts (bun run completions); do not edit.",
    `# Install it as ${main} in a directory of $fpath, or load it with: source <(${tree.name} completion zsh)`,
    "",
    ...eachCommand(tree).map((cmd) => `${commandFunction(cmd)}\n`),
    "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then",
    `  ${main} "$@"`,
    "else",
    `  compdef ${main} ${tree.name}`,
    "fi",
    "",
  ].join("\n");
}
