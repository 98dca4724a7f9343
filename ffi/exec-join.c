/*
 * docker exec (runtime.h, "monitor <-> process setup", exec mode): join a running
 * container's namespaces, fork into its pid namespace, report the new pid, exec. Runs in the
 * child the monitor forked; async-signal-safe code only, no malloc.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container.h"
#include "safe-fmt.h"

#define MSG_CAP ((int)sizeof ((struct bunker_sync *)0)->msg)

struct ns {
    const char *name;
    int type;
};
/* The user namespace first: it grants the capabilities to join the others. */
static const struct ns namespaces[] = {
    { "user", CLONE_NEWUSER }, { "mnt", CLONE_NEWNS },  { "ipc", CLONE_NEWIPC },       { "uts", CLONE_NEWUTS },
    { "net", CLONE_NEWNET },   { "pid", CLONE_NEWPID }, { "cgroup", CLONE_NEWCGROUP },
};
#define NNS (sizeof namespaces / sizeof namespaces[0])

/* Whether fd is the namespace we are in already (same inode). */
static int same_ns(int fd, const char *name) {
    char path[64];
    struct stat a, b;
    bunker_scat(path, sizeof path, "/proc/self/ns/", name, (const char *)NULL);
    if (fstat(fd, &a) < 0 || stat(path, &b) < 0) return 0;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void bunker_exec_main(const struct bunker_spec *s, int sync_fd) {
    char msg[MSG_CAP];
    int rc;
    if (s->exec_pid == 0) bunker_ct_die(sync_fd, 125, EINVAL, "spec: exec mode without an exec pid");
    if (s->argc == 0) bunker_ct_die(sync_fd, 125, EINVAL, "spec: no command");

    char pid[24];
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, pid, sizeof pid);
    bunker_sfmt_uint(&f, s->exec_pid);

    /* The container's cgroups first, while their host paths are still visible. */
    if ((rc = bunker_join_cgroups(s, msg, sizeof msg)) < 0) bunker_ct_die(sync_fd, 125, -rc, msg);

    /* Open them all first: after setns(mnt), /proc is the container's. */
    int fds[NNS];
    for (size_t i = 0; i < NNS; i++) {
        char path[64];
        bunker_scat(path, sizeof path, "/proc/", pid, "/ns/", namespaces[i].name, (const char *)NULL);
        fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (fds[i] < 0) {
            int err = errno;
            if (err == ENOENT && namespaces[i].type == CLONE_NEWCGROUP) continue; /* old kernel */
            if (err == ENOENT || err == ESRCH) {
                bunker_scat(msg, sizeof msg, "join container: process ", pid, " is not running", (const char *)NULL);
                bunker_ct_die(sync_fd, 125, ESRCH, msg);
            }
            bunker_scat(msg, sizeof msg, "open ", path, ": ", bunker_strerror(err), (const char *)NULL);
            bunker_ct_die(sync_fd, 125, err, msg);
        }
        if (same_ns(fds[i], namespaces[i].name)) {
            close(fds[i]);
            fds[i] = -1;
        }
    }
    for (size_t i = 0; i < NNS; i++) {
        if (fds[i] < 0) continue;
        if (setns(fds[i], namespaces[i].type) < 0) {
            int err = errno;
            bunker_scat(msg, sizeof msg, "setns ", namespaces[i].name, " of process ", pid, ": ", bunker_strerror(err), (const char *)NULL);
            bunker_ct_die(sync_fd, 125, err, msg);
        }
        close(fds[i]);
        if (namespaces[i].type == CLONE_NEWUSER) {
            /* Become the container's root (our own id is what it maps to 0 when rootless). */
            if (syscall(SYS_setresgid, 0L, 0L, 0L) < 0) bunker_ct_die_errno(sync_fd, "setresgid(0)", errno);
            if (syscall(SYS_setresuid, 0L, 0L, 0L) < 0) bunker_ct_die_errno(sync_fd, "setresuid(0)", errno);
        }
    }

    /* Into the pid namespace: only children enter it. The parent reports the pid, and the
     * child waits until it has, so PID always comes before CONSOLE/READY/ERROR. */
    int gate[2];
    if (pipe2(gate, O_CLOEXEC) < 0) bunker_ct_die_errno(sync_fd, "pipe2", errno);
    pid_t child = _Fork();
    if (child < 0) bunker_ct_die_errno(sync_fd, "fork into the container's pid namespace", errno);
    if (child > 0) {
        close(gate[0]);
        rc = bunker_sync_send(sync_fd, BUNKER_SYNC_PID, 0, (int32_t)child, NULL, -1);
        close(gate[1]);
        _exit(rc < 0 ? 125 : 0);
    }
    close(gate[1]);
    char c;
    ssize_t n;
    do n = read(gate[0], &c, 1);
    while (n < 0 && errno == EINTR);
    close(gate[0]);

    int slave = -1;
    if (s->flags & BUNKER_F_TTY) {
        int master, index;
        rc = bunker_ct_open_pty("/dev/pts/ptmx", s->rows, s->cols, &master, &slave, &index, msg, sizeof msg);
        if (rc < 0) bunker_ct_die(sync_fd, 125, -rc, msg);
        if (fchown(slave, s->uid, (gid_t)-1) < 0) { /* keep root's */ }
        rc = bunker_sync_send(sync_fd, BUNKER_SYNC_CONSOLE, 0, 0, NULL, master);
        if (rc < 0) bunker_ct_die_errno(sync_fd, "send the console to the monitor", -rc);
        close(master);
    }
    const char *cwd = s->cwd != NULL ? s->cwd : "/";
    if (chdir(cwd) < 0) {
        int err = errno;
        bunker_scat(msg, sizeof msg, "chdir to cwd \"", cwd, "\": ", bunker_strerror(err), (const char *)NULL);
        bunker_ct_die(sync_fd, 125, err, msg);
    }
    if (s->flags & BUNKER_F_WAIT_START) {
        struct bunker_sync m;
        if (bunker_sync_send(sync_fd, BUNKER_SYNC_READY, 0, 0, NULL, -1) < 0) _exit(125);
        rc = bunker_sync_recv(sync_fd, &m, NULL);
        if (rc <= 0) _exit(125);
        if (m.kind != BUNKER_SYNC_GO) bunker_ct_die(sync_fd, 125, EPROTO, "sync: expected GO from the monitor");
    }
    bunker_ct_session(sync_fd, slave);
    syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */);
    if ((rc = bunker_process_setup(s, msg, sizeof msg)) < 0) bunker_ct_die(sync_fd, 125, -rc, msg);
    bunker_ct_exec(s, sync_fd);
}
