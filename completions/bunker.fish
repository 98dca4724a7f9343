# fish completion for bunker
# Generated from the command tree by scripts/gen-completions.ts (bun run completions); do not edit.
# Install it as ~/.config/fish/completions/bunker.fish, or load it with: bunker completion fish | source

# The flags that take a value, of the command at a path (names joined by "/").
function __bunker_valued --argument-names path
    switch $path
        case 'bunker'
            printf '%s\n' --context --host --log-level --tlscacert --tlscert --tlskey -H -c -l
        case 'bunker/attach'
            printf '%s\n' --detach-keys
        case 'bunker/build'
            printf '%s\n' --add-host --build-arg --cache-from --file --iidfile --label --network --platform --tag --target -f -t
        case 'bunker/commit'
            printf '%s\n' --author --change --message -a -c -m
        case 'bunker/container/attach'
            printf '%s\n' --detach-keys
        case 'bunker/container/commit'
            printf '%s\n' --author --change --message -a -c -m
        case 'bunker/container/create'
            printf '%s\n' --add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --hostname --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --pids-limit --publish --restart --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --ulimit --user --volume --volumes-from --workdir -c -e -h -l -m -p -u -v -w
        case 'bunker/container/exec'
            printf '%s\n' --detach-keys --env --user --workdir -e -u -w
        case 'bunker/container/export'
            printf '%s\n' --output -o
        case 'bunker/container/inspect'
            printf '%s\n' --format -f
        case 'bunker/container/kill'
            printf '%s\n' --signal -s
        case 'bunker/container/logs'
            printf '%s\n' --since --tail --until -n
        case 'bunker/container/ls'
            printf '%s\n' --filter --format --last -f -n
        case 'bunker/container/prune'
            printf '%s\n' --filter
        case 'bunker/container/restart'
            printf '%s\n' --signal --time -s -t
        case 'bunker/container/run'
            printf '%s\n' --add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --hostname --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --pids-limit --publish --restart --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --ulimit --user --volume --volumes-from --workdir -c -e -h -l -m -p -u -v -w
        case 'bunker/container/stats'
            printf '%s\n' --format
        case 'bunker/container/stop'
            printf '%s\n' --signal --time -s -t
        case 'bunker/container/update'
            printf '%s\n' --blkio-weight --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --memory --memory-reservation --memory-swap --pids-limit --restart -c -m
        case 'bunker/context/create'
            printf '%s\n' --description --docker --host
        case 'bunker/context/inspect'
            printf '%s\n' --format -f
        case 'bunker/context/ls'
            printf '%s\n' --format
        case 'bunker/create'
            printf '%s\n' --add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --hostname --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --pids-limit --publish --restart --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --ulimit --user --volume --volumes-from --workdir -c -e -h -l -m -p -u -v -w
        case 'bunker/daemon'
            printf '%s\n' --config-file --data-root --host --tlscacert --tlscert --tlskey -H
        case 'bunker/daemon/stop'
            printf '%s\n' --time -t
        case 'bunker/events'
            printf '%s\n' --filter --format --since --until -f
        case 'bunker/exec'
            printf '%s\n' --detach-keys --env --user --workdir -e -u -w
        case 'bunker/export'
            printf '%s\n' --output -o
        case 'bunker/history'
            printf '%s\n' --format
        case 'bunker/image/build'
            printf '%s\n' --add-host --build-arg --cache-from --file --iidfile --label --network --platform --tag --target -f -t
        case 'bunker/image/history'
            printf '%s\n' --format
        case 'bunker/image/import'
            printf '%s\n' --change --message -c -m
        case 'bunker/image/inspect'
            printf '%s\n' --format -f
        case 'bunker/image/load'
            printf '%s\n' --input -i
        case 'bunker/image/ls'
            printf '%s\n' --filter --format -f
        case 'bunker/image/prune'
            printf '%s\n' --filter
        case 'bunker/image/pull'
            printf '%s\n' --platform
        case 'bunker/image/save'
            printf '%s\n' --output -o
        case 'bunker/images'
            printf '%s\n' --filter --format -f
        case 'bunker/import'
            printf '%s\n' --change --message -c -m
        case 'bunker/info'
            printf '%s\n' --format -f
        case 'bunker/inspect'
            printf '%s\n' --format --type -f
        case 'bunker/kill'
            printf '%s\n' --signal -s
        case 'bunker/kube/generate'
            printf '%s\n' --name --replicas --type -n -r -t
        case 'bunker/kube/play'
            printf '%s\n' --network
        case 'bunker/load'
            printf '%s\n' --input -i
        case 'bunker/login'
            printf '%s\n' --password --username -p -u
        case 'bunker/logs'
            printf '%s\n' --since --tail --until -n
        case 'bunker/network/connect'
            printf '%s\n' --alias --ip
        case 'bunker/network/create'
            printf '%s\n' --aux-address --driver --gateway --ip-range --label --opt --subnet -d -o
        case 'bunker/network/inspect'
            printf '%s\n' --format -f
        case 'bunker/network/ls'
            printf '%s\n' --filter --format -f
        case 'bunker/network/prune'
            printf '%s\n' --filter
        case 'bunker/ps'
            printf '%s\n' --filter --format --last -f -n
        case 'bunker/pull'
            printf '%s\n' --platform
        case 'bunker/restart'
            printf '%s\n' --signal --time -s -t
        case 'bunker/run'
            printf '%s\n' --add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --hostname --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --pids-limit --publish --restart --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --ulimit --user --volume --volumes-from --workdir -c -e -h -l -m -p -u -v -w
        case 'bunker/save'
            printf '%s\n' --output -o
        case 'bunker/stats'
            printf '%s\n' --format
        case 'bunker/stop'
            printf '%s\n' --signal --time -s -t
        case 'bunker/system/df'
            printf '%s\n' --format
        case 'bunker/system/events'
            printf '%s\n' --filter --format --since --until -f
        case 'bunker/system/info'
            printf '%s\n' --format -f
        case 'bunker/system/prune'
            printf '%s\n' --filter
        case 'bunker/update'
            printf '%s\n' --blkio-weight --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --memory --memory-reservation --memory-swap --pids-limit --restart -c -m
        case 'bunker/version'
            printf '%s\n' --format -f
        case 'bunker/volume/create'
            printf '%s\n' --label
        case 'bunker/volume/inspect'
            printf '%s\n' --format -f
        case 'bunker/volume/ls'
            printf '%s\n' --filter --format -f
        case 'bunker/volume/prune'
            printf '%s\n' --filter
    end
end

# The path a subcommand name (or alias) leads to from the command at a path.
function __bunker_child --argument-names path word
    switch "$path $word"
        case 'bunker attach'
            echo bunker/attach
        case 'bunker build'
            echo bunker/build
        case 'bunker builder'
            echo bunker/builder
        case 'bunker commit'
            echo bunker/commit
        case 'bunker completion'
            echo bunker/completion
        case 'bunker compose'
            echo bunker/compose
        case 'bunker container'
            echo bunker/container
        case 'bunker context'
            echo bunker/context
        case 'bunker cp'
            echo bunker/cp
        case 'bunker create'
            echo bunker/create
        case 'bunker daemon'
            echo bunker/daemon
        case 'bunker diff'
            echo bunker/diff
        case 'bunker events'
            echo bunker/events
        case 'bunker exec'
            echo bunker/exec
        case 'bunker export'
            echo bunker/export
        case 'bunker history'
            echo bunker/history
        case 'bunker image'
            echo bunker/image
        case 'bunker images'
            echo bunker/images
        case 'bunker import'
            echo bunker/import
        case 'bunker info'
            echo bunker/info
        case 'bunker inspect'
            echo bunker/inspect
        case 'bunker kill'
            echo bunker/kill
        case 'bunker kube'
            echo bunker/kube
        case 'bunker load'
            echo bunker/load
        case 'bunker login'
            echo bunker/login
        case 'bunker logout'
            echo bunker/logout
        case 'bunker logs'
            echo bunker/logs
        case 'bunker network'
            echo bunker/network
        case 'bunker pause'
            echo bunker/pause
        case 'bunker port'
            echo bunker/port
        case 'bunker ps'
            echo bunker/ps
        case 'bunker pull'
            echo bunker/pull
        case 'bunker push'
            echo bunker/push
        case 'bunker rename'
            echo bunker/rename
        case 'bunker restart'
            echo bunker/restart
        case 'bunker rm'
            echo bunker/rm
        case 'bunker rmi'
            echo bunker/rmi
        case 'bunker run'
            echo bunker/run
        case 'bunker save'
            echo bunker/save
        case 'bunker setup'
            echo bunker/setup
        case 'bunker start'
            echo bunker/start
        case 'bunker stats'
            echo bunker/stats
        case 'bunker stop'
            echo bunker/stop
        case 'bunker system'
            echo bunker/system
        case 'bunker tag'
            echo bunker/tag
        case 'bunker top'
            echo bunker/top
        case 'bunker unpause'
            echo bunker/unpause
        case 'bunker update'
            echo bunker/update
        case 'bunker version'
            echo bunker/version
        case 'bunker volume'
            echo bunker/volume
        case 'bunker wait'
            echo bunker/wait
        case 'bunker/builder prune'
            echo bunker/builder/prune
        case 'bunker/container attach'
            echo bunker/container/attach
        case 'bunker/container commit'
            echo bunker/container/commit
        case 'bunker/container cp'
            echo bunker/container/cp
        case 'bunker/container create'
            echo bunker/container/create
        case 'bunker/container diff'
            echo bunker/container/diff
        case 'bunker/container exec'
            echo bunker/container/exec
        case 'bunker/container export'
            echo bunker/container/export
        case 'bunker/container inspect'
            echo bunker/container/inspect
        case 'bunker/container kill'
            echo bunker/container/kill
        case 'bunker/container logs'
            echo bunker/container/logs
        case 'bunker/container ls'
            echo bunker/container/ls
        case 'bunker/container list'
            echo bunker/container/ls
        case 'bunker/container ps'
            echo bunker/container/ls
        case 'bunker/container pause'
            echo bunker/container/pause
        case 'bunker/container port'
            echo bunker/container/port
        case 'bunker/container prune'
            echo bunker/container/prune
        case 'bunker/container rename'
            echo bunker/container/rename
        case 'bunker/container restart'
            echo bunker/container/restart
        case 'bunker/container rm'
            echo bunker/container/rm
        case 'bunker/container run'
            echo bunker/container/run
        case 'bunker/container start'
            echo bunker/container/start
        case 'bunker/container stats'
            echo bunker/container/stats
        case 'bunker/container stop'
            echo bunker/container/stop
        case 'bunker/container top'
            echo bunker/container/top
        case 'bunker/container unpause'
            echo bunker/container/unpause
        case 'bunker/container update'
            echo bunker/container/update
        case 'bunker/container wait'
            echo bunker/container/wait
        case 'bunker/context create'
            echo bunker/context/create
        case 'bunker/context inspect'
            echo bunker/context/inspect
        case 'bunker/context ls'
            echo bunker/context/ls
        case 'bunker/context list'
            echo bunker/context/ls
        case 'bunker/context rm'
            echo bunker/context/rm
        case 'bunker/context remove'
            echo bunker/context/rm
        case 'bunker/context show'
            echo bunker/context/show
        case 'bunker/context use'
            echo bunker/context/use
        case 'bunker/daemon stop'
            echo bunker/daemon/stop
        case 'bunker/image build'
            echo bunker/image/build
        case 'bunker/image history'
            echo bunker/image/history
        case 'bunker/image import'
            echo bunker/image/import
        case 'bunker/image inspect'
            echo bunker/image/inspect
        case 'bunker/image load'
            echo bunker/image/load
        case 'bunker/image ls'
            echo bunker/image/ls
        case 'bunker/image list'
            echo bunker/image/ls
        case 'bunker/image prune'
            echo bunker/image/prune
        case 'bunker/image pull'
            echo bunker/image/pull
        case 'bunker/image push'
            echo bunker/image/push
        case 'bunker/image rm'
            echo bunker/image/rm
        case 'bunker/image remove'
            echo bunker/image/rm
        case 'bunker/image save'
            echo bunker/image/save
        case 'bunker/image tag'
            echo bunker/image/tag
        case 'bunker/kube generate'
            echo bunker/kube/generate
        case 'bunker/kube play'
            echo bunker/kube/play
        case 'bunker/network connect'
            echo bunker/network/connect
        case 'bunker/network create'
            echo bunker/network/create
        case 'bunker/network disconnect'
            echo bunker/network/disconnect
        case 'bunker/network inspect'
            echo bunker/network/inspect
        case 'bunker/network ls'
            echo bunker/network/ls
        case 'bunker/network list'
            echo bunker/network/ls
        case 'bunker/network prune'
            echo bunker/network/prune
        case 'bunker/network rm'
            echo bunker/network/rm
        case 'bunker/network remove'
            echo bunker/network/rm
        case 'bunker/system df'
            echo bunker/system/df
        case 'bunker/system dial-stdio'
            echo bunker/system/dial-stdio
        case 'bunker/system events'
            echo bunker/system/events
        case 'bunker/system info'
            echo bunker/system/info
        case 'bunker/system prune'
            echo bunker/system/prune
        case 'bunker/volume create'
            echo bunker/volume/create
        case 'bunker/volume inspect'
            echo bunker/volume/inspect
        case 'bunker/volume ls'
            echo bunker/volume/ls
        case 'bunker/volume list'
            echo bunker/volume/ls
        case 'bunker/volume prune'
            echo bunker/volume/prune
        case 'bunker/volume rm'
            echo bunker/volume/rm
        case 'bunker/volume remove'
            echo bunker/volume/rm
        case '*'
            return 1
    end
