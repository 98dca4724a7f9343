/*
 * bunker_spawn (runtime.h, part 2): parse the spec here, then fork (all signals blocked, as in
 * child.c) an intermediate that calls setsid() and forks the monitor, so the monitor is
 * reparented to init and outlives the daemon. The caller reaps the intermediate and reads the
 * monitor's one report from a pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "monitor.h"
#include "safe-fmt.h"

/* Runs in the intermediate: never returns. */
static void __attribute__((noreturn)) intermediate(const struct bunker_spec *s, int rfd) {
    setsid();
    pid_t pid = _Fork();
    if (pid == 0) mon_main(s, rfd);
    if (pid < 0) {
        static struct mon_report r;
        r.rc = -errno;
        r.exit_code = 125;
        bunker_sfail(r.msg, sizeof r.msg, errno, "fork monitor");
        mon_write_report(rfd, &r);
        _exit(1);
    }
    _exit(0);
}

/* Parse and check a spec for spawning (into *s). */
static int check_spec(const uint8_t *buf, uint32_t len, struct bunker_spec *s, char *msg, int msglen) {
    int rc = bunker_spec_parse(buf, len, s, msg, msglen);
    if (rc < 0) return rc;
    if (s->socket_path == NULL) {
        bunker_msg(msg, msglen, "spec: no attach socket path");
        return -EINVAL;
    }
    if (strlen(s->socket_path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
        bunker_msg(msg, msglen, "spec: attach socket path too long (%zu bytes): %s", strlen(s->socket_path), s->socket_path);
        return -ENAMETOOLONG;
    }
    if (s->argc == 0) {
        bunker_msg(msg, msglen, "spec: no command");
        return -EINVAL;
    }
    return 0;
}

/* Reap the first stage (`pid`), then read the monitor's one report from `rfd` (closed here). */
static int collect_report(pid_t pid, int rfd, int32_t *out, char *msg, int msglen) {
    int status = 0;
    pid_t got_pid;
    do got_pid = waitpid(pid, &status, __WALL);
    while (got_pid < 0 && errno == EINTR);

    struct mon_report r;
    memset(&r, 0, sizeof r);
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = read(rfd, (char *)&r + got, sizeof r - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    /* Until EOF: the monitor closes its end when it exits (failure) or right after the
     * report (success), so a failed spawn returns only once the monitor is gone. */
    if (got == sizeof r) {
        char more[64];
        for (;;) {
            ssize_t n = read(rfd, more, sizeof more);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
        }
    }
    close(rfd);
    if (got < sizeof r) {
        bunker_msg(msg, msglen, "the monitor exited before reporting (first stage status %d)", status);
        return -EPROTO;
    }
    r.msg[sizeof r.msg - 1] = '\0';
    if (r.rc < 0) {
        bunker_msg(msg, msglen, "%s", r.msg);
        out[2] = r.exit_code;
        return r.rc;
    }
    out[0] = r.monitor_pid;
    out[1] = r.pid;
    out[2] = 0;
    bunker_msg(msg, msglen, "monitor %d, process %d", (int)r.monitor_pid, (int)r.pid);
    return 0;
}

int bunker_spawn(const uint8_t *buf, uint32_t len, int32_t *out, char *msg, int msglen) {
    out[0] = out[1] = 0;
    out[2] = 125;
    struct bunker_spec *s = malloc(sizeof *s);
    if (s == NULL) return bunker_fail(msg, msglen, ENOMEM, "spawn");
    int rc = check_spec(buf, len, s, msg, msglen);
    if (rc < 0) goto out;

    int fds[2];
    /* O_CLOEXEC: processes Bun spawns meanwhile must not hold the write end. */
    if (pipe2(fds, O_CLOEXEC) < 0) {
        rc = bunker_fail(msg, msglen, errno, "pipe2");
        goto out;
    }
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = _Fork(); /* no atfork handlers: other threads may hold their locks */
    if (pid == 0) {
        close(fds[0]);
        intermediate(s, fds[1]);
    }
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        rc = bunker_fail(msg, msglen, fork_errno, "fork");
        goto out;
    }
    rc = collect_report(pid, fds[0], out, msg, msglen);
out:
    free(s);
    return rc;
}

/*
 * bunker_spawn through the small monitor executable (ffi/monitor-exe.c) instead of a fork of
 * the caller: posix_spawn (vfork-like, safe in a multi-threaded process, no copy of Bun's page
 * tables) runs `exe` in a new session with the spec on fd 3 (a memfd) and the report pipe on
 * fd 4; its first stage forks the monitor and exits. The monitor then holds a few hundred KiB,
 * not a copy of the daemon's heap.
 */
int bunker_spawn_exe(const char *exe, const uint8_t *buf, uint32_t len, int32_t *out, char *msg, int msglen) {
    out[0] = out[1] = 0;
    out[2] = 125;
    struct bunker_spec *s = malloc(sizeof *s);
    if (s == NULL) return bunker_fail(msg, msglen, ENOMEM, "spawn");
    int rc = check_spec(buf, len, s, msg, msglen);
    free(s);
    if (rc < 0) return rc;

    int mfd = memfd_create("bunker-spec", MFD_CLOEXEC);
    if (mfd < 0) return bunker_fail(msg, msglen, errno, "memfd_create");
    for (uint32_t done = 0; done < len;) {
        ssize_t n = write(mfd, buf + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            rc = bunker_fail(msg, msglen, errno, "write spec");
            close(mfd);
            return rc;
        }
        done += (uint32_t)n;
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        rc = bunker_fail(msg, msglen, errno, "pipe2");
        close(mfd);
        return rc;
    }
    /* Above 4, so the dup2s below always make new, inheritable descriptors. */
    int spec_fd = fcntl(mfd, F_DUPFD_CLOEXEC, 10), report_fd = fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
    close(mfd);
    close(fds[1]);
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, spec_fd, 3);
    posix_spawn_file_actions_adddup2(&fa, report_fd, 4);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &all); /* nothing ignored by Bun (SIGPIPE…) carries over */
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char *argv[] = {(char *)"bunker-monitor", NULL};
    char *envp[] = {NULL};
    pid_t pid;
    int err = posix_spawn(&pid, exe, &fa, &at, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(spec_fd);
    close(report_fd);
    if (err != 0) {
        close(fds[0]);
        return bunker_fail(msg, msglen, err, "start the monitor %s", exe);
    }
    return collect_report(pid, fds[0], out, msg, msglen);
}
