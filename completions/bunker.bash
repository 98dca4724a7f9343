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
        _bunker_subs=(attach build builder commit completion compose container context cp create daemon diff events exec export history image images import info inspect kill kube load login logout logs network pause port ps pull push rename restart rm rmi run save setup start stats stop system tag top unpause update version volume wait)
        _bunker_paths=(bunker/attach bunker/build bunker/builder bunker/commit bunker/completion bunker/compose bunker/container bunker/context bunker/cp bunker/create bunker/daemon bunker/diff bunker/events bunker/exec bunker/export bunker/history bunker/image bunker/images bunker/import bunker/info bunker/inspect bunker/kill bunker/kube bunker/load bunker/login bunker/logout bunker/logs bunker/network bunker/pause bunker/port bunker/ps bunker/pull bunker/push bunker/rename bunker/restart bunker/rm bunker/rmi bunker/run bunker/save bunker/setup bunker/start bunker/stats bunker/stop bunker/system bunker/tag bunker/top bunker/unpause bunker/update bunker/version bunker/volume bunker/wait)
        _bunker_flags=(--context --debug --help --host --log-level --tls --tlscacert --tlscert --tlskey --tlsverify --version -D -H -c -h -l -v)
        _bunker_valued=(--context --host --log-level --tlscacert --tlscert --tlskey -H -c -l)
        ;;
    bunker/attach)
        _bunker_flags=(--detach-keys --help --no-stdin --sig-proxy -h)
        _bunker_valued=(--detach-keys)
        ;;
    bunker/build)
        _bunker_flags=(--add-host --build-arg --cache-from --file --force-rm --help --iidfile --label --network --no-cache --platform --pull --quiet --rm --tag --target -f -h -q -t)
        _bunker_valued=(--add-host --build-arg --cache-from --file --iidfile --label --network --platform --tag --target -f -t)
        ;;
    bunker/builder)
        _bunker_subs=(prune)
        _bunker_paths=(bunker/builder/prune)
        _bunker_flags=(--help -h)
        ;;
    bunker/builder/prune)
        _bunker_flags=(--all --force --help -a -f -h)
        ;;
    bunker/commit)
        _bunker_flags=(--author --change --help --message -a -c -h -m)
        _bunker_valued=(--author --change --message -a -c -m)
        ;;
    bunker/completion)
        _bunker_flags=(--help -h)
        ;;
    bunker/compose)
        _bunker_flags=(--help -h)
        ;;
    bunker/container)
        _bunker_subs=(attach commit cp create diff exec export inspect kill list logs ls pause port prune ps rename restart rm run start stats stop top unpause update wait)
        _bunker_paths=(bunker/container/attach bunker/container/commit bunker/container/cp bunker/container/create bunker/container/diff bunker/container/exec bunker/container/export bunker/container/inspect bunker/container/kill bunker/container/ls bunker/container/logs bunker/container/ls bunker/container/pause bunker/container/port bunker/container/prune bunker/container/ls bunker/container/rename bunker/container/restart bunker/container/rm bunker/container/run bunker/container/start bunker/container/stats bunker/container/stop bunker/container/top bunker/container/unpause bunker/container/update bunker/container/wait)
        _bunker_flags=(--help -h)
        ;;
    bunker/container/attach)
        _bunker_flags=(--detach-keys --help --no-stdin --sig-proxy -h)
        _bunker_valued=(--detach-keys)
        ;;
    bunker/container/commit)
        _bunker_flags=(--author --change --help --message -a -c -h -m)
        _bunker_valued=(--author --change --message -a -c -m)
        ;;
    bunker/container/cp)
        _bunker_flags=(--archive --follow-link --help --quiet -L -a -h -q)
        ;;
    bunker/container/create)
        _bunker_flags=(--add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --help --hostname --init --interactive --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --no-healthcheck --pids-limit --privileged --publish --publish-all --read-only --restart --rm --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --tty --ulimit --user --volume --volumes-from --workdir -P -c -e -h -h -i -l -m -p -t -u -v -w)
        _bunker_valued=(--add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --hostname --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --pids-limit --publish --restart --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --ulimit --user --volume --volumes-from --workdir -c -e -h -l -m -p -u -v -w)
        _bunker_stops=1
        ;;
    bunker/container/diff)
        _bunker_flags=(--help -h)
        ;;
    bunker/container/exec)
        _bunker_flags=(--detach --detach-keys --env --help --interactive --privileged --tty --user --workdir -d -e -h -i -t -u -w)
        _bunker_valued=(--detach-keys --env --user --workdir -e -u -w)
        _bunker_stops=1
        ;;
    bunker/container/export)
        _bunker_flags=(--help --output -h -o)
        _bunker_valued=(--output -o)
        ;;
    bunker/container/inspect)
        _bunker_flags=(--format --help --size -f -h -s)
        _bunker_valued=(--format -f)
        ;;
    bunker/container/kill)
        _bunker_flags=(--help --signal -h -s)
        _bunker_valued=(--signal -s)
        ;;
    bunker/container/logs)
        _bunker_flags=(--follow --help --since --tail --timestamps --until -f -h -n -t)
        _bunker_valued=(--since --tail --until -n)
        ;;
    bunker/container/ls)
        _bunker_flags=(--all --filter --format --help --last --latest --no-trunc --quiet --size -a -f -h -l -n -q -s)
        _bunker_valued=(--filter --format --last -f -n)
        ;;
    bunker/container/pause)
        _bunker_flags=(--help -h)
        ;;
    bunker/container/port)
        _bunker_flags=(--help -h)
        ;;
    bunker/container/prune)
        _bunker_flags=(--filter --force --help -f -h)
        _bunker_valued=(--filter)
        ;;
    bunker/container/rename)
        _bunker_flags=(--help -h)
        ;;
    bunker/container/restart)
        _bunker_flags=(--help --signal --time -h -s -t)
        _bunker_valued=(--signal --time -s -t)
        ;;
    bunker/container/rm)
        _bunker_flags=(--force --help --volumes -f -h -v)
        ;;
    bunker/container/run)
        _bunker_flags=(--add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --detach --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --help --hostname --init --interactive --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --no-healthcheck --pids-limit --privileged --publish --publish-all --read-only --restart --rm --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --tty --ulimit --user --volume --volumes-from --workdir -P -c -d -e -h -h -i -l -m -p -t -u -v -w)
        _bunker_valued=(--add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --hostname --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --pids-limit --publish --restart --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --ulimit --user --volume --volumes-from --workdir -c -e -h -l -m -p -u -v -w)
        _bunker_stops=1
        ;;
    bunker/container/start)
        _bunker_flags=(--attach --help --interactive -a -h -i)
        ;;
    bunker/container/stats)
        _bunker_flags=(--all --format --help --no-stream --no-trunc -a -h)
        _bunker_valued=(--format)
        ;;
    bunker/container/stop)
        _bunker_flags=(--help --signal --time -h -s -t)
        _bunker_valued=(--signal --time -s -t)
        ;;
    bunker/container/top)
        _bunker_flags=(--help -h)
        _bunker_stops=1
        ;;
    bunker/container/unpause)
        _bunker_flags=(--help -h)
        ;;
    bunker/container/update)
        _bunker_flags=(--blkio-weight --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --help --memory --memory-reservation --memory-swap --pids-limit --restart -c -h -m)
        _bunker_valued=(--blkio-weight --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --memory --memory-reservation --memory-swap --pids-limit --restart -c -m)
        ;;
    bunker/container/wait)
        _bunker_flags=(--help -h)
        ;;
    bunker/context)
        _bunker_subs=(create inspect list ls remove rm show use)
        _bunker_paths=(bunker/context/create bunker/context/inspect bunker/context/ls bunker/context/ls bunker/context/rm bunker/context/rm bunker/context/show bunker/context/use)
        _bunker_flags=(--help -h)
        ;;
    bunker/context/create)
        _bunker_flags=(--description --docker --help --host -h)
        _bunker_valued=(--description --docker --host)
        ;;
    bunker/context/inspect)
        _bunker_flags=(--format --help -f -h)
        _bunker_valued=(--format -f)
        ;;
    bunker/context/ls)
        _bunker_flags=(--format --help --quiet -h -q)
        _bunker_valued=(--format)
        ;;
    bunker/context/rm)
        _bunker_flags=(--force --help -f -h)
        ;;
    bunker/context/show)
        _bunker_flags=(--help -h)
        ;;
    bunker/context/use)
        _bunker_flags=(--help -h)
        ;;
    bunker/cp)
        _bunker_flags=(--archive --follow-link --help --quiet -L -a -h -q)
        ;;
    bunker/create)
        _bunker_flags=(--add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --help --hostname --init --interactive --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --no-healthcheck --pids-limit --privileged --publish --publish-all --read-only --restart --rm --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --tty --ulimit --user --volume --volumes-from --workdir -P -c -e -h -h -i -l -m -p -t -u -v -w)
        _bunker_valued=(--add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --hostname --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --pids-limit --publish --restart --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --ulimit --user --volume --volumes-from --workdir -c -e -h -l -m -p -u -v -w)
        _bunker_stops=1
        ;;
    bunker/daemon)
        _bunker_subs=(stop)
        _bunker_paths=(bunker/daemon/stop)
        _bunker_flags=(--config-file --data-root --help --host --tls --tlscacert --tlscert --tlskey --tlsverify -H -h)
        _bunker_valued=(--config-file --data-root --host --tlscacert --tlscert --tlskey -H)
        ;;
    bunker/daemon/stop)
        _bunker_flags=(--help --time -h -t)
        _bunker_valued=(--time -t)
        ;;
    bunker/diff)
        _bunker_flags=(--help -h)
        ;;
    bunker/events)
        _bunker_flags=(--filter --format --help --since --until -f -h)
        _bunker_valued=(--filter --format --since --until -f)
        ;;
    bunker/exec)
        _bunker_flags=(--detach --detach-keys --env --help --interactive --privileged --tty --user --workdir -d -e -h -i -t -u -w)
        _bunker_valued=(--detach-keys --env --user --workdir -e -u -w)
        _bunker_stops=1
        ;;
    bunker/export)
        _bunker_flags=(--help --output -h -o)
        _bunker_valued=(--output -o)
        ;;
    bunker/history)
        _bunker_flags=(--format --help --human --no-trunc --quiet -H -h -q)
        _bunker_valued=(--format)
        ;;
    bunker/image)
        _bunker_subs=(build history import inspect list load ls prune pull push remove rm save tag)
        _bunker_paths=(bunker/image/build bunker/image/history bunker/image/import bunker/image/inspect bunker/image/ls bunker/image/load bunker/image/ls bunker/image/prune bunker/image/pull bunker/image/push bunker/image/rm bunker/image/rm bunker/image/save bunker/image/tag)
        _bunker_flags=(--help -h)
        ;;
    bunker/image/build)
        _bunker_flags=(--add-host --build-arg --cache-from --file --force-rm --help --iidfile --label --network --no-cache --platform --pull --quiet --rm --tag --target -f -h -q -t)
        _bunker_valued=(--add-host --build-arg --cache-from --file --iidfile --label --network --platform --tag --target -f -t)
        ;;
    bunker/image/history)
        _bunker_flags=(--format --help --human --no-trunc --quiet -H -h -q)
        _bunker_valued=(--format)
        ;;
    bunker/image/import)
        _bunker_flags=(--change --help --message -c -h -m)
        _bunker_valued=(--change --message -c -m)
        ;;
    bunker/image/inspect)
        _bunker_flags=(--format --help -f -h)
        _bunker_valued=(--format -f)
        ;;
    bunker/image/load)
        _bunker_flags=(--help --input --quiet -h -i -q)
        _bunker_valued=(--input -i)
        ;;
    bunker/image/ls)
        _bunker_flags=(--all --digests --filter --format --help --no-trunc --quiet -a -f -h -q)
        _bunker_valued=(--filter --format -f)
        ;;
    bunker/image/prune)
        _bunker_flags=(--all --filter --force --help -a -f -h)
        _bunker_valued=(--filter)
        ;;
    bunker/image/pull)
        _bunker_flags=(--help --platform --quiet -h -q)
        _bunker_valued=(--platform)
        ;;
    bunker/image/push)
        _bunker_flags=(--help --quiet -h -q)
        ;;
    bunker/image/rm)
        _bunker_flags=(--force --help -f -h)
        ;;
    bunker/image/save)
        _bunker_flags=(--help --output -h -o)
        _bunker_valued=(--output -o)
        ;;
    bunker/image/tag)
        _bunker_flags=(--help -h)
        ;;
    bunker/images)
        _bunker_flags=(--all --digests --filter --format --help --no-trunc --quiet -a -f -h -q)
        _bunker_valued=(--filter --format -f)
        ;;
    bunker/import)
        _bunker_flags=(--change --help --message -c -h -m)
        _bunker_valued=(--change --message -c -m)
        ;;
    bunker/info)
        _bunker_flags=(--format --help -f -h)
        _bunker_valued=(--format -f)
        ;;
    bunker/inspect)
        _bunker_flags=(--format --help --type -f -h)
        _bunker_valued=(--format --type -f)
        ;;
    bunker/kill)
        _bunker_flags=(--help --signal -h -s)
        _bunker_valued=(--signal -s)
        ;;
    bunker/kube)
        _bunker_subs=(generate play)
        _bunker_paths=(bunker/kube/generate bunker/kube/play)
        _bunker_flags=(--help -h)
        ;;
    bunker/kube/generate)
        _bunker_flags=(--help --name --replicas --service --type -h -n -r -s -t)
        _bunker_valued=(--name --replicas --type -n -r -t)
        ;;
    bunker/kube/play)
        _bunker_flags=(--down --force --help --network --start -h)
        _bunker_valued=(--network)
        ;;
    bunker/load)
        _bunker_flags=(--help --input --quiet -h -i -q)
        _bunker_valued=(--input -i)
        ;;
    bunker/login)
        _bunker_flags=(--help --password --password-stdin --username -h -p -u)
        _bunker_valued=(--password --username -p -u)
        ;;
    bunker/logout)
        _bunker_flags=(--help -h)
        ;;
    bunker/logs)
        _bunker_flags=(--follow --help --since --tail --timestamps --until -f -h -n -t)
        _bunker_valued=(--since --tail --until -n)
        ;;
    bunker/network)
        _bunker_subs=(connect create disconnect inspect list ls prune remove rm)
        _bunker_paths=(bunker/network/connect bunker/network/create bunker/network/disconnect bunker/network/inspect bunker/network/ls bunker/network/ls bunker/network/prune bunker/network/rm bunker/network/rm)
        _bunker_flags=(--help -h)
        ;;
    bunker/network/connect)
        _bunker_flags=(--alias --help --ip -h)
        _bunker_valued=(--alias --ip)
        ;;
    bunker/network/create)
        _bunker_flags=(--attachable --aux-address --driver --gateway --help --internal --ip-range --label --opt --subnet -d -h -o)
        _bunker_valued=(--aux-address --driver --gateway --ip-range --label --opt --subnet -d -o)
        ;;
    bunker/network/disconnect)
        _bunker_flags=(--force --help -f -h)
        ;;
    bunker/network/inspect)
        _bunker_flags=(--format --help --verbose -f -h -v)
        _bunker_valued=(--format -f)
        ;;
    bunker/network/ls)
        _bunker_flags=(--filter --format --help --no-trunc --quiet -f -h -q)
        _bunker_valued=(--filter --format -f)
        ;;
    bunker/network/prune)
        _bunker_flags=(--filter --force --help -f -h)
        _bunker_valued=(--filter)
        ;;
    bunker/network/rm)
        _bunker_flags=(--help -h)
        ;;
    bunker/pause)
        _bunker_flags=(--help -h)
        ;;
    bunker/port)
        _bunker_flags=(--help -h)
        ;;
    bunker/ps)
        _bunker_flags=(--all --filter --format --help --last --latest --no-trunc --quiet --size -a -f -h -l -n -q -s)
        _bunker_valued=(--filter --format --last -f -n)
        ;;
    bunker/pull)
        _bunker_flags=(--help --platform --quiet -h -q)
        _bunker_valued=(--platform)
        ;;
    bunker/push)
        _bunker_flags=(--help --quiet -h -q)
        ;;
    bunker/rename)
        _bunker_flags=(--help -h)
        ;;
    bunker/restart)
        _bunker_flags=(--help --signal --time -h -s -t)
        _bunker_valued=(--signal --time -s -t)
        ;;
    bunker/rm)
        _bunker_flags=(--force --help --volumes -f -h -v)
        ;;
    bunker/rmi)
        _bunker_flags=(--force --help -f -h)
        ;;
    bunker/run)
        _bunker_flags=(--add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --detach --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --help --hostname --init --interactive --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --no-healthcheck --pids-limit --privileged --publish --publish-all --read-only --restart --rm --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --tty --ulimit --user --volume --volumes-from --workdir -P -c -d -e -h -h -i -l -m -p -t -u -v -w)
        _bunker_valued=(--add-host --blkio-weight --cap-add --cap-drop --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --dns --entrypoint --env --env-file --expose --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --hostname --ip --label --log-driver --log-opt --mac-address --memory --memory-reservation --memory-swap --name --net --network --network-alias --pids-limit --publish --restart --rootfs --security-opt --stop-signal --stop-timeout --tmpfs --ulimit --user --volume --volumes-from --workdir -c -e -h -l -m -p -u -v -w)
        _bunker_stops=1
        ;;
    bunker/save)
        _bunker_flags=(--help --output -h -o)
        _bunker_valued=(--output -o)
        ;;
    bunker/setup)
        _bunker_flags=(--check --help --yes -h -y)
        ;;
    bunker/start)
        _bunker_flags=(--attach --help --interactive -a -h -i)
        ;;
    bunker/stats)
        _bunker_flags=(--all --format --help --no-stream --no-trunc -a -h)
        _bunker_valued=(--format)
        ;;
    bunker/stop)
        _bunker_flags=(--help --signal --time -h -s -t)
        _bunker_valued=(--signal --time -s -t)
        ;;
    bunker/system)
        _bunker_subs=(df dial-stdio events info prune)
        _bunker_paths=(bunker/system/df bunker/system/dial-stdio bunker/system/events bunker/system/info bunker/system/prune)
        _bunker_flags=(--help -h)
        ;;
    bunker/system/df)
        _bunker_flags=(--format --help --verbose -h -v)
        _bunker_valued=(--format)
        ;;
    bunker/system/dial-stdio)
        _bunker_flags=(--help -h)
        ;;
    bunker/system/events)
        _bunker_flags=(--filter --format --help --since --until -f -h)
        _bunker_valued=(--filter --format --since --until -f)
        ;;
    bunker/system/info)
        _bunker_flags=(--format --help -f -h)
        _bunker_valued=(--format -f)
        ;;
    bunker/system/prune)
        _bunker_flags=(--all --filter --force --help --volumes -a -f -h)
        _bunker_valued=(--filter)
        ;;
    bunker/tag)
        _bunker_flags=(--help -h)
        ;;
    bunker/top)
        _bunker_flags=(--help -h)
        _bunker_stops=1
        ;;
    bunker/unpause)
        _bunker_flags=(--help -h)
        ;;
    bunker/update)
        _bunker_flags=(--blkio-weight --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --help --memory --memory-reservation --memory-swap --pids-limit --restart -c -h -m)
        _bunker_valued=(--blkio-weight --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus --cpuset-mems --memory --memory-reservation --memory-swap --pids-limit --restart -c -m)
        ;;
    bunker/version)
        _bunker_flags=(--format --help -f -h)
        _bunker_valued=(--format -f)
        ;;
    bunker/volume)
        _bunker_subs=(create inspect list ls prune remove rm)
        _bunker_paths=(bunker/volume/create bunker/volume/inspect bunker/volume/ls bunker/volume/ls bunker/volume/prune bunker/volume/rm bunker/volume/rm)
        _bunker_flags=(--help -h)
        ;;
    bunker/volume/create)
        _bunker_flags=(--help --label -h)
        _bunker_valued=(--label)
        ;;
    bunker/volume/inspect)
        _bunker_flags=(--format --help -f -h)
        _bunker_valued=(--format -f)
        ;;
    bunker/volume/ls)
        _bunker_flags=(--filter --format --help --quiet -f -h -q)
        _bunker_valued=(--filter --format -f)
        ;;
    bunker/volume/prune)
        _bunker_flags=(--all --filter --force --help -a -f -h)
        _bunker_valued=(--filter)
        ;;
    bunker/volume/rm)
        _bunker_flags=(--force --help -f -h)
        ;;
    bunker/wait)
        _bunker_flags=(--help -h)
        ;;
    esac
}

