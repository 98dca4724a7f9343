/*
 * Fork a short-lived child from the multi-threaded Bun process and collect its report.
 * The child runs with every signal blocked (so no handler of the parent runs in it) and may
 * only make async-signal-safe calls on memory prepared before the fork.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bunker.h"

void bunker_child_report(int fd, int stage, int err) {
    struct bunker_report r = { stage, err };
    ssize_t n;
    do n = write(fd, &r, sizeof r);
    while (n < 0 && errno == EINTR);
}

static int wait_exact(pid_t pid, int *status) {
    pid_t got;
    do got = waitpid(pid, status, __WALL);
    while (got < 0 && errno == EINTR);
    return got == pid ? 0 : -1;
}

int bunker_run_child(bunker_child_fn fn, void *arg, struct bunker_report *out,
                     char *msg, int msglen) {
    int fds[2];
    /* O_CLOEXEC: other processes Bun spawns meanwhile must not keep the write end open. */
    if (pipe2(fds, O_CLOEXEC) < 0) return bunker_fail(msg, msglen, errno, "pipe2");

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    /* _Fork: no atfork handlers, which may take locks that other threads hold. */
    pid_t pid = _Fork();
    if (pid == 0) {
        close(fds[0]);
        fn(fds[1], arg);
        _exit(0);
    }
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return bunker_fail(msg, msglen, fork_errno, "fork");
    }

    struct bunker_report r = { -2, 0 };
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = read(fds[0], (char *)&r + got, sizeof r - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fds[0]);

    int status = 0;
    if (wait_exact(pid, &status) < 0)
        return bunker_fail(msg, msglen, errno, "waitpid(%d)", (int)pid);
    if (got < sizeof r) {
        if (WIFSIGNALED(status))
            bunker_msg(msg, msglen, "probe child %d killed by signal %d before reporting",
                       (int)pid, WTERMSIG(status));
        else
            bunker_msg(msg, msglen, "probe child %d exited with status %d before reporting",
                       (int)pid, WEXITSTATUS(status));
        return -EPROTO;
    }
    *out = r;
    return 0;
}
