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

int bunker_spawn(const uint8_t *buf, uint32_t len, int32_t *out, char *msg, int msglen) {
    out[0] = out[1] = 0;
    out[2] = 125;
    struct bunker_spec *s = malloc(sizeof *s);
    if (s == NULL) return bunker_fail(msg, msglen, ENOMEM, "spawn");
    int rc = bunker_spec_parse(buf, len, s, msg, msglen);
    if (rc < 0) goto out;
    if (s->socket_path == NULL) {
        bunker_msg(msg, msglen, "spec: no attach socket path");
        rc = -EINVAL;
        goto out;
    }
    if (strlen(s->socket_path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
        bunker_msg(msg, msglen, "spec: attach socket path too long (%zu bytes): %s", strlen(s->socket_path), s->socket_path);
        rc = -ENAMETOOLONG;
        goto out;
    }
    if (s->argc == 0) {
        bunker_msg(msg, msglen, "spec: no command");
        rc = -EINVAL;
        goto out;
    }

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
    int status = 0;
    pid_t got_pid;
    do got_pid = waitpid(pid, &status, __WALL);
    while (got_pid < 0 && errno == EINTR);

    struct mon_report r;
    memset(&r, 0, sizeof r);
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = read(fds[0], (char *)&r + got, sizeof r - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    /* Until EOF: the monitor closes its end when it exits (failure) or right after the
     * report (success), so a failed spawn returns only once the monitor is gone. */
    if (got == sizeof r) {
        char more[64];
        for (;;) {
            ssize_t n = read(fds[0], more, sizeof more);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
        }
    }
    close(fds[0]);
    if (got < sizeof r) {
        bunker_msg(msg, msglen, "the monitor exited before reporting (intermediate status %d)", status);
        rc = -EPROTO;
        goto out;
    }
    r.msg[sizeof r.msg - 1] = '\0';
    if (r.rc < 0) {
        bunker_msg(msg, msglen, "%s", r.msg);
        out[2] = r.exit_code;
        rc = r.rc;
        goto out;
    }
    out[0] = r.monitor_pid;
    out[1] = r.pid;
    out[2] = 0;
    bunker_msg(msg, msglen, "monitor %d, process %d", (int)r.monitor_pid, (int)r.pid);
    rc = 0;
out:
    free(s);
    return rc;
}
