# bash completion for bunker                                  -*- shell-script -*-
# Generated from the command tree by scripts/gen-completions.ts (bun run completions); do not edit.
# Load it with: source <(bunker completion bash)
# or install it as /usr/share/bash-completion/completions/bunker

# _bunker_describe PATH: the command at PATH (names joined by "/"), in the caller's variables:
# _bunker_subs (subcommand names and aliases) and _bunker_paths (where each leads), _bunker_flags,
# _bunker_valued (the flags that take a value), _bunker_stops (flags end at the first operand).
_bunker_describe() {
    _bunker_subs=() _bunker_paths=() _bunker_flags=() _bunker_valued=() _bunker_stops=0
    case $1 in
    bunker)
        _bunker_subs=(completion daemon info version)
        _bunker_paths=(bunker/completion bunker/daemon bunker/info bunker/version)
        _bunker_flags=(--debug --help --host --log-level --version -D -H -h -l -v)
        _bunker_valued=(--host --log-level -H -l)
        ;;
    bunker/completion)
        _bunker_flags=(--help -h)
        ;;
    bunker/daemon)
        _bunker_subs=(stop)
        _bunker_paths=(bunker/daemon/stop)
        _bunker_flags=(--config-file --data-root --help -h)
        _bunker_valued=(--config-file --data-root)
        ;;
    bunker/daemon/stop)
        _bunker_flags=(--help --time -h -t)
        _bunker_valued=(--time -t)
        ;;
    bunker/info)
        _bunker_flags=(--format --help -f -h)
        _bunker_valued=(--format -f)
        ;;
    bunker/version)
        _bunker_flags=(--format --help -f -h)
        _bunker_valued=(--format -f)
        ;;
    esac
}

# _bunker_value PATH FLAG|#N CUR: complete the value of a flag or of the Nth operand.
_bunker_value() {
    local -a words=()
    case "$1 $2" in
    "bunker --host" | "bunker -H") _bunker_files "$3"; return ;;
    "bunker --log-level" | "bunker -l") words=(debug info warn error fatal) ;;
    "bunker/completion #0") words=(bash fish zsh) ;;
    "bunker/daemon --config-file") _bunker_files "$3"; return ;;
    "bunker/daemon --data-root") _bunker_files "$3"; return ;;
    esac
    _bunker_words "$3" "${words[@]}"
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
    local cur=${COMP_WORDS[COMP_CWORD]} path=bunker pending= word i j n=0 flags=1 next
    local -a _bunker_subs _bunker_paths _bunker_flags _bunker_valued
    local _bunker_stops
    _bunker_describe "$path"
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        # "--flag=value" arrives as three words: --flag, =, value
        if ((flags)) && [[ $word == = && ${COMP_WORDS[i - 1]} == --?* ]]; then
            pending=${COMP_WORDS[i - 1]}
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
                _bunker_in "$word" "${_bunker_valued[@]}" && pending=$word
            else
                for ((j = 1; j < ${#word}; j++)); do
                    if _bunker_in "-${word:j:1}" "${_bunker_valued[@]}"; then
                        ((j == ${#word} - 1)) && pending=-${word:j:1}
                        break
                    fi
                done
            fi
            continue
        fi
        if ((n == 0 && ${#_bunker_subs[@]})); then
            next=
            for j in "${!_bunker_subs[@]}"; do
                [[ ${_bunker_subs[j]} == "$word" ]] && next=${_bunker_paths[j]}
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
    if ((flags)) && [[ $cur == = && ${COMP_WORDS[COMP_CWORD - 1]} == --?* ]]; then
        pending=${COMP_WORDS[COMP_CWORD - 1]} cur=
    fi
    if [[ -n $pending ]]; then
        _bunker_value "$path" "$pending" "$cur"
    elif ((flags)) && [[ $cur == -* ]]; then
        _bunker_words "$cur" "${_bunker_flags[@]}"
    elif ((n == 0 && ${#_bunker_subs[@]})); then
        _bunker_words "$cur" "${_bunker_subs[@]}"
    else
        _bunker_value "$path" "#$n" "$cur"
    fi
    return 0
}

complete -F _bunker bunker
