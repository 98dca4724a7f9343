# fish completion for bunker
# Generated from the command tree by scripts/gen-completions.ts (bun run completions); do not edit.
# Install it as ~/.config/fish/completions/bunker.fish, or load it with: bunker completion fish | source

# The flags that take a value, of the command at a path (names joined by "/").
function __bunker_valued --argument-names path
    switch $path
        case 'bunker'
            printf '%s\n' --host --log-level -H -l
        case 'bunker/daemon'
            printf '%s\n' --config-file --data-root
        case 'bunker/daemon/stop'
            printf '%s\n' --time -t
        case 'bunker/info'
            printf '%s\n' --format -f
        case 'bunker/version'
            printf '%s\n' --format -f
    end
end

# The path a subcommand name (or alias) leads to from the command at a path.
function __bunker_child --argument-names path word
    switch "$path $word"
        case 'bunker completion'
            echo bunker/completion
        case 'bunker daemon'
            echo bunker/daemon
        case 'bunker info'
            echo bunker/info
        case 'bunker version'
            echo bunker/version
        case 'bunker/daemon stop'
            echo bunker/daemon/stop
        case '*'
            return 1
    end
end

# Whether the flags of the command at a path end at its first operand.
function __bunker_stops --argument-names path
    contains -- $path 
end

# Walk the words before the cursor as the CLI parses them: each command's own flags (a value
# flag takes the next word), then a subcommand name, whose flags follow. Prints the path of the
# command at the cursor, how many of its operands precede the cursor, whether flags may still
# come (1/0), and whether the cursor is on a flag's value (1/0).
function __bunker_state
    set -l line (string join \n -- (commandline -cp))
    if test "$line" = "$__bunker_state_line"
        printf '%s\n' $__bunker_state_result
        return
    end
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path bunker
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
    printf '%s\n' $__bunker_state_result
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

complete -c bunker -f
complete -c bunker -n '__bunker_flag bunker' -s D -l debug -d 'Enable debug output'
complete -c bunker -n '__bunker_flag bunker' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker' -s H -l host -r -F -d 'Daemon socket to connect to (also BUNKER_HOST)'
complete -c bunker -n '__bunker_flag bunker' -s l -l log-level -x -a 'debug info warn error fatal' -d 'Set the logging level'
complete -c bunker -n '__bunker_flag bunker' -s v -l version -d 'Print version information and quit'
complete -c bunker -n '__bunker_operand bunker 0' -a completion -d 'Print the shell completion script for bash, fish or zsh'
complete -c bunker -n '__bunker_operand bunker 0' -a daemon -d 'Run the Bunker daemon in the foreground (the CLI starts it on demand)'
complete -c bunker -n '__bunker_operand bunker 0' -a info -d 'Display system-wide information'
complete -c bunker -n '__bunker_operand bunker 0' -a version -d 'Show the Bunker version information'
complete -c bunker -n '__bunker_flag bunker/completion' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/completion 0' -a 'bash fish zsh' -d 'Shell to complete for'
complete -c bunker -n '__bunker_flag bunker/daemon' -l config-file -r -F -d 'Daemon configuration file (default $XDG_CONFIG_HOME/bunker/daemon.json)'
complete -c bunker -n '__bunker_flag bunker/daemon' -l data-root -r -F -d 'Root directory of persistent state (default $XDG_DATA_HOME/bunker)'
complete -c bunker -n '__bunker_flag bunker/daemon' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/daemon 0' -a stop -d 'Stop the running daemon and wait until it has exited'
complete -c bunker -n '__bunker_flag bunker/daemon/stop' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/daemon/stop' -s t -l time -x -d 'Seconds to wait before giving up'
complete -c bunker -n '__bunker_flag bunker/info' -s f -l format -x -d 'Output format: json'
complete -c bunker -n '__bunker_flag bunker/info' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/version' -s f -l format -x -d 'Output format: json'
complete -c bunker -n '__bunker_flag bunker/version' -s h -l help -d 'Print usage'