end

# Whether the flags of the command at a path end at its first operand.
function __bunker_stops --argument-names path
    contains -- $path bunker/container/create bunker/container/exec bunker/container/run bunker/container/top bunker/create bunker/exec bunker/run bunker/top
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
complete -c bunker -n '__bunker_flag bunker' -s c -l context -x -d 'Name of the context to use (also BUNKER_CONTEXT; see \'bunker context use\')'
complete -c bunker -n '__bunker_flag bunker' -s D -l debug -d 'Enable debug output'
complete -c bunker -n '__bunker_flag bunker' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker' -s H -l host -r -F -d 'Daemon to connect to: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST[:PORT] (also BUNKER_HOST)'
complete -c bunker -n '__bunker_flag bunker' -s l -l log-level -x -a 'debug info warn error fatal' -d 'Set the logging level'
complete -c bunker -n '__bunker_flag bunker' -l tls -d 'Use TLS; implied by --tlsverify'
complete -c bunker -n '__bunker_flag bunker' -l tlscacert -r -F -d 'Trust certs signed only by this CA (default ~/.docker/ca.pem, or in BUNKER_CERT_PATH)'
complete -c bunker -n '__bunker_flag bunker' -l tlscert -r -F -d 'Path to TLS certificate file (default ~/.docker/cert.pem)'
complete -c bunker -n '__bunker_flag bunker' -l tlskey -r -F -d 'Path to TLS key file (default ~/.docker/key.pem)'
complete -c bunker -n '__bunker_flag bunker' -l tlsverify -d 'Use TLS and verify the remote (also BUNKER_TLS_VERIFY)'
complete -c bunker -n '__bunker_flag bunker' -s v -l version -d 'Print version information and quit'
complete -c bunker -n '__bunker_operand bunker 0' -a attach -d 'Attach local standard input, output, and error streams to a running container'
complete -c bunker -n '__bunker_operand bunker 0' -a build -d 'Build an image from a Dockerfile'
complete -c bunker -n '__bunker_operand bunker 0' -a builder -d 'Manage builds'
complete -c bunker -n '__bunker_operand bunker 0' -a commit -d 'Create a new image from a container\'s changes'
complete -c bunker -n '__bunker_operand bunker 0' -a completion -d 'Print the shell completion script for bash, fish or zsh'
complete -c bunker -n '__bunker_operand bunker 0' -a compose -d 'Run Docker Compose (docker compose or docker-compose) against Bunker'
complete -c bunker -n '__bunker_operand bunker 0' -a container -d 'Manage containers'
complete -c bunker -n '__bunker_operand bunker 0' -a context -d 'Manage contexts (named daemons to talk to)'
complete -c bunker -n '__bunker_operand bunker 0' -a cp -d 'Copy files/folders between a container and the local filesystem'
complete -c bunker -n '__bunker_operand bunker 0' -a create -d 'Create a new container'
complete -c bunker -n '__bunker_operand bunker 0' -a daemon -d 'Run the Bunker daemon in the foreground (the CLI starts it on demand)'
complete -c bunker -n '__bunker_operand bunker 0' -a diff -d 'Inspect changes to files or directories on a container\'s filesystem'
complete -c bunker -n '__bunker_operand bunker 0' -a events -d 'Get real time events from the server'
complete -c bunker -n '__bunker_operand bunker 0' -a exec -d 'Execute a command in a running container'
complete -c bunker -n '__bunker_operand bunker 0' -a export -d 'Export a container\'s filesystem as a tar archive'
complete -c bunker -n '__bunker_operand bunker 0' -a history -d 'Show the history of an image'
complete -c bunker -n '__bunker_operand bunker 0' -a image -d 'Manage images'
complete -c bunker -n '__bunker_operand bunker 0' -a images -d 'List images'
complete -c bunker -n '__bunker_operand bunker 0' -a import -d 'Import the contents from a tarball to create a filesystem image'
complete -c bunker -n '__bunker_operand bunker 0' -a info -d 'Display system-wide information'
complete -c bunker -n '__bunker_operand bunker 0' -a inspect -d 'Return low-level information on Bunker objects'
complete -c bunker -n '__bunker_operand bunker 0' -a kill -d 'Kill one or more running containers'
complete -c bunker -n '__bunker_operand bunker 0' -a kube -d 'Generate Kubernetes YAML from containers, and play Kubernetes YAML'
complete -c bunker -n '__bunker_operand bunker 0' -a load -d 'Load an image from a tar archive or STDIN'
complete -c bunker -n '__bunker_operand bunker 0' -a login -d 'Log in to a registry (credentials kept in ~/.docker/config.json, as docker does)'
complete -c bunker -n '__bunker_operand bunker 0' -a logout -d 'Log out from a registry'
complete -c bunker -n '__bunker_operand bunker 0' -a logs -d 'Fetch the logs of a container'
complete -c bunker -n '__bunker_operand bunker 0' -a network -d 'Manage networks'
complete -c bunker -n '__bunker_operand bunker 0' -a pause -d 'Pause all processes within one or more containers'
complete -c bunker -n '__bunker_operand bunker 0' -a port -d 'List port mappings or a specific mapping for the container'
complete -c bunker -n '__bunker_operand bunker 0' -a ps -d 'List containers'
complete -c bunker -n '__bunker_operand bunker 0' -a pull -d 'Download an image from a registry'
complete -c bunker -n '__bunker_operand bunker 0' -a push -d 'Upload an image to a registry'
complete -c bunker -n '__bunker_operand bunker 0' -a rename -d 'Rename a container'
complete -c bunker -n '__bunker_operand bunker 0' -a restart -d 'Restart one or more containers'
complete -c bunker -n '__bunker_operand bunker 0' -a rm -d 'Remove one or more containers'
complete -c bunker -n '__bunker_operand bunker 0' -a rmi -d 'Remove one or more images'
complete -c bunker -n '__bunker_operand bunker 0' -a run -d 'Create and run a new container from an image (or a root filesystem with --rootfs)'
complete -c bunker -n '__bunker_operand bunker 0' -a save -d 'Save one or more images to a tar archive (streamed to STDOUT by default)'
complete -c bunker -n '__bunker_operand bunker 0' -a setup -d 'Check this host for rootless containers and offer fixes'
complete -c bunker -n '__bunker_operand bunker 0' -a start -d 'Start one or more stopped containers'
complete -c bunker -n '__bunker_operand bunker 0' -a stats -d 'Display a live stream of container(s) resource usage statistics'
complete -c bunker -n '__bunker_operand bunker 0' -a stop -d 'Stop one or more running containers'
complete -c bunker -n '__bunker_operand bunker 0' -a system -d 'Manage Bunker'
complete -c bunker -n '__bunker_operand bunker 0' -a tag -d 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE'
complete -c bunker -n '__bunker_operand bunker 0' -a top -d 'Display the running processes of a container'
complete -c bunker -n '__bunker_operand bunker 0' -a unpause -d 'Unpause all processes within one or more containers'
complete -c bunker -n '__bunker_operand bunker 0' -a update -d 'Update configuration of one or more containers'
complete -c bunker -n '__bunker_operand bunker 0' -a version -d 'Show the Bunker version information'
complete -c bunker -n '__bunker_operand bunker 0' -a volume -d 'Manage volumes'
complete -c bunker -n '__bunker_operand bunker 0' -a wait -d 'Block until one or more containers stop, then print their exit codes'
complete -c bunker -n '__bunker_flag bunker/attach' -l detach-keys -x -d 'Override the key sequence for detaching a container'
complete -c bunker -n '__bunker_flag bunker/attach' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/attach' -l no-stdin -d 'Do not attach STDIN'
complete -c bunker -n '__bunker_flag bunker/attach' -l sig-proxy -d 'Proxy all received signals to the process'
complete -c bunker -n '__bunker_flag bunker/build' -l add-host -x -d 'Add a custom host-to-IP mapping (host:ip) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/build' -l build-arg -x -d 'Set build-time variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/build' -l cache-from -x -d 'Images to consider as cache sources (repeatable)'
complete -c bunker -n '__bunker_flag bunker/build' -s f -l file -r -F -d 'Name of the Dockerfile (default: \'PATH/Dockerfile\'; - for stdin)'
complete -c bunker -n '__bunker_flag bunker/build' -l force-rm -d 'Always remove intermediate containers'
complete -c bunker -n '__bunker_flag bunker/build' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/build' -l iidfile -r -F -d 'Write the image ID to the file'
complete -c bunker -n '__bunker_flag bunker/build' -l label -x -d 'Set metadata for an image (repeatable)'
complete -c bunker -n '__bunker_flag bunker/build' -l network -x -d 'Set the networking mode for the RUN instructions during build'
complete -c bunker -n '__bunker_flag bunker/build' -l no-cache -d 'Do not use cache when building the image'
complete -c bunker -n '__bunker_flag bunker/build' -l platform -x -d 'Set platform if server is multi-platform capable'
complete -c bunker -n '__bunker_flag bunker/build' -l pull -d 'Always attempt to pull a newer version of the image'
complete -c bunker -n '__bunker_flag bunker/build' -s q -l quiet -d 'Suppress the build output and print image ID on success'
complete -c bunker -n '__bunker_flag bunker/build' -l rm -d 'Remove intermediate containers after a successful build'
complete -c bunker -n '__bunker_flag bunker/build' -s t -l tag -x -d 'Name and optionally a tag in the \'name:tag\' format (repeatable)'
complete -c bunker -n '__bunker_flag bunker/build' -l target -x -d 'Set the target build stage to build'
complete -c bunker -n '__bunker_operand bunker/build 0' -F -d 'PATH | - (the build context)'
complete -c bunker -n '__bunker_flag bunker/builder' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/builder 0' -a prune -d 'Remove build cache'
complete -c bunker -n '__bunker_flag bunker/builder/prune' -s a -l all -d 'Remove all unused build cache, not just dangling ones'
complete -c bunker -n '__bunker_flag bunker/builder/prune' -s f -l force -d 'Do not prompt for confirmation'
complete -c bunker -n '__bunker_flag bunker/builder/prune' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/commit' -s a -l author -x -d 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")'
complete -c bunker -n '__bunker_flag bunker/commit' -s c -l change -x -d 'Apply Dockerfile instruction to the created image (repeatable)'
complete -c bunker -n '__bunker_flag bunker/commit' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/commit' -s m -l message -x -d 'Commit message'
complete -c bunker -n '__bunker_flag bunker/completion' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/completion 0' -a 'bash fish zsh' -d 'Shell to complete for'
complete -c bunker -n '__bunker_flag bunker/compose' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/container 0' -a attach -d 'Attach local standard input, output, and error streams to a running container'
complete -c bunker -n '__bunker_operand bunker/container 0' -a commit -d 'Create a new image from a container\'s changes'
complete -c bunker -n '__bunker_operand bunker/container 0' -a cp -d 'Copy files/folders between a container and the local filesystem'
complete -c bunker -n '__bunker_operand bunker/container 0' -a create -d 'Create a new container'
complete -c bunker -n '__bunker_operand bunker/container 0' -a diff -d 'Inspect changes to files or directories on a container\'s filesystem'
complete -c bunker -n '__bunker_operand bunker/container 0' -a exec -d 'Execute a command in a running container'
complete -c bunker -n '__bunker_operand bunker/container 0' -a export -d 'Export a container\'s filesystem as a tar archive'
complete -c bunker -n '__bunker_operand bunker/container 0' -a inspect -d 'Display detailed information on one or more containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a kill -d 'Kill one or more running containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a logs -d 'Fetch the logs of a container'
complete -c bunker -n '__bunker_operand bunker/container 0' -a ls -d 'List containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a list -d 'List containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a ps -d 'List containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a pause -d 'Pause all processes within one or more containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a port -d 'List port mappings or a specific mapping for the container'
complete -c bunker -n '__bunker_operand bunker/container 0' -a prune -d 'Remove all stopped containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a rename -d 'Rename a container'
complete -c bunker -n '__bunker_operand bunker/container 0' -a restart -d 'Restart one or more containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a rm -d 'Remove one or more containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a run -d 'Create and run a new container from an image (or a root filesystem with --rootfs)'
complete -c bunker -n '__bunker_operand bunker/container 0' -a start -d 'Start one or more stopped containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a stats -d 'Display a live stream of container(s) resource usage statistics'
complete -c bunker -n '__bunker_operand bunker/container 0' -a stop -d 'Stop one or more running containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a top -d 'Display the running processes of a container'
complete -c bunker -n '__bunker_operand bunker/container 0' -a unpause -d 'Unpause all processes within one or more containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a update -d 'Update configuration of one or more containers'
complete -c bunker -n '__bunker_operand bunker/container 0' -a wait -d 'Block until one or more containers stop, then print their exit codes'
complete -c bunker -n '__bunker_flag bunker/container/attach' -l detach-keys -x -d 'Override the key sequence for detaching a container'
complete -c bunker -n '__bunker_flag bunker/container/attach' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/attach' -l no-stdin -d 'Do not attach STDIN'
complete -c bunker -n '__bunker_flag bunker/container/attach' -l sig-proxy -d 'Proxy all received signals to the process'
complete -c bunker -n '__bunker_flag bunker/container/commit' -s a -l author -x -d 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")'
complete -c bunker -n '__bunker_flag bunker/container/commit' -s c -l change -x -d 'Apply Dockerfile instruction to the created image (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/commit' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/commit' -s m -l message -x -d 'Commit message'
complete -c bunker -n '__bunker_flag bunker/container/cp' -s a -l archive -d 'Archive mode (copy all uid/gid information)'
complete -c bunker -n '__bunker_flag bunker/container/cp' -s L -l follow-link -d 'Always follow symbol link in SRC_PATH'
complete -c bunker -n '__bunker_flag bunker/container/cp' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/cp' -s q -l quiet -d 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached'
complete -c bunker -n '__bunker_flag bunker/container/create' -l add-host -x -d 'Add a custom host-to-IP mapping (host:ip) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l blkio-weight -x -d 'Block IO (relative weight), between 10 and 1000, or 0 to disable'
complete -c bunker -n '__bunker_flag bunker/container/create' -l cap-add -x -d 'Add Linux capabilities (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l cap-drop -x -d 'Drop Linux capabilities (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l cpu-period -x -d 'Limit CPU CFS (Completely Fair Scheduler) period'
complete -c bunker -n '__bunker_flag bunker/container/create' -l cpu-quota -x -d 'Limit CPU CFS (Completely Fair Scheduler) quota'
complete -c bunker -n '__bunker_flag bunker/container/create' -s c -l cpu-shares -x -d 'CPU shares (relative weight)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l cpus -x -d 'Number of CPUs'
complete -c bunker -n '__bunker_flag bunker/container/create' -l cpuset-cpus -x -d 'CPUs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l cpuset-mems -x -d 'MEMs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l dns -x -d 'Set custom DNS servers (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l entrypoint -x -d 'Overwrite the default entrypoint'
complete -c bunker -n '__bunker_flag bunker/container/create' -s e -l env -x -d 'Set environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l env-file -r -F -d 'Read in a file of environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l expose -x -d 'Expose a port or a range of ports (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l group-add -x -d 'Add additional groups to join (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l health-cmd -x -d 'Command to run to check health'
complete -c bunker -n '__bunker_flag bunker/container/create' -l health-interval -x -d 'Time between running the check (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l health-retries -x -d 'Consecutive failures needed to report unhealthy'
complete -c bunker -n '__bunker_flag bunker/container/create' -l health-start-interval -x -d 'Time between running the check during the start period (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l health-start-period -x -d 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l health-timeout -x -d 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/container/create' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/create' -s h -l hostname -x -d 'Container host name'
complete -c bunker -n '__bunker_flag bunker/container/create' -l init -d 'Run an init inside the container that forwards signals and reaps processes'
complete -c bunker -n '__bunker_flag bunker/container/create' -s i -l interactive -d 'Keep STDIN open even if not attached'
complete -c bunker -n '__bunker_flag bunker/container/create' -l ip -x -d 'IPv4 address (e.g., 172.30.100.104)'
complete -c bunker -n '__bunker_flag bunker/container/create' -s l -l label -x -d 'Set meta data on a container (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l log-driver -x -d 'Logging driver for the container: json-file, local or none'
complete -c bunker -n '__bunker_flag bunker/container/create' -l log-opt -x -d 'Log driver options: max-size, max-file (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l mac-address -x -d 'Container MAC address (e.g., 92:d0:c6:0a:29:33)'
complete -c bunker -n '__bunker_flag bunker/container/create' -s m -l memory -x -d 'Memory limit'
complete -c bunker -n '__bunker_flag bunker/container/create' -l memory-reservation -x -d 'Memory soft limit'
complete -c bunker -n '__bunker_flag bunker/container/create' -l memory-swap -x -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap'
complete -c bunker -n '__bunker_flag bunker/container/create' -l name -x -d 'Assign a name to the container'
complete -c bunker -n '__bunker_flag bunker/container/create' -l network -l net -x -d 'Connect a container to a network (bridge, host, none, container:<name|id>, or a network\'s name)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l network-alias -x -d 'Add network-scoped alias for the container (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l no-healthcheck -d 'Disable any container-specified HEALTHCHECK'
complete -c bunker -n '__bunker_flag bunker/container/create' -l pids-limit -x -d 'Tune container pids limit (set -1 for unlimited)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l privileged -d 'Give extended privileges to this container'
complete -c bunker -n '__bunker_flag bunker/container/create' -s p -l publish -x -d 'Publish a container\'s port(s) to the host: [ip:][hostPort:]containerPort[/proto] (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -s P -l publish-all -d 'Publish all exposed ports to random ports'
complete -c bunker -n '__bunker_flag bunker/container/create' -l read-only -d 'Mount the container\'s root filesystem as read only'
complete -c bunker -n '__bunker_flag bunker/container/create' -l restart -x -d 'Restart policy to apply when a container exits'
complete -c bunker -n '__bunker_flag bunker/container/create' -l rm -d 'Automatically remove the container when it exits'
complete -c bunker -n '__bunker_flag bunker/container/create' -l rootfs -r -F -d 'Run from this root filesystem directory instead of an image'
complete -c bunker -n '__bunker_flag bunker/container/create' -l security-opt -x -d 'Security options (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l stop-signal -x -d 'Signal to stop the container'
complete -c bunker -n '__bunker_flag bunker/container/create' -l stop-timeout -x -d 'Timeout (in seconds) to stop a container'
complete -c bunker -n '__bunker_flag bunker/container/create' -l tmpfs -x -d 'Mount a tmpfs directory (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c bunker -n '__bunker_flag bunker/container/create' -l ulimit -x -d 'Ulimit options (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -s u -l user -x -d 'Username or UID (format: <name|uid>[:<group|gid>])'
complete -c bunker -n '__bunker_flag bunker/container/create' -s v -l volume -x -d 'Bind mount a host path: /host:/ctr[:ro] (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -l volumes-from -x -d 'Mount volumes from the specified container(s) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/create' -s w -l workdir -r -F -d 'Working directory inside the container'
complete -c bunker -n '__bunker_flag bunker/container/diff' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/exec' -s d -l detach -d 'Detached mode: run command in the background'
complete -c bunker -n '__bunker_flag bunker/container/exec' -l detach-keys -x -d 'Override the key sequence for detaching a container'
complete -c bunker -n '__bunker_flag bunker/container/exec' -s e -l env -x -d 'Set environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/exec' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/exec' -s i -l interactive -d 'Keep STDIN open even if not attached'
complete -c bunker -n '__bunker_flag bunker/container/exec' -l privileged -d 'Give extended privileges to the command'
complete -c bunker -n '__bunker_flag bunker/container/exec' -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c bunker -n '__bunker_flag bunker/container/exec' -s u -l user -x -d 'Username or UID (format: <name|uid>[:<group|gid>])'
complete -c bunker -n '__bunker_flag bunker/container/exec' -s w -l workdir -r -F -d 'Working directory inside the container'
complete -c bunker -n '__bunker_flag bunker/container/export' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/export' -s o -l output -r -F -d 'Write to a file, instead of STDOUT'
complete -c bunker -n '__bunker_flag bunker/container/inspect' -s f -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/container/inspect' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/inspect' -s s -l size -d 'Display total file sizes'
complete -c bunker -n '__bunker_flag bunker/container/kill' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/kill' -s s -l signal -x -d 'Signal to send to the container'
complete -c bunker -n '__bunker_flag bunker/container/logs' -s f -l follow -d 'Follow log output'
complete -c bunker -n '__bunker_flag bunker/container/logs' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/logs' -l since -x -d 'Show logs since timestamp or relative (e.g. 42m)'
complete -c bunker -n '__bunker_flag bunker/container/logs' -s n -l tail -x -d 'Number of lines to show from the end of the logs'
complete -c bunker -n '__bunker_flag bunker/container/logs' -s t -l timestamps -d 'Show timestamps'
complete -c bunker -n '__bunker_flag bunker/container/logs' -l until -x -d 'Show logs before a timestamp or relative (e.g. 42m)'
complete -c bunker -n '__bunker_flag bunker/container/ls' -s a -l all -d 'Show all containers (default shows just running)'
complete -c bunker -n '__bunker_flag bunker/container/ls' -s f -l filter -x -d 'Filter output based on conditions provided'
complete -c bunker -n '__bunker_flag bunker/container/ls' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/container/ls' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/ls' -s n -l last -x -d 'Show n last created containers (includes all states)'
complete -c bunker -n '__bunker_flag bunker/container/ls' -s l -l latest -d 'Show the latest created container (includes all states)'
complete -c bunker -n '__bunker_flag bunker/container/ls' -l no-trunc -d 'Don\'t truncate output'
complete -c bunker -n '__bunker_flag bunker/container/ls' -s q -l quiet -d 'Only display container IDs'
complete -c bunker -n '__bunker_flag bunker/container/ls' -s s -l size -d 'Display total file sizes'
complete -c bunker -n '__bunker_flag bunker/container/pause' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/port' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/prune' -l filter -x -d 'Provide filter values (e.g. \'until=<timestamp>\')'
complete -c bunker -n '__bunker_flag bunker/container/prune' -s f -l force -d 'Do not prompt for confirmation'
complete -c bunker -n '__bunker_flag bunker/container/prune' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/rename' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/restart' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/restart' -s s -l signal -x -d 'Signal to send to the container'
complete -c bunker -n '__bunker_flag bunker/container/restart' -s t -l time -x -d 'Seconds to wait before killing the container'
complete -c bunker -n '__bunker_flag bunker/container/rm' -s f -l force -d 'Force the removal of a running container (uses SIGKILL)'
complete -c bunker -n '__bunker_flag bunker/container/rm' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/rm' -s v -l volumes -d 'Remove anonymous volumes associated with the container'
complete -c bunker -n '__bunker_flag bunker/container/run' -l add-host -x -d 'Add a custom host-to-IP mapping (host:ip) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l blkio-weight -x -d 'Block IO (relative weight), between 10 and 1000, or 0 to disable'
complete -c bunker -n '__bunker_flag bunker/container/run' -l cap-add -x -d 'Add Linux capabilities (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l cap-drop -x -d 'Drop Linux capabilities (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l cpu-period -x -d 'Limit CPU CFS (Completely Fair Scheduler) period'
complete -c bunker -n '__bunker_flag bunker/container/run' -l cpu-quota -x -d 'Limit CPU CFS (Completely Fair Scheduler) quota'
complete -c bunker -n '__bunker_flag bunker/container/run' -s c -l cpu-shares -x -d 'CPU shares (relative weight)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l cpus -x -d 'Number of CPUs'
complete -c bunker -n '__bunker_flag bunker/container/run' -l cpuset-cpus -x -d 'CPUs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l cpuset-mems -x -d 'MEMs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/container/run' -s d -l detach -d 'Run container in background and print container ID'
complete -c bunker -n '__bunker_flag bunker/container/run' -l dns -x -d 'Set custom DNS servers (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l entrypoint -x -d 'Overwrite the default entrypoint'
complete -c bunker -n '__bunker_flag bunker/container/run' -s e -l env -x -d 'Set environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l env-file -r -F -d 'Read in a file of environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l expose -x -d 'Expose a port or a range of ports (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l group-add -x -d 'Add additional groups to join (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l health-cmd -x -d 'Command to run to check health'
complete -c bunker -n '__bunker_flag bunker/container/run' -l health-interval -x -d 'Time between running the check (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l health-retries -x -d 'Consecutive failures needed to report unhealthy'
complete -c bunker -n '__bunker_flag bunker/container/run' -l health-start-interval -x -d 'Time between running the check during the start period (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l health-start-period -x -d 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l health-timeout -x -d 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/container/run' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/run' -s h -l hostname -x -d 'Container host name'
complete -c bunker -n '__bunker_flag bunker/container/run' -l init -d 'Run an init inside the container that forwards signals and reaps processes'
complete -c bunker -n '__bunker_flag bunker/container/run' -s i -l interactive -d 'Keep STDIN open even if not attached'
complete -c bunker -n '__bunker_flag bunker/container/run' -l ip -x -d 'IPv4 address (e.g., 172.30.100.104)'
complete -c bunker -n '__bunker_flag bunker/container/run' -s l -l label -x -d 'Set meta data on a container (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l log-driver -x -d 'Logging driver for the container: json-file, local or none'
complete -c bunker -n '__bunker_flag bunker/container/run' -l log-opt -x -d 'Log driver options: max-size, max-file (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l mac-address -x -d 'Container MAC address (e.g., 92:d0:c6:0a:29:33)'
complete -c bunker -n '__bunker_flag bunker/container/run' -s m -l memory -x -d 'Memory limit'
complete -c bunker -n '__bunker_flag bunker/container/run' -l memory-reservation -x -d 'Memory soft limit'
complete -c bunker -n '__bunker_flag bunker/container/run' -l memory-swap -x -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap'
complete -c bunker -n '__bunker_flag bunker/container/run' -l name -x -d 'Assign a name to the container'
complete -c bunker -n '__bunker_flag bunker/container/run' -l network -l net -x -d 'Connect a container to a network (bridge, host, none, container:<name|id>, or a network\'s name)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l network-alias -x -d 'Add network-scoped alias for the container (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l no-healthcheck -d 'Disable any container-specified HEALTHCHECK'
complete -c bunker -n '__bunker_flag bunker/container/run' -l pids-limit -x -d 'Tune container pids limit (set -1 for unlimited)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l privileged -d 'Give extended privileges to this container'
complete -c bunker -n '__bunker_flag bunker/container/run' -s p -l publish -x -d 'Publish a container\'s port(s) to the host: [ip:][hostPort:]containerPort[/proto] (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -s P -l publish-all -d 'Publish all exposed ports to random ports'
complete -c bunker -n '__bunker_flag bunker/container/run' -l read-only -d 'Mount the container\'s root filesystem as read only'
complete -c bunker -n '__bunker_flag bunker/container/run' -l restart -x -d 'Restart policy to apply when a container exits'
complete -c bunker -n '__bunker_flag bunker/container/run' -l rm -d 'Automatically remove the container when it exits'
complete -c bunker -n '__bunker_flag bunker/container/run' -l rootfs -r -F -d 'Run from this root filesystem directory instead of an image'
complete -c bunker -n '__bunker_flag bunker/container/run' -l security-opt -x -d 'Security options (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l stop-signal -x -d 'Signal to stop the container'
complete -c bunker -n '__bunker_flag bunker/container/run' -l stop-timeout -x -d 'Timeout (in seconds) to stop a container'
complete -c bunker -n '__bunker_flag bunker/container/run' -l tmpfs -x -d 'Mount a tmpfs directory (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c bunker -n '__bunker_flag bunker/container/run' -l ulimit -x -d 'Ulimit options (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -s u -l user -x -d 'Username or UID (format: <name|uid>[:<group|gid>])'
complete -c bunker -n '__bunker_flag bunker/container/run' -s v -l volume -x -d 'Bind mount a host path: /host:/ctr[:ro] (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -l volumes-from -x -d 'Mount volumes from the specified container(s) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/container/run' -s w -l workdir -r -F -d 'Working directory inside the container'
complete -c bunker -n '__bunker_flag bunker/container/start' -s a -l attach -d 'Attach STDOUT/STDERR and forward signals'
complete -c bunker -n '__bunker_flag bunker/container/start' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/start' -s i -l interactive -d 'Attach container\'s STDIN'
complete -c bunker -n '__bunker_flag bunker/container/stats' -s a -l all -d 'Show all containers (default shows just running)'
complete -c bunker -n '__bunker_flag bunker/container/stats' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\', or a Go template'
complete -c bunker -n '__bunker_flag bunker/container/stats' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/stats' -l no-stream -d 'Disable streaming stats and only pull the first result'
complete -c bunker -n '__bunker_flag bunker/container/stats' -l no-trunc -d 'Do not truncate output'
complete -c bunker -n '__bunker_flag bunker/container/stop' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/stop' -s s -l signal -x -d 'Signal to send to the container'
complete -c bunker -n '__bunker_flag bunker/container/stop' -s t -l time -x -d 'Seconds to wait before killing the container'
complete -c bunker -n '__bunker_flag bunker/container/top' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/unpause' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/update' -l blkio-weight -x -d 'Block IO (relative weight), between 10 and 1000, or 0 to disable'
complete -c bunker -n '__bunker_flag bunker/container/update' -l cpu-period -x -d 'Limit CPU CFS (Completely Fair Scheduler) period'
complete -c bunker -n '__bunker_flag bunker/container/update' -l cpu-quota -x -d 'Limit CPU CFS (Completely Fair Scheduler) quota'
complete -c bunker -n '__bunker_flag bunker/container/update' -s c -l cpu-shares -x -d 'CPU shares (relative weight)'
complete -c bunker -n '__bunker_flag bunker/container/update' -l cpus -x -d 'Number of CPUs'
complete -c bunker -n '__bunker_flag bunker/container/update' -l cpuset-cpus -x -d 'CPUs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/container/update' -l cpuset-mems -x -d 'MEMs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/container/update' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/container/update' -s m -l memory -x -d 'Memory limit'
complete -c bunker -n '__bunker_flag bunker/container/update' -l memory-reservation -x -d 'Memory soft limit'
complete -c bunker -n '__bunker_flag bunker/container/update' -l memory-swap -x -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap'
complete -c bunker -n '__bunker_flag bunker/container/update' -l pids-limit -x -d 'Tune container pids limit (set -1 for unlimited)'
complete -c bunker -n '__bunker_flag bunker/container/update' -l restart -x -d 'Restart policy to apply when a container exits'
complete -c bunker -n '__bunker_flag bunker/container/wait' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/context' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/context 0' -a create -d 'Create a context'
complete -c bunker -n '__bunker_operand bunker/context 0' -a inspect -d 'Display detailed information on one or more contexts'
complete -c bunker -n '__bunker_operand bunker/context 0' -a ls -d 'List contexts'
complete -c bunker -n '__bunker_operand bunker/context 0' -a list -d 'List contexts'
complete -c bunker -n '__bunker_operand bunker/context 0' -a rm -d 'Remove one or more contexts'
complete -c bunker -n '__bunker_operand bunker/context 0' -a remove -d 'Remove one or more contexts'
complete -c bunker -n '__bunker_operand bunker/context 0' -a show -d 'Print the name of the current context'
complete -c bunker -n '__bunker_operand bunker/context 0' -a use -d 'Set the current context'
complete -c bunker -n '__bunker_flag bunker/context/create' -l description -x -d 'Description of the context'
complete -c bunker -n '__bunker_flag bunker/context/create' -l docker -x -d 'set the docker endpoint: host=ADDRESS,ca=FILE,cert=FILE,key=FILE,skip-tls-verify=BOOL'
complete -c bunker -n '__bunker_flag bunker/context/create' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/context/create' -l host -x -d 'The daemon\'s address (short for --docker host=ADDRESS)'
complete -c bunker -n '__bunker_flag bunker/context/inspect' -s f -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/context/inspect' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/context/ls' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/context/ls' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/context/ls' -s q -l quiet -d 'Only show context names'
complete -c bunker -n '__bunker_flag bunker/context/rm' -s f -l force -d 'Force the removal of a context in use'
complete -c bunker -n '__bunker_flag bunker/context/rm' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/context/show' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/context/use' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/cp' -s a -l archive -d 'Archive mode (copy all uid/gid information)'
complete -c bunker -n '__bunker_flag bunker/cp' -s L -l follow-link -d 'Always follow symbol link in SRC_PATH'
complete -c bunker -n '__bunker_flag bunker/cp' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/cp' -s q -l quiet -d 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached'
complete -c bunker -n '__bunker_flag bunker/create' -l add-host -x -d 'Add a custom host-to-IP mapping (host:ip) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l blkio-weight -x -d 'Block IO (relative weight), between 10 and 1000, or 0 to disable'
complete -c bunker -n '__bunker_flag bunker/create' -l cap-add -x -d 'Add Linux capabilities (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l cap-drop -x -d 'Drop Linux capabilities (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l cpu-period -x -d 'Limit CPU CFS (Completely Fair Scheduler) period'
complete -c bunker -n '__bunker_flag bunker/create' -l cpu-quota -x -d 'Limit CPU CFS (Completely Fair Scheduler) quota'
complete -c bunker -n '__bunker_flag bunker/create' -s c -l cpu-shares -x -d 'CPU shares (relative weight)'
complete -c bunker -n '__bunker_flag bunker/create' -l cpus -x -d 'Number of CPUs'
complete -c bunker -n '__bunker_flag bunker/create' -l cpuset-cpus -x -d 'CPUs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/create' -l cpuset-mems -x -d 'MEMs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/create' -l dns -x -d 'Set custom DNS servers (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l entrypoint -x -d 'Overwrite the default entrypoint'
complete -c bunker -n '__bunker_flag bunker/create' -s e -l env -x -d 'Set environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l env-file -r -F -d 'Read in a file of environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l expose -x -d 'Expose a port or a range of ports (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l group-add -x -d 'Add additional groups to join (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l health-cmd -x -d 'Command to run to check health'
complete -c bunker -n '__bunker_flag bunker/create' -l health-interval -x -d 'Time between running the check (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/create' -l health-retries -x -d 'Consecutive failures needed to report unhealthy'
complete -c bunker -n '__bunker_flag bunker/create' -l health-start-interval -x -d 'Time between running the check during the start period (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/create' -l health-start-period -x -d 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/create' -l health-timeout -x -d 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/create' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/create' -s h -l hostname -x -d 'Container host name'
complete -c bunker -n '__bunker_flag bunker/create' -l init -d 'Run an init inside the container that forwards signals and reaps processes'
complete -c bunker -n '__bunker_flag bunker/create' -s i -l interactive -d 'Keep STDIN open even if not attached'
complete -c bunker -n '__bunker_flag bunker/create' -l ip -x -d 'IPv4 address (e.g., 172.30.100.104)'
complete -c bunker -n '__bunker_flag bunker/create' -s l -l label -x -d 'Set meta data on a container (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l log-driver -x -d 'Logging driver for the container: json-file, local or none'
complete -c bunker -n '__bunker_flag bunker/create' -l log-opt -x -d 'Log driver options: max-size, max-file (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l mac-address -x -d 'Container MAC address (e.g., 92:d0:c6:0a:29:33)'
complete -c bunker -n '__bunker_flag bunker/create' -s m -l memory -x -d 'Memory limit'
complete -c bunker -n '__bunker_flag bunker/create' -l memory-reservation -x -d 'Memory soft limit'
complete -c bunker -n '__bunker_flag bunker/create' -l memory-swap -x -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap'
complete -c bunker -n '__bunker_flag bunker/create' -l name -x -d 'Assign a name to the container'
complete -c bunker -n '__bunker_flag bunker/create' -l network -l net -x -d 'Connect a container to a network (bridge, host, none, container:<name|id>, or a network\'s name)'
complete -c bunker -n '__bunker_flag bunker/create' -l network-alias -x -d 'Add network-scoped alias for the container (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l no-healthcheck -d 'Disable any container-specified HEALTHCHECK'
complete -c bunker -n '__bunker_flag bunker/create' -l pids-limit -x -d 'Tune container pids limit (set -1 for unlimited)'
complete -c bunker -n '__bunker_flag bunker/create' -l privileged -d 'Give extended privileges to this container'
complete -c bunker -n '__bunker_flag bunker/create' -s p -l publish -x -d 'Publish a container\'s port(s) to the host: [ip:][hostPort:]containerPort[/proto] (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -s P -l publish-all -d 'Publish all exposed ports to random ports'
complete -c bunker -n '__bunker_flag bunker/create' -l read-only -d 'Mount the container\'s root filesystem as read only'
complete -c bunker -n '__bunker_flag bunker/create' -l restart -x -d 'Restart policy to apply when a container exits'
complete -c bunker -n '__bunker_flag bunker/create' -l rm -d 'Automatically remove the container when it exits'
complete -c bunker -n '__bunker_flag bunker/create' -l rootfs -r -F -d 'Run from this root filesystem directory instead of an image'
complete -c bunker -n '__bunker_flag bunker/create' -l security-opt -x -d 'Security options (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l stop-signal -x -d 'Signal to stop the container'
complete -c bunker -n '__bunker_flag bunker/create' -l stop-timeout -x -d 'Timeout (in seconds) to stop a container'
complete -c bunker -n '__bunker_flag bunker/create' -l tmpfs -x -d 'Mount a tmpfs directory (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c bunker -n '__bunker_flag bunker/create' -l ulimit -x -d 'Ulimit options (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -s u -l user -x -d 'Username or UID (format: <name|uid>[:<group|gid>])'
complete -c bunker -n '__bunker_flag bunker/create' -s v -l volume -x -d 'Bind mount a host path: /host:/ctr[:ro] (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -l volumes-from -x -d 'Mount volumes from the specified container(s) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/create' -s w -l workdir -r -F -d 'Working directory inside the container'
complete -c bunker -n '__bunker_flag bunker/daemon' -l config-file -r -F -d 'Daemon configuration file (default $XDG_CONFIG_HOME/bunker/daemon.json)'
complete -c bunker -n '__bunker_flag bunker/daemon' -l data-root -r -F -d 'Root directory of persistent state (default $XDG_DATA_HOME/bunker)'
complete -c bunker -n '__bunker_flag bunker/daemon' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/daemon' -s H -l host -x -d 'Address to serve, repeatable: unix:///path, tcp://ADDR:PORT (TCP needs --tlsverify)'
complete -c bunker -n '__bunker_flag bunker/daemon' -l tls -d 'Use TLS; implied by --tlsverify'
complete -c bunker -n '__bunker_flag bunker/daemon' -l tlscacert -r -F -d 'Trust client certs signed only by this CA (default ~/.docker/ca.pem)'
complete -c bunker -n '__bunker_flag bunker/daemon' -l tlscert -r -F -d 'Path to the server\'s TLS certificate (default ~/.docker/cert.pem)'
complete -c bunker -n '__bunker_flag bunker/daemon' -l tlskey -r -F -d 'Path to the server\'s TLS key (default ~/.docker/key.pem)'
complete -c bunker -n '__bunker_flag bunker/daemon' -l tlsverify -d 'Use TLS and verify clients\' certificates (required for tcp:// hosts)'
complete -c bunker -n '__bunker_operand bunker/daemon 0' -a stop -d 'Stop the running daemon and wait until it has exited'
complete -c bunker -n '__bunker_flag bunker/daemon/stop' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/daemon/stop' -s t -l time -x -d 'Seconds to wait before giving up'
complete -c bunker -n '__bunker_flag bunker/diff' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/events' -s f -l filter -x -d 'Filter output based on conditions provided (repeatable: type, event, container, image, volume, network, label, daemon, scope)'
complete -c bunker -n '__bunker_flag bunker/events' -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/events' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/events' -l since -x -d 'Show all events created since timestamp (or relative, e.g. 10m)'
complete -c bunker -n '__bunker_flag bunker/events' -l until -x -d 'Stream events until this timestamp (or relative, e.g. 10m)'
complete -c bunker -n '__bunker_flag bunker/exec' -s d -l detach -d 'Detached mode: run command in the background'
complete -c bunker -n '__bunker_flag bunker/exec' -l detach-keys -x -d 'Override the key sequence for detaching a container'
complete -c bunker -n '__bunker_flag bunker/exec' -s e -l env -x -d 'Set environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/exec' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/exec' -s i -l interactive -d 'Keep STDIN open even if not attached'
complete -c bunker -n '__bunker_flag bunker/exec' -l privileged -d 'Give extended privileges to the command'
complete -c bunker -n '__bunker_flag bunker/exec' -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c bunker -n '__bunker_flag bunker/exec' -s u -l user -x -d 'Username or UID (format: <name|uid>[:<group|gid>])'
complete -c bunker -n '__bunker_flag bunker/exec' -s w -l workdir -r -F -d 'Working directory inside the container'
complete -c bunker -n '__bunker_flag bunker/export' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/export' -s o -l output -r -F -d 'Write to a file, instead of STDOUT'
complete -c bunker -n '__bunker_flag bunker/history' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/history' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/history' -s H -l human -d 'Print sizes and dates in human readable format (default true)'
complete -c bunker -n '__bunker_flag bunker/history' -l no-trunc -d 'Don\'t truncate output'
complete -c bunker -n '__bunker_flag bunker/history' -s q -l quiet -d 'Only show image IDs'
complete -c bunker -n '__bunker_flag bunker/image' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/image 0' -a build -d 'Build an image from a Dockerfile'
complete -c bunker -n '__bunker_operand bunker/image 0' -a history -d 'Show the history of an image'
complete -c bunker -n '__bunker_operand bunker/image 0' -a import -d 'Import the contents from a tarball to create a filesystem image'
complete -c bunker -n '__bunker_operand bunker/image 0' -a inspect -d 'Display detailed information on one or more images'
complete -c bunker -n '__bunker_operand bunker/image 0' -a load -d 'Load an image from a tar archive or STDIN'
complete -c bunker -n '__bunker_operand bunker/image 0' -a ls -d 'List images'
complete -c bunker -n '__bunker_operand bunker/image 0' -a list -d 'List images'
complete -c bunker -n '__bunker_operand bunker/image 0' -a prune -d 'Remove unused images'
complete -c bunker -n '__bunker_operand bunker/image 0' -a pull -d 'Download an image from a registry'
complete -c bunker -n '__bunker_operand bunker/image 0' -a push -d 'Upload an image to a registry'
complete -c bunker -n '__bunker_operand bunker/image 0' -a rm -d 'Remove one or more images'
complete -c bunker -n '__bunker_operand bunker/image 0' -a remove -d 'Remove one or more images'
complete -c bunker -n '__bunker_operand bunker/image 0' -a save -d 'Save one or more images to a tar archive (streamed to STDOUT by default)'
complete -c bunker -n '__bunker_operand bunker/image 0' -a tag -d 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE'
complete -c bunker -n '__bunker_flag bunker/image/build' -l add-host -x -d 'Add a custom host-to-IP mapping (host:ip) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/image/build' -l build-arg -x -d 'Set build-time variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/image/build' -l cache-from -x -d 'Images to consider as cache sources (repeatable)'
complete -c bunker -n '__bunker_flag bunker/image/build' -s f -l file -r -F -d 'Name of the Dockerfile (default: \'PATH/Dockerfile\'; - for stdin)'
complete -c bunker -n '__bunker_flag bunker/image/build' -l force-rm -d 'Always remove intermediate containers'
complete -c bunker -n '__bunker_flag bunker/image/build' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/build' -l iidfile -r -F -d 'Write the image ID to the file'
complete -c bunker -n '__bunker_flag bunker/image/build' -l label -x -d 'Set metadata for an image (repeatable)'
complete -c bunker -n '__bunker_flag bunker/image/build' -l network -x -d 'Set the networking mode for the RUN instructions during build'
complete -c bunker -n '__bunker_flag bunker/image/build' -l no-cache -d 'Do not use cache when building the image'
complete -c bunker -n '__bunker_flag bunker/image/build' -l platform -x -d 'Set platform if server is multi-platform capable'
complete -c bunker -n '__bunker_flag bunker/image/build' -l pull -d 'Always attempt to pull a newer version of the image'
complete -c bunker -n '__bunker_flag bunker/image/build' -s q -l quiet -d 'Suppress the build output and print image ID on success'
complete -c bunker -n '__bunker_flag bunker/image/build' -l rm -d 'Remove intermediate containers after a successful build'
complete -c bunker -n '__bunker_flag bunker/image/build' -s t -l tag -x -d 'Name and optionally a tag in the \'name:tag\' format (repeatable)'
complete -c bunker -n '__bunker_flag bunker/image/build' -l target -x -d 'Set the target build stage to build'
complete -c bunker -n '__bunker_operand bunker/image/build 0' -F -d 'PATH | - (the build context)'
complete -c bunker -n '__bunker_flag bunker/image/history' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/image/history' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/history' -s H -l human -d 'Print sizes and dates in human readable format (default true)'
complete -c bunker -n '__bunker_flag bunker/image/history' -l no-trunc -d 'Don\'t truncate output'
complete -c bunker -n '__bunker_flag bunker/image/history' -s q -l quiet -d 'Only show image IDs'
complete -c bunker -n '__bunker_flag bunker/image/import' -s c -l change -x -d 'Apply Dockerfile instruction to the created image (repeatable)'
complete -c bunker -n '__bunker_flag bunker/image/import' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/import' -s m -l message -x -d 'Set commit message for imported image'
complete -c bunker -n '__bunker_operand bunker/image/import 0' -F -d 'file|- (a tar, plain or gzipped)'
complete -c bunker -n '__bunker_flag bunker/image/inspect' -s f -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/image/inspect' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/load' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/load' -s i -l input -r -F -d 'Read from tar archive file, instead of STDIN'
complete -c bunker -n '__bunker_flag bunker/image/load' -s q -l quiet -d 'Suppress the load output'
complete -c bunker -n '__bunker_flag bunker/image/ls' -s a -l all -d 'Show all images (default hides intermediate images)'
complete -c bunker -n '__bunker_flag bunker/image/ls' -l digests -d 'Show digests'
complete -c bunker -n '__bunker_flag bunker/image/ls' -s f -l filter -x -d 'Filter output based on conditions provided'
complete -c bunker -n '__bunker_flag bunker/image/ls' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/image/ls' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/ls' -l no-trunc -d 'Don\'t truncate output'
complete -c bunker -n '__bunker_flag bunker/image/ls' -s q -l quiet -d 'Only show image IDs'
complete -c bunker -n '__bunker_flag bunker/image/prune' -s a -l all -d 'Remove all unused images, not just dangling ones'
complete -c bunker -n '__bunker_flag bunker/image/prune' -l filter -x -d 'Provide filter values (e.g. \'until=<timestamp>\')'
complete -c bunker -n '__bunker_flag bunker/image/prune' -s f -l force -d 'Do not prompt for confirmation'
complete -c bunker -n '__bunker_flag bunker/image/prune' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/pull' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/pull' -l platform -x -d 'Set platform if server is multi-platform capable'
complete -c bunker -n '__bunker_flag bunker/image/pull' -s q -l quiet -d 'Suppress verbose output'
complete -c bunker -n '__bunker_flag bunker/image/push' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/push' -s q -l quiet -d 'Suppress verbose output'
complete -c bunker -n '__bunker_flag bunker/image/rm' -s f -l force -d 'Force removal of the image'
complete -c bunker -n '__bunker_flag bunker/image/rm' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/save' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/image/save' -s o -l output -r -F -d 'Write to a file, instead of STDOUT'
complete -c bunker -n '__bunker_flag bunker/image/tag' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/images' -s a -l all -d 'Show all images (default hides intermediate images)'
complete -c bunker -n '__bunker_flag bunker/images' -l digests -d 'Show digests'
complete -c bunker -n '__bunker_flag bunker/images' -s f -l filter -x -d 'Filter output based on conditions provided'
complete -c bunker -n '__bunker_flag bunker/images' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/images' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/images' -l no-trunc -d 'Don\'t truncate output'
complete -c bunker -n '__bunker_flag bunker/images' -s q -l quiet -d 'Only show image IDs'
complete -c bunker -n '__bunker_flag bunker/import' -s c -l change -x -d 'Apply Dockerfile instruction to the created image (repeatable)'
complete -c bunker -n '__bunker_flag bunker/import' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/import' -s m -l message -x -d 'Set commit message for imported image'
complete -c bunker -n '__bunker_operand bunker/import 0' -F -d 'file|- (a tar, plain or gzipped)'
complete -c bunker -n '__bunker_flag bunker/info' -s f -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/info' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/inspect' -s f -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/inspect' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/inspect' -l type -x -d 'Only inspect objects of the given type (container, image, volume)'
complete -c bunker -n '__bunker_flag bunker/kill' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/kill' -s s -l signal -x -d 'Signal to send to the container'
complete -c bunker -n '__bunker_flag bunker/kube' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/kube 0' -a generate -d 'Generate Kubernetes YAML (Pod or Deployment, Service, PersistentVolumeClaim) from containers or a network\'s containers'
complete -c bunker -n '__bunker_operand bunker/kube 0' -a play -d 'Create and run pods from Kubernetes YAML (Pod, Deployment, Service, PersistentVolumeClaim, ConfigMap, Secret)'
complete -c bunker -n '__bunker_flag bunker/kube/generate' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/kube/generate' -s n -l name -x -d 'Put all the containers into one pod of this name (default: a pod per container, named after it)'
complete -c bunker -n '__bunker_flag bunker/kube/generate' -s r -l replicas -x -d 'Replicas of a Deployment (with --type deployment)'
complete -c bunker -n '__bunker_flag bunker/kube/generate' -s s -l service -d 'Add a Service for the published ports'
complete -c bunker -n '__bunker_flag bunker/kube/generate' -s t -l type -x -a 'pod deployment' -d 'Kind of workload to generate (pod or deployment)'
complete -c bunker -n '__bunker_flag bunker/kube/play' -l down -d 'Remove the pods (containers, infra containers, emptyDir volumes) the files describe, and the network play created once unused'
complete -c bunker -n '__bunker_flag bunker/kube/play' -l force -d 'With --down, also remove the volumes of the PersistentVolumeClaims'
complete -c bunker -n '__bunker_flag bunker/kube/play' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/kube/play' -l network -x -d 'Network the pods join (created when missing, removed by --down when play created it)'
complete -c bunker -n '__bunker_flag bunker/kube/play' -l start -d 'Start the pods (--start=false only creates them)'
complete -c bunker -n '__bunker_flag bunker/load' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/load' -s i -l input -r -F -d 'Read from tar archive file, instead of STDIN'
complete -c bunker -n '__bunker_flag bunker/load' -s q -l quiet -d 'Suppress the load output'
complete -c bunker -n '__bunker_flag bunker/login' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/login' -s p -l password -x -d 'Password'
complete -c bunker -n '__bunker_flag bunker/login' -l password-stdin -d 'Take the password from stdin'
complete -c bunker -n '__bunker_flag bunker/login' -s u -l username -x -d 'Username'
complete -c bunker -n '__bunker_flag bunker/logout' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/logs' -s f -l follow -d 'Follow log output'
complete -c bunker -n '__bunker_flag bunker/logs' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/logs' -l since -x -d 'Show logs since timestamp or relative (e.g. 42m)'
complete -c bunker -n '__bunker_flag bunker/logs' -s n -l tail -x -d 'Number of lines to show from the end of the logs'
complete -c bunker -n '__bunker_flag bunker/logs' -s t -l timestamps -d 'Show timestamps'
complete -c bunker -n '__bunker_flag bunker/logs' -l until -x -d 'Show logs before a timestamp or relative (e.g. 42m)'
complete -c bunker -n '__bunker_flag bunker/network' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/network 0' -a connect -d 'Connect a container to a network'
complete -c bunker -n '__bunker_operand bunker/network 0' -a create -d 'Create a network'
complete -c bunker -n '__bunker_operand bunker/network 0' -a disconnect -d 'Disconnect a container from a network'
complete -c bunker -n '__bunker_operand bunker/network 0' -a inspect -d 'Display detailed information on one or more networks'
complete -c bunker -n '__bunker_operand bunker/network 0' -a ls -d 'List networks'
complete -c bunker -n '__bunker_operand bunker/network 0' -a list -d 'List networks'
complete -c bunker -n '__bunker_operand bunker/network 0' -a prune -d 'Remove all unused networks'
complete -c bunker -n '__bunker_operand bunker/network 0' -a rm -d 'Remove one or more networks'
complete -c bunker -n '__bunker_operand bunker/network 0' -a remove -d 'Remove one or more networks'
complete -c bunker -n '__bunker_flag bunker/network/connect' -l alias -x -d 'Add network-scoped alias for the container (repeatable)'
complete -c bunker -n '__bunker_flag bunker/network/connect' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/network/connect' -l ip -x -d 'IPv4 address (e.g., 172.30.100.104)'
complete -c bunker -n '__bunker_flag bunker/network/create' -l attachable -d 'Enable manual container attachment'
complete -c bunker -n '__bunker_flag bunker/network/create' -l aux-address -x -d 'Auxiliary IPv4 addresses used by Network driver (repeatable)'
complete -c bunker -n '__bunker_flag bunker/network/create' -s d -l driver -x -d 'Driver to manage the Network (bridge)'
complete -c bunker -n '__bunker_flag bunker/network/create' -l gateway -x -d 'IPv4 Gateway for the master subnet'
complete -c bunker -n '__bunker_flag bunker/network/create' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/network/create' -l internal -d 'Restrict external access to the network'
complete -c bunker -n '__bunker_flag bunker/network/create' -l ip-range -x -d 'Allocate container ip from a sub-range'
complete -c bunker -n '__bunker_flag bunker/network/create' -l label -x -d 'Set metadata on a network (repeatable)'
complete -c bunker -n '__bunker_flag bunker/network/create' -s o -l opt -x -d 'Set driver specific options (repeatable)'
complete -c bunker -n '__bunker_flag bunker/network/create' -l subnet -x -d 'Subnet in CIDR format that represents a network segment'
complete -c bunker -n '__bunker_flag bunker/network/disconnect' -s f -l force -d 'Force the container to disconnect from a network'
complete -c bunker -n '__bunker_flag bunker/network/disconnect' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/network/inspect' -s f -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/network/inspect' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/network/inspect' -s v -l verbose -d 'Verbose output for diagnostics'
complete -c bunker -n '__bunker_flag bunker/network/ls' -s f -l filter -x -d 'Provide filter values (e.g. \'driver=bridge\') (repeatable)'
complete -c bunker -n '__bunker_flag bunker/network/ls' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/network/ls' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/network/ls' -l no-trunc -d 'Do not truncate the output'
complete -c bunker -n '__bunker_flag bunker/network/ls' -s q -l quiet -d 'Only display network IDs'
complete -c bunker -n '__bunker_flag bunker/network/prune' -l filter -x -d 'Provide filter values (e.g. \'label=<key>=<value>\') (repeatable)'
complete -c bunker -n '__bunker_flag bunker/network/prune' -s f -l force -d 'Do not prompt for confirmation'
complete -c bunker -n '__bunker_flag bunker/network/prune' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/network/rm' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/pause' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/port' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/ps' -s a -l all -d 'Show all containers (default shows just running)'
complete -c bunker -n '__bunker_flag bunker/ps' -s f -l filter -x -d 'Filter output based on conditions provided'
complete -c bunker -n '__bunker_flag bunker/ps' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/ps' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/ps' -s n -l last -x -d 'Show n last created containers (includes all states)'
complete -c bunker -n '__bunker_flag bunker/ps' -s l -l latest -d 'Show the latest created container (includes all states)'
complete -c bunker -n '__bunker_flag bunker/ps' -l no-trunc -d 'Don\'t truncate output'
complete -c bunker -n '__bunker_flag bunker/ps' -s q -l quiet -d 'Only display container IDs'
complete -c bunker -n '__bunker_flag bunker/ps' -s s -l size -d 'Display total file sizes'
complete -c bunker -n '__bunker_flag bunker/pull' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/pull' -l platform -x -d 'Set platform if server is multi-platform capable'
complete -c bunker -n '__bunker_flag bunker/pull' -s q -l quiet -d 'Suppress verbose output'
complete -c bunker -n '__bunker_flag bunker/push' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/push' -s q -l quiet -d 'Suppress verbose output'
complete -c bunker -n '__bunker_flag bunker/rename' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/restart' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/restart' -s s -l signal -x -d 'Signal to send to the container'
complete -c bunker -n '__bunker_flag bunker/restart' -s t -l time -x -d 'Seconds to wait before killing the container'
complete -c bunker -n '__bunker_flag bunker/rm' -s f -l force -d 'Force the removal of a running container (uses SIGKILL)'
complete -c bunker -n '__bunker_flag bunker/rm' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/rm' -s v -l volumes -d 'Remove anonymous volumes associated with the container'
complete -c bunker -n '__bunker_flag bunker/rmi' -s f -l force -d 'Force removal of the image'
complete -c bunker -n '__bunker_flag bunker/rmi' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/run' -l add-host -x -d 'Add a custom host-to-IP mapping (host:ip) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l blkio-weight -x -d 'Block IO (relative weight), between 10 and 1000, or 0 to disable'
complete -c bunker -n '__bunker_flag bunker/run' -l cap-add -x -d 'Add Linux capabilities (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l cap-drop -x -d 'Drop Linux capabilities (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l cpu-period -x -d 'Limit CPU CFS (Completely Fair Scheduler) period'
complete -c bunker -n '__bunker_flag bunker/run' -l cpu-quota -x -d 'Limit CPU CFS (Completely Fair Scheduler) quota'
complete -c bunker -n '__bunker_flag bunker/run' -s c -l cpu-shares -x -d 'CPU shares (relative weight)'
complete -c bunker -n '__bunker_flag bunker/run' -l cpus -x -d 'Number of CPUs'
complete -c bunker -n '__bunker_flag bunker/run' -l cpuset-cpus -x -d 'CPUs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/run' -l cpuset-mems -x -d 'MEMs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/run' -s d -l detach -d 'Run container in background and print container ID'
complete -c bunker -n '__bunker_flag bunker/run' -l dns -x -d 'Set custom DNS servers (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l entrypoint -x -d 'Overwrite the default entrypoint'
complete -c bunker -n '__bunker_flag bunker/run' -s e -l env -x -d 'Set environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l env-file -r -F -d 'Read in a file of environment variables (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l expose -x -d 'Expose a port or a range of ports (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l group-add -x -d 'Add additional groups to join (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l health-cmd -x -d 'Command to run to check health'
complete -c bunker -n '__bunker_flag bunker/run' -l health-interval -x -d 'Time between running the check (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/run' -l health-retries -x -d 'Consecutive failures needed to report unhealthy'
complete -c bunker -n '__bunker_flag bunker/run' -l health-start-interval -x -d 'Time between running the check during the start period (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/run' -l health-start-period -x -d 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/run' -l health-timeout -x -d 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)'
complete -c bunker -n '__bunker_flag bunker/run' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/run' -s h -l hostname -x -d 'Container host name'
complete -c bunker -n '__bunker_flag bunker/run' -l init -d 'Run an init inside the container that forwards signals and reaps processes'
complete -c bunker -n '__bunker_flag bunker/run' -s i -l interactive -d 'Keep STDIN open even if not attached'
complete -c bunker -n '__bunker_flag bunker/run' -l ip -x -d 'IPv4 address (e.g., 172.30.100.104)'
complete -c bunker -n '__bunker_flag bunker/run' -s l -l label -x -d 'Set meta data on a container (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l log-driver -x -d 'Logging driver for the container: json-file, local or none'
complete -c bunker -n '__bunker_flag bunker/run' -l log-opt -x -d 'Log driver options: max-size, max-file (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l mac-address -x -d 'Container MAC address (e.g., 92:d0:c6:0a:29:33)'
complete -c bunker -n '__bunker_flag bunker/run' -s m -l memory -x -d 'Memory limit'
complete -c bunker -n '__bunker_flag bunker/run' -l memory-reservation -x -d 'Memory soft limit'
complete -c bunker -n '__bunker_flag bunker/run' -l memory-swap -x -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap'
complete -c bunker -n '__bunker_flag bunker/run' -l name -x -d 'Assign a name to the container'
complete -c bunker -n '__bunker_flag bunker/run' -l network -l net -x -d 'Connect a container to a network (bridge, host, none, container:<name|id>, or a network\'s name)'
complete -c bunker -n '__bunker_flag bunker/run' -l network-alias -x -d 'Add network-scoped alias for the container (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l no-healthcheck -d 'Disable any container-specified HEALTHCHECK'
complete -c bunker -n '__bunker_flag bunker/run' -l pids-limit -x -d 'Tune container pids limit (set -1 for unlimited)'
complete -c bunker -n '__bunker_flag bunker/run' -l privileged -d 'Give extended privileges to this container'
complete -c bunker -n '__bunker_flag bunker/run' -s p -l publish -x -d 'Publish a container\'s port(s) to the host: [ip:][hostPort:]containerPort[/proto] (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -s P -l publish-all -d 'Publish all exposed ports to random ports'
complete -c bunker -n '__bunker_flag bunker/run' -l read-only -d 'Mount the container\'s root filesystem as read only'
complete -c bunker -n '__bunker_flag bunker/run' -l restart -x -d 'Restart policy to apply when a container exits'
complete -c bunker -n '__bunker_flag bunker/run' -l rm -d 'Automatically remove the container when it exits'
complete -c bunker -n '__bunker_flag bunker/run' -l rootfs -r -F -d 'Run from this root filesystem directory instead of an image'
complete -c bunker -n '__bunker_flag bunker/run' -l security-opt -x -d 'Security options (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l stop-signal -x -d 'Signal to stop the container'
complete -c bunker -n '__bunker_flag bunker/run' -l stop-timeout -x -d 'Timeout (in seconds) to stop a container'
complete -c bunker -n '__bunker_flag bunker/run' -l tmpfs -x -d 'Mount a tmpfs directory (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -s t -l tty -d 'Allocate a pseudo-TTY'
complete -c bunker -n '__bunker_flag bunker/run' -l ulimit -x -d 'Ulimit options (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -s u -l user -x -d 'Username or UID (format: <name|uid>[:<group|gid>])'
complete -c bunker -n '__bunker_flag bunker/run' -s v -l volume -x -d 'Bind mount a host path: /host:/ctr[:ro] (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -l volumes-from -x -d 'Mount volumes from the specified container(s) (repeatable)'
complete -c bunker -n '__bunker_flag bunker/run' -s w -l workdir -r -F -d 'Working directory inside the container'
complete -c bunker -n '__bunker_flag bunker/save' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/save' -s o -l output -r -F -d 'Write to a file, instead of STDOUT'
complete -c bunker -n '__bunker_flag bunker/setup' -l check -d 'Only check: one line per check, exit status 1 on a problem'
complete -c bunker -n '__bunker_flag bunker/setup' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/setup' -s y -l yes -d 'Apply every fix that needs no root, without asking; print the root commands'
complete -c bunker -n '__bunker_flag bunker/start' -s a -l attach -d 'Attach STDOUT/STDERR and forward signals'
complete -c bunker -n '__bunker_flag bunker/start' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/start' -s i -l interactive -d 'Attach container\'s STDIN'
complete -c bunker -n '__bunker_flag bunker/stats' -s a -l all -d 'Show all containers (default shows just running)'
complete -c bunker -n '__bunker_flag bunker/stats' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\', or a Go template'
complete -c bunker -n '__bunker_flag bunker/stats' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/stats' -l no-stream -d 'Disable streaming stats and only pull the first result'
complete -c bunker -n '__bunker_flag bunker/stats' -l no-trunc -d 'Do not truncate output'
complete -c bunker -n '__bunker_flag bunker/stop' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/stop' -s s -l signal -x -d 'Signal to send to the container'
complete -c bunker -n '__bunker_flag bunker/stop' -s t -l time -x -d 'Seconds to wait before killing the container'
complete -c bunker -n '__bunker_flag bunker/system' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/system 0' -a df -d 'Show disk usage (images, containers, volumes, build cache)'
complete -c bunker -n '__bunker_operand bunker/system 0' -a dial-stdio -d 'Proxy the stdio stream to the daemon connection (what -H ssh:// runs on the remote host)'
complete -c bunker -n '__bunker_operand bunker/system 0' -a events -d 'Get real time events from the server'
complete -c bunker -n '__bunker_operand bunker/system 0' -a info -d 'Display system-wide information'
complete -c bunker -n '__bunker_operand bunker/system 0' -a prune -d 'Remove unused data'
complete -c bunker -n '__bunker_flag bunker/system/df' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/system/df' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/system/df' -s v -l verbose -d 'Show detailed information on space usage'
complete -c bunker -n '__bunker_flag bunker/system/dial-stdio' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/system/events' -s f -l filter -x -d 'Filter output based on conditions provided (repeatable: type, event, container, image, volume, network, label, daemon, scope)'
complete -c bunker -n '__bunker_flag bunker/system/events' -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/system/events' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/system/events' -l since -x -d 'Show all events created since timestamp (or relative, e.g. 10m)'
complete -c bunker -n '__bunker_flag bunker/system/events' -l until -x -d 'Stream events until this timestamp (or relative, e.g. 10m)'
complete -c bunker -n '__bunker_flag bunker/system/info' -s f -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/system/info' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/system/prune' -s a -l all -d 'Remove all unused images not just dangling ones'
complete -c bunker -n '__bunker_flag bunker/system/prune' -l filter -x -d 'Provide filter values (e.g. \'label=<key>=<value>\')'
complete -c bunker -n '__bunker_flag bunker/system/prune' -s f -l force -d 'Do not prompt for confirmation'
complete -c bunker -n '__bunker_flag bunker/system/prune' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/system/prune' -l volumes -d 'Prune anonymous volumes'
complete -c bunker -n '__bunker_flag bunker/tag' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/top' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/unpause' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/update' -l blkio-weight -x -d 'Block IO (relative weight), between 10 and 1000, or 0 to disable'
complete -c bunker -n '__bunker_flag bunker/update' -l cpu-period -x -d 'Limit CPU CFS (Completely Fair Scheduler) period'
complete -c bunker -n '__bunker_flag bunker/update' -l cpu-quota -x -d 'Limit CPU CFS (Completely Fair Scheduler) quota'
complete -c bunker -n '__bunker_flag bunker/update' -s c -l cpu-shares -x -d 'CPU shares (relative weight)'
complete -c bunker -n '__bunker_flag bunker/update' -l cpus -x -d 'Number of CPUs'
complete -c bunker -n '__bunker_flag bunker/update' -l cpuset-cpus -x -d 'CPUs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/update' -l cpuset-mems -x -d 'MEMs in which to allow execution (0-3, 0,1)'
complete -c bunker -n '__bunker_flag bunker/update' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/update' -s m -l memory -x -d 'Memory limit'
complete -c bunker -n '__bunker_flag bunker/update' -l memory-reservation -x -d 'Memory soft limit'
complete -c bunker -n '__bunker_flag bunker/update' -l memory-swap -x -d 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap'
complete -c bunker -n '__bunker_flag bunker/update' -l pids-limit -x -d 'Tune container pids limit (set -1 for unlimited)'
complete -c bunker -n '__bunker_flag bunker/update' -l restart -x -d 'Restart policy to apply when a container exits'
complete -c bunker -n '__bunker_flag bunker/version' -s f -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/version' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/volume' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_operand bunker/volume 0' -a create -d 'Create a volume'
complete -c bunker -n '__bunker_operand bunker/volume 0' -a inspect -d 'Display detailed information on one or more volumes'
complete -c bunker -n '__bunker_operand bunker/volume 0' -a ls -d 'List volumes'
complete -c bunker -n '__bunker_operand bunker/volume 0' -a list -d 'List volumes'
complete -c bunker -n '__bunker_operand bunker/volume 0' -a prune -d 'Remove unused local volumes'
complete -c bunker -n '__bunker_operand bunker/volume 0' -a rm -d 'Remove one or more volumes'
complete -c bunker -n '__bunker_operand bunker/volume 0' -a remove -d 'Remove one or more volumes'
complete -c bunker -n '__bunker_flag bunker/volume/create' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/volume/create' -l label -x -d 'Set metadata for a volume (repeatable)'
complete -c bunker -n '__bunker_flag bunker/volume/inspect' -s f -l format -x -d 'Format output using a custom template: \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/volume/inspect' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/volume/ls' -s f -l filter -x -d 'Provide filter values (e.g. \'dangling=true\')'
complete -c bunker -n '__bunker_flag bunker/volume/ls' -l format -x -d 'Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\' or a Go template'
complete -c bunker -n '__bunker_flag bunker/volume/ls' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/volume/ls' -s q -l quiet -d 'Only display volume names'
complete -c bunker -n '__bunker_flag bunker/volume/prune' -s a -l all -d 'Remove all unused volumes, not just anonymous ones'
complete -c bunker -n '__bunker_flag bunker/volume/prune' -l filter -x -d 'Provide filter values (e.g. \'label=<label>\')'
complete -c bunker -n '__bunker_flag bunker/volume/prune' -s f -l force -d 'Do not prompt for confirmation'
complete -c bunker -n '__bunker_flag bunker/volume/prune' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/volume/rm' -s f -l force -d 'Force the removal of one or more volumes'
complete -c bunker -n '__bunker_flag bunker/volume/rm' -s h -l help -d 'Print usage'
complete -c bunker -n '__bunker_flag bunker/wait' -s h -l help -d 'Print usage'
