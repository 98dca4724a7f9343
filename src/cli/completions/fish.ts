import type { CompletionCommand, CompletionFlag, ValueCompletion } from "./completion-tree.ts";
import { eachCommand } from "./completion-tree.ts";

/** Single-quoted for fish source. */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** One candidate inside an `-a` list, which fish splits and expands like shell words. */
function candidate(text: string): string {
  return text.replace(/[^\w@%+=,./:-]/g, (c) => `\\${c}`);
}

const key = (cmd: CompletionCommand) => cmd.path.join("/");

function valueOptions(value: ValueCompletion): string {
  if (value.files) return "-r -F";
  if (value.choices.length) return `-x -a ${quote(value.choices.map(candidate).join(" "))}`;
  return "-x";
}

function flagLine(cmd: CompletionCommand, flag: CompletionFlag): string {
  const names = [...flag.short.map((n) => `-s ${n}`), ...flag.long.map((n) => `-l ${n}`)].join(" ");
  const value = flag.value ? ` ${valueOptions(flag.value)}` : "";
  return `complete -c ${cmd.path[0]} -n ${quote(`__bunker_flag ${key(cmd)}`)} ${names}${value} -d ${quote(flag.description)}`;
}

function operandLines(cmd: CompletionCommand): string[] {
  const lines: string[] = [];
  for (const sub of cmd.commands) {
    for (const name of [sub.name, ...sub.aliases]) {
      lines.push(`complete -c ${cmd.path[0]} -n ${quote(`__bunker_operand ${key(cmd)} 0`)} -a ${name} -d ${quote(sub.description)}`);
    }
  }
  if (cmd.commands.length) return lines;
  cmd.positionals.forEach((p, i) => {
    const condition = `-n ${quote(`__bunker_operand ${key(cmd)} ${i}`)}`;
    const description = `-d ${quote(p.description)}`;
    if (p.value.files) lines.push(`complete -c ${cmd.path[0]} ${condition} -F ${description}`);
    else if (p.value.choices.length) lines.push(`complete -c ${cmd.path[0]} ${condition} -a ${quote(p.value.choices.map(candidate).join(" "))} ${description}`);
  });
  return lines;
}

function switchCase(pattern: string, body: string): string[] {
  return [`        case ${quote(pattern)}`, `            ${body}`];
}

/** The fish completion script for the tree. */
export function fishCompletion(tree: CompletionCommand): string {
  const commands = eachCommand(tree);
  const valued = commands.flatMap((cmd) => {
    const names = cmd.flags.filter((f) => f.value).flatMap((f) => [...f.long.map((n) => `--${n}`), ...f.short.map((n) => `-${n}`)]).sort();
    return names.length ? switchCase(key(cmd), `printf '%s\\n' ${names.join(" ")}`) : [];
  });
  const children = commands.flatMap((cmd) =>
    cmd.commands.flatMap((sub) => [sub.name, ...sub.aliases].flatMap((name) => switchCase(`${key(cmd)} ${name}`, `echo ${key(sub)}`))),
  );
  const stops = commands.filter((cmd) => cmd.stopAtPositional).map(key);
  const script = `# fish completion for ${tree.name}
# Generated from the command tree by scripts/gen-completions.ts (bun run completions); do not edit.
# Install it as ~/.config/fish/completions/${tree.name}.fish, or load it with: ${tree.name} completion fish | source

# The flags that take a value, of the command at a path (names joined by "/").
function __bunker_valued --argument-names path
    switch $path
${valued.join("\n")}
    end
end

# The path a subcommand name (or alias) leads to from the command at a path.
function __bunker_child --argument-names path word
    switch "$path $word"
${children.join("\n")}
        case '*'
            return 1
    end
end

# Whether the flags of the command at a path end at its first operand.
function __bunker_stops --argument-names path
    contains -- $path ${stops.join(" ")}
end

# Walk the words before the cursor as the CLI parses them: each command's own flags (a value
# flag takes the next word), then a subcommand name, whose flags follow. Prints the path of the
# command at the cursor, how many of its operands precede the cursor, whether flags may still
# come (1/0), and whether the cursor is on a flag's value (1/0).
function __bunker_state
    set -l line (string join \\n -- (commandline -cp))
    if test "$line" = "$__bunker_state_line"
        printf '%s\\n' $__bunker_state_result
        return
    end
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path ${tree.name}
    set -l n 0
    set -l flags 1
    set -l pending 0
    for tok in $tokens
        if test $pending = 1
            set pending 0
            continue
        end
        if test $flags = 1; and string match -q -- '-?*' $tok
            if test $tok = --
                set flags 0
            else if string match -q -- '--*' $tok
                if not string match -q -- '*=*' $tok; and contains -- $tok (__bunker_valued $path)
                    set pending 1
                end
            else
                set -l valued (__bunker_valued $path)
                set -l len (string length -- $tok)
                for j in (seq 2 $len)
                    if contains -- -(string sub -s $j -l 1 -- $tok) $valued
                        test $j = $len; and set pending 1
                        break
                    end
                end
            end
            continue
        end
        if test $n = 0; and set -l next (__bunker_child $path $tok)
            set path $next
            set flags 1
            continue
        end
        set n (math $n + 1)
        __bunker_stops $path; and set flags 0
    end
    set -g __bunker_state_line $line
    set -g __bunker_state_result $path $n $flags $pending
    printf '%s\\n' $__bunker_state_result
end

# The cursor is where the command at a path accepts a flag (or a flag's value).
function __bunker_flag --argument-names path
    set -l s (__bunker_state)
    test "$s[1]" = $path -a "$s[3]" = 1
end

# The cursor is on operand N of the command at a path (operand 0 names a subcommand, if it has any).
function __bunker_operand --argument-names path n
    set -l s (__bunker_state)
    test "$s[1]" = $path -a "$s[2]" = $n -a "$s[4]" = 0
end

complete -c ${tree.name} -f
${commands.flatMap((cmd) => [...cmd.flags.map((f) => flagLine(cmd, f)), ...operandLines(cmd)]).join("\n")}
`;
  // Function names follow the program's name (all of the above is written for "bunker").
  return script.replaceAll("__bunker_", `__${tree.name.replace(/\W/g, "_")}_`);
}
