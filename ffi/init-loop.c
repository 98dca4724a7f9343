/*
 * --init (runtime.h): pid 1 of the container forwards signals to the command and reaps
 * zombies, as Docker's tini does. Every signal is blocked and read from a signalfd, so no
 * signal can slip between a check and a wait. Async-signal-safe only.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harden.h"
#include "runtime.h"

static void on_signal(int sig) { (void)sig; }

static int exit_code(int status) {
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

/* Reaps every exited child; returns 1 and sets *code once `child` is among them. */
static int reap(pid_t child, int *code) {
    int done = 0;
    for (;;) {
        int status;
        pid_t got = waitpid(-1, &status, WNOHANG);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0 && errno == ECHILD) {
            if (!done) { *code = 0; done = 1; } /* nothing left to wait for */
            return done;
        }
        if (got <= 0) return done;
        if (got == child) { *code = exit_code(status); done = 1; }
    }
}

void bunker_init_loop(int child) {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    /* A handler for every catchable signal: an inherited SIG_IGN on SIGCHLD would make the
     * kernel reap children itself, and the kernel drops signals to a namespace's init whose
     * disposition is the default once they are unblocked. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigfillset(&sa.sa_mask);
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &sa, NULL);

    int code = 0;
    int sfd = signalfd(-1, &all, SFD_CLOEXEC);
    if (sfd < 0) {
        /* No signalfd: still reap and forward, with sigwaitinfo on the blocked set. */
        for (;;) {
            if (reap(child, &code)) _exit(code);
            siginfo_t info;
            int sig = sigwaitinfo(&all, &info);
            if (sig > 0 && sig != SIGCHLD) kill(child, sig);
        }
    }
    for (;;) {
        /* Children that exited before the signalfd existed sent a SIGCHLD that is pending
         * (blocked signals are never discarded); reaping first covers it either way. */
        if (reap(child, &code)) {
            int rest;
            reap(child, &rest); /* collect what is left; the child's code stays */
            _exit(code);
        }
        struct signalfd_siginfo si[16];
        ssize_t n = read(sfd, si, sizeof si);
        if (n < 0) continue; /* EINTR */
        for (size_t i = 0; i < (size_t)n / sizeof si[0]; i++) {
            int sig = (int)si[i].ssi_signo;
            if (sig == SIGCHLD) continue;
            kill(child, sig);
        }
    }
}