# _bunker_value PATH FLAG|#N CUR: complete the value of a flag or of the Nth operand.
_bunker_value() {
    local -a words=()
    case "$1 $2" in
    "bunker --host" | "bunker -H") _bunker_files "$3"; return ;;
    "bunker --log-level" | "bunker -l") words=(debug info warn error fatal) ;;
    "bunker --tlscacert") _bunker_files "$3"; return ;;
    "bunker --tlscert") _bunker_files "$3"; return ;;
    "bunker --tlskey") _bunker_files "$3"; return ;;
    "bunker/build --file" | "bunker/build -f") _bunker_files "$3"; return ;;
    "bunker/build --iidfile") _bunker_files "$3"; return ;;
    "bunker/build #0") _bunker_files "$3"; return ;;
    "bunker/completion #0") words=(bash fish zsh) ;;
    "bunker/container/create --env-file") _bunker_files "$3"; return ;;
    "bunker/container/create --rootfs") _bunker_files "$3"; return ;;
    "bunker/container/create --workdir" | "bunker/container/create -w") _bunker_files "$3"; return ;;
    "bunker/container/exec --workdir" | "bunker/container/exec -w") _bunker_files "$3"; return ;;
    "bunker/container/export --output" | "bunker/container/export -o") _bunker_files "$3"; return ;;
    "bunker/container/run --env-file") _bunker_files "$3"; return ;;
    "bunker/container/run --rootfs") _bunker_files "$3"; return ;;
    "bunker/container/run --workdir" | "bunker/container/run -w") _bunker_files "$3"; return ;;
    "bunker/create --env-file") _bunker_files "$3"; return ;;
    "bunker/create --rootfs") _bunker_files "$3"; return ;;
    "bunker/create --workdir" | "bunker/create -w") _bunker_files "$3"; return ;;
    "bunker/daemon --config-file") _bunker_files "$3"; return ;;
    "bunker/daemon --data-root") _bunker_files "$3"; return ;;
    "bunker/daemon --tlscacert") _bunker_files "$3"; return ;;
    "bunker/daemon --tlscert") _bunker_files "$3"; return ;;
    "bunker/daemon --tlskey") _bunker_files "$3"; return ;;
    "bunker/exec --workdir" | "bunker/exec -w") _bunker_files "$3"; return ;;
    "bunker/export --output" | "bunker/export -o") _bunker_files "$3"; return ;;
    "bunker/image/build --file" | "bunker/image/build -f") _bunker_files "$3"; return ;;
    "bunker/image/build --iidfile") _bunker_files "$3"; return ;;
    "bunker/image/build #0") _bunker_files "$3"; return ;;
    "bunker/image/import #0") _bunker_files "$3"; return ;;
    "bunker/image/load --input" | "bunker/image/load -i") _bunker_files "$3"; return ;;
    "bunker/image/save --output" | "bunker/image/save -o") _bunker_files "$3"; return ;;
    "bunker/import #0") _bunker_files "$3"; return ;;
    "bunker/kube/generate --type" | "bunker/kube/generate -t") words=(pod deployment) ;;
    "bunker/load --input" | "bunker/load -i") _bunker_files "$3"; return ;;
    "bunker/run --env-file") _bunker_files "$3"; return ;;
    "bunker/run --rootfs") _bunker_files "$3"; return ;;
    "bunker/run --workdir" | "bunker/run -w") _bunker_files "$3"; return ;;
    "bunker/save --output" | "bunker/save -o") _bunker_files "$3"; return ;;
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
