import type { CompletionCommand, ValueCompletion } from "./completion-tree.ts";
import { eachCommand } from "./completion-tree.ts";

/** A word for bash source: bare when it is plain, else single-quoted. */
function word(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

const array = (items: string[]) => `(${items.map(word).join(" ")})`;

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function describeCase(cmd: CompletionCommand): string[] {
  const key = cmd.path.join("/");
  const subs: [string, string][] = [];
  for (const sub of cmd.commands) for (const name of [sub.name, ...sub.aliases]) subs.push([name, sub.path.join("/")]);
  subs.sort(([a], [b]) => byName(a, b));
  const names = (valued: boolean) =>
    cmd.flags
      .filter((f) => !valued || f.value)
      .flatMap((f) => [...f.long.map((n) => `--${n}`), ...f.short.map((n) => `-${n}`)])
      .sort(byName);
  const lines = [`    ${key})`];
  if (subs.length) {
    lines.push(`        _bunker_subs=${array(subs.map(([name]) => name))}`);
    lines.push(`        _bunker_paths=${array(subs.map(([, path]) => path))}`);
  }
  lines.push(`        _bunker_flags=${array(names(false))}`);
  if (names(true).length) lines.push(`        _bunker_valued=${array(names(true))}`);
  if (cmd.stopAtPositional) lines.push("        _bunker_stops=1");
  lines.push("        ;;");
  return lines;
}

function valueLines(patterns: string[], value: ValueCompletion): string[] {
  if (!value.files && !value.choices.length) return [];
  const head = `    ${patterns.map((p) => `"${p}"`).join(" | ")})`;
  return value.files ? [`${head} _bunker_files "$3"; return ;;`] : [`${head} words=${array(value.choices)} ;;`];
}

function valueCases(cmd: CompletionCommand): string[] {
  const key = cmd.path.join("/");
  const lines: string[] = [];
  for (const flag of cmd.flags) {
    if (!flag.value) continue;
    lines.push(...valueLines([...flag.long.map((n) => `${key} --${n}`), ...flag.short.map((n) => `${key} -${n}`)], flag.value));
  }
  cmd.positionals.forEach((p, i) => lines.push(...valueLines([`${key} #${i}`], p.value)));
  return lines;
}

/** The bash completion script for the tree (needs bash 4; bash-completion is not required). */
export function bashCompletion(tree: CompletionCommand): string {
  const commands = eachCommand(tree);
  const script = `# bash completion for ${tree.name}                                  -*- shell-script -*-
# Generated from the command tree by scripts/gen-completions.ts (bun run completions); do not edit.
# Load it with: source <(${tree.name} completion bash)
# or install it as /usr/share/bash-completion/completions/${tree.name}

# _bunker_describe PATH: the command at PATH (names joined by "/"), in the caller's variables:
# _bunker_subs (subcommand names and aliases) and _bunker_paths (where each leads), _bunker_flags,
# _bunker_valued (the flags that take a value), _bunker_stops (flags end at the first operand).
_bunker_describe() {
    _bunker_subs=() _bunker_paths=() _bunker_flags=() _bunker_valued=() _bunker_stops=0
    case $1 in
${commands.flatMap(describeCase).join("\n")}
    esac
}

# _bunker_value PATH FLAG|#N CUR: complete the value of a flag or of the Nth operand.
_bunker_value() {
    local -a words=()
    case "$1 $2" in
${commands.flatMap(valueCases).join("\n")}
    esac
    _bunker_words "$3" "\${words[@]}"
}

# _bunker_words CUR WORD...: add the words that start with CUR.
_bunker_words() {
    local cur=$1 w
    shift
    for w; do
        [[ $w == "$cur"* ]] && COMPREPLY+=("$w")
    done
}

_bunker_files() {
    local f
    compopt -o filenames 2>/dev/null
    while IFS= read -r f; do
        COMPREPLY+=("$f")
    done < <(compgen -f -- "$1")
}

# _bunker_in WORD LIST...: whether WORD is one of LIST.
_bunker_in() {
    local w=$1 x
    shift
    for x; do
        [[ $x == "$w" ]] && return 0
    done
    return 1
}

# Walk the words before the cursor as the CLI parses them: each command's own flags (a value
# flag takes the next word), then a subcommand name, whose flags follow.
_bunker() {
    COMPREPLY=()
    local cur=\${COMP_WORDS[COMP_CWORD]} path=${tree.name} pending= word i j n=0 flags=1 next
    local -a _bunker_subs _bunker_paths _bunker_flags _bunker_valued
    local _bunker_stops
    _bunker_describe "$path"
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=\${COMP_WORDS[i]}
        # "--flag=value" arrives as three words: --flag, =, value
        if ((flags)) && [[ $word == = && \${COMP_WORDS[i - 1]} == --?* ]]; then
            pending=\${COMP_WORDS[i - 1]}
            continue
        fi
        if [[ -n $pending ]]; then
            pending=
            continue
        fi
        if ((flags)) && [[ $word == -?* ]]; then
            if [[ $word == -- ]]; then
                flags=0
            elif [[ $word == --* ]]; then
                _bunker_in "$word" "\${_bunker_valued[@]}" && pending=$word
            else
                for ((j = 1; j < \${#word}; j++)); do
                    if _bunker_in "-\${word:j:1}" "\${_bunker_valued[@]}"; then
                        ((j == \${#word} - 1)) && pending=-\${word:j:1}
                        break
                    fi
                done
            fi
            continue
        fi
        if ((n == 0 && \${#_bunker_subs[@]})); then
            next=
            for j in "\${!_bunker_subs[@]}"; do
                [[ \${_bunker_subs[j]} == "$word" ]] && next=\${_bunker_paths[j]}
            done
            if [[ -n $next ]]; then
                path=$next flags=1
                _bunker_describe "$path"
                continue
            fi
        fi
        n=$((n + 1))
        ((_bunker_stops)) && flags=0
    done
    if ((flags)) && [[ $cur == = && \${COMP_WORDS[COMP_CWORD - 1]} == --?* ]]; then
        pending=\${COMP_WORDS[COMP_CWORD - 1]} cur=
    fi
    if [[ -n $pending ]]; then
        _bunker_value "$path" "$pending" "$cur"
    elif ((flags)) && [[ $cur == -* ]]; then
        _bunker_words "$cur" "\${_bunker_flags[@]}"
    elif ((n == 0 && \${#_bunker_subs[@]})); then
        _bunker_words "$cur" "\${_bunker_subs[@]}"
    else
        _bunker_value "$path" "#$n" "$cur"
    fi
    return 0
}

complete -F _bunker ${tree.name}
`;
  // Function names follow the program's name (all of the above is written for "bunker").
  return script.replaceAll("_bunker", `_${tree.name.replace(/\W/g, "_")}`);
}
