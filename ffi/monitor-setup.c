/*
 * The monitor's setup (runtime.h, "monitor <-> process setup"): stdio pipes, the setup
 * socket, clone() of the container's first process (or the exec joiner), id maps through
 * newuidmap/newgidmap or /proc/PID/{uid,gid}_map, the attach socket, and the setup protocol until
 * the spawner gets its report. Async-signal-safe only (a fork of the multi-threaded Bun).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "fd-pass.h"
#include "monitor.h"
#include "safe-fmt.h"

void mon_write_report(int fd, const struct mon_report *r) {
    const char *p = (const char *)r;
    size_t left = sizeof *r;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        p += n;
        left -= (size_t)n;
    }
}


/* ---- failure before the report: leave nothing behind --------------------------------------- */

void __attribute__((noreturn)) mon_fail(int err, int code, const char *msg) {
    static struct mon_report r;
    if (mon.proc_pid > 0) kill(mon.proc_pid, SIGKILL);
    if (mon.direct_pid > 0) kill(mon.direct_pid, SIGKILL);
    mon_close_fd(&mon.sync_fd); /* whatever still waits on the setup socket sees EOF */
    for (int i = 0; i < 3; i++) mon_close_fd(&mon.src_fd[i]);
    if (!mon.stdin_is_master) mon_close_fd(&mon.stdin_fd);
    for (;;) { /* we are a subreaper: every descendant ends up here */
        pid_t p = waitpid(-1, NULL, __WALL);
        if (p < 0 && errno == EINTR) continue;
        if (p < 0) break;
    }
    if (mon.socket_bound) unlink(mon.S->socket_path);
    mon_net_close_all();
    mon_log_close();
    r.rc = -(err > 0 ? err : EIO);
    r.monitor_pid = 0;
    r.pid = 0;
    r.exit_code = code > 0 ? code : 125;
    bunker_scat(r.msg, sizeof r.msg, msg, NULL);
    mon_write_report(mon.report_fd, &r);
    _exit(1);
}

void __attribute__((noreturn)) mon_fail_errno(int err, const char *stage) {
    bunker_sfail(mon.tmsg, sizeof mon.tmsg, err, stage);
    mon_fail(err, 125, mon.tmsg);
}

/* ---- the setup socket ------------------------------------------------------------------------ */

int mon_sync_send(int kind) {
    struct bunker_sync m;
    memset(&m, 0, sizeof m);
    m.kind = kind;
    for (;;) {
        ssize_t n = send(mon.sync_fd, &m, sizeof m, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        return n < 0 ? -errno : 0;
    }
}

/* 1 with a message (and a passed fd in *fd, else -1), 0 on EOF, or -errno. */
int mon_sync_recv(struct bunker_sync *m, int *fd) {
    memset(m, 0, sizeof *m);
    ssize_t n = bunker_recv_fd(mon.sync_fd, m, sizeof *m, 0, fd);
    if (n < 0) return (int)n;
    if (n == 0 && *fd < 0) return 0;
    m->msg[sizeof m->msg - 1] = '\0';
    return 1;
}

/* ---- the child ------------------------------------------------------------------------------- */

/* In the new child: stdio on 0-2, the setup socket on 3, nothing else; default signals. */
static void child_prepare(int in, int out, int err, int sfd) {
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (sfd != 3) dup3(sfd, 3, O_CLOEXEC);
    close_range(4, ~0U, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* ---- id maps --------------------------------------------------------------------------------- */

/* One run of newuidmap/newgidmap: both run at the same time (each is a setuid exec). */
struct map_job {
    const char *tool;
    char *argv[2 + 3 * BUNKER_MAX_MAPS + 1];
    char args[BUNKER_MAX_MAPS * 64];
    pid_t pid;
    int fd; /* its stdout+stderr */
};
static struct map_job uid_job, gid_job;
static char pid_str[24];

/* Start `tool <pid> <inside outside count>...`, its output going into a pipe. */
static void start_map_tool(struct map_job *j, const char *tool, const char *const *maps, uint32_t n) {
    size_t at = 0;
    int argc = 0;
    j->tool = tool;
    j->argv[argc++] = (char *)tool;
    j->argv[argc++] = pid_str;
    for (uint32_t i = 0; i < n; i++) {
        const char *p = maps[i];
        while (*p) {
            while (*p == ' ' || *p == '\t') p++;
            if (!*p) break;
            if (argc >= (int)(sizeof j->argv / sizeof j->argv[0]) - 1) break;
            j->argv[argc++] = j->args + at;
            while (*p && *p != ' ' && *p != '\t' && at + 2 < sizeof j->args) j->args[at++] = *p++;
            j->args[at++] = '\0';
            while (*p && *p != ' ' && *p != '\t') p++;
        }
    }
    j->argv[argc] = NULL;
    static char *const no_env[] = { NULL };
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) mon_fail_errno(errno, "pipe");
    pid_t pid = _Fork();
    if (pid < 0) mon_fail_errno(errno, "fork");
    if (pid == 0) {
        dup2(mon.devnull, 0);
        dup2(pfd[1], 1);
        dup2(pfd[1], 2);
        execve(tool, j->argv, no_env);
        static const char failed[] = "exec failed: ";
        const char *e = bunker_strerror(errno);
        if (write(2, failed, sizeof failed - 1) < 0 || write(2, e, strlen(e)) < 0) _exit(127);
        _exit(127);
    }
    close(pfd[1]);
    j->pid = pid;
    j->fd = pfd[0];
}

/* Wait for a started tool; its output goes into the failure message. */
static void finish_map_tool(struct map_job *j) {
    static char out[512];
    size_t got = 0;
    for (;;) {
        ssize_t r = read(j->fd, out + got, sizeof out - 1 - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
        if (got + 1 >= sizeof out) break;
    }
    close(j->fd);
    int status = 0;
    pid_t w;
    do w = waitpid(j->pid, &status, __WALL);
    while (w < 0 && errno == EINTR);
    if (w == j->pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    const char *name = j->tool;
    for (const char *p = j->tool; *p; p++)
        if (*p == '/') name = p + 1;
    while (got > 0 && (out[got - 1] == '\n' || out[got - 1] == ' ')) got--;
    for (size_t i = 0; i < got; i++)
        if (out[i] == '\n') out[i] = ' ';
    out[got] = '\0';
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, mon.tmsg, sizeof mon.tmsg);
    bunker_sfmt_str(&f, name);
    if (WIFSIGNALED(status)) {
        bunker_sfmt_str(&f, ": killed by signal ");
        bunker_sfmt_int(&f, WTERMSIG(status));
    } else {
        bunker_sfmt_str(&f, ": exit status ");
        bunker_sfmt_int(&f, WEXITSTATUS(status));
    }
    if (got > 0) {
        bunker_sfmt_str(&f, ": ");
        bunker_sfmt_str(&f, out);
    }
    mon_fail(EPERM, 125, mon.tmsg);
}

static void write_proc(const char *file, const char *data, size_t len) {
    static char path[64];
    bunker_scat(path, sizeof path, "/proc/", pid_str, "/", file, NULL);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) mon_fail_errno(errno, path);
    ssize_t n = write(fd, data, len);
    int err = n < 0 ? errno : (size_t)n != len ? EIO : 0;
    close(fd);
    if (err) {
        bunker_scat(mon.tmsg, sizeof mon.tmsg, "write ", path, NULL);
        static char stage[128];
        memcpy(stage, mon.tmsg, sizeof stage);
        stage[sizeof stage - 1] = '\0';
        mon_fail_errno(err, stage);
    }
}

static void write_map_file(const char *file, const char *const *maps, uint32_t n) {
    static char buf[BUNKER_MAX_MAPS * 64];
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, buf, sizeof buf);
    for (uint32_t i = 0; i < n; i++) {
        bunker_sfmt_str(&f, maps[i]);
        bunker_sfmt_str(&f, "\n");
    }
    write_proc(file, buf, (size_t)f.len);
}

static void write_maps(void) {
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, pid_str, sizeof pid_str);
    bunker_sfmt_int(&f, mon.proc_pid);
    int uid_tool = mon.S->nuid_map > 0 && mon.S->newuidmap != NULL;
    int gid_tool = mon.S->ngid_map > 0 && mon.S->newgidmap != NULL;
    if (uid_tool) start_map_tool(&uid_job, mon.S->newuidmap, mon.S->uid_map, mon.S->nuid_map);
    if (gid_tool) start_map_tool(&gid_job, mon.S->newgidmap, mon.S->gid_map, mon.S->ngid_map);
    if (uid_tool) finish_map_tool(&uid_job);
    if (gid_tool) finish_map_tool(&gid_job);
    if (mon.S->nuid_map > 0 && !uid_tool) write_map_file("uid_map", mon.S->uid_map, mon.S->nuid_map);
    if (mon.S->ngid_map > 0 && !gid_tool) {
        /* Without CAP_SETGID over the parent namespace the kernel wants setgroups denied;
         * real root keeps setgroups so that supplementary groups still work. */
        if (geteuid() != 0) write_proc("setgroups", "deny", 4);
        write_map_file("gid_map", mon.S->gid_map, mon.S->ngid_map);
    }
}

/* ---- creating the process ------------------------------------------------------------------ */

void mon_create_process(void) {
    int in[2] = { -1, -1 }, out[2], err[2], sp[2];
    if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) mon_fail_errno(errno, "pipe");
    int tty = (mon.S->flags & BUNKER_F_TTY) != 0;
    if ((mon.S->flags & BUNKER_F_STDIN) && !tty && pipe2(in, O_CLOEXEC) < 0) mon_fail_errno(errno, "pipe");
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0) mon_fail_errno(errno, "socketpair");
    int child_in = in[0] >= 0 ? in[0] : mon.devnull;

    pid_t pid;
    if (mon.S->exec_pid == 0) {
        unsigned long flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS;
        if (mon.S->flags & BUNKER_F_NEW_USERNS) flags |= CLONE_NEWUSER;
        if (mon.S->flags & BUNKER_F_NEW_NETNS) flags |= CLONE_NEWNET;
        /* With cgroups to join, the child unshares its cgroup namespace after joining them. */
        if ((mon.S->flags & BUNKER_F_NEW_CGROUPNS) && mon.S->ncgroup_procs == 0) flags |= CLONE_NEWCGROUP;
        if (mon.S->userns_path != NULL) {
            /* Join the daemon's shared user namespace (its maps are already written): the
             * namespaces cloned below then belong to it, and no newuidmap run is needed. */
            int nsfd = open(mon.S->userns_path, O_RDONLY | O_CLOEXEC);
            if (nsfd < 0) mon_fail_errno(errno, "open the shared user namespace");
            if (setns(nsfd, CLONE_NEWUSER) < 0) mon_fail_errno(errno, "setns into the shared user namespace");
            close(nsfd);
        }
        /* Raw clone without CLONE_VM: fork-like, the child runs on a copy of this stack. */
        pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
        if (pid == 0) {
            child_prepare(child_in, out[1], err[1], sp[1]);
            bunker_container_main(mon.S, 3);
        }
        if (pid < 0) mon_fail_errno(errno, "clone");
        mon.proc_pid = pid;
    } else {
        pid = _Fork();
        if (pid == 0) {
            child_prepare(child_in, out[1], err[1], sp[1]);
            bunker_exec_main(mon.S, 3);
        }
        if (pid < 0) mon_fail_errno(errno, "fork");
    }
    mon.direct_pid = pid;
    close(out[1]);
    close(err[1]);
    close(sp[1]);
    if (in[0] >= 0) close(in[0]);
    mon.src_fd[0] = out[0];
    mon.src_fd[1] = err[0];
    mon_set_nonblock(out[0]);
    mon_set_nonblock(err[0]);
    if (in[1] >= 0) {
        mon.stdin_fd = in[1];
        mon_set_nonblock(mon.stdin_fd);
    }
    mon.sync_fd = sp[0];

    if (mon.S->exec_pid == 0) {
        if (mon.S->flags & BUNKER_F_NEW_USERNS) write_maps();
        int rc = mon_sync_send(BUNKER_SYNC_MAPS);
        if (rc < 0) mon_fail_errno(-rc, "send MAPS");
    }
}

static void take_master(int fd) {
    if (mon.src_fd[2] >= 0) close(mon.src_fd[2]);
    mon.src_fd[2] = fd;
    mon_set_nonblock(fd);
    if (mon.S->rows > 0 && mon.S->cols > 0) {
        struct winsize ws = { .ws_row = mon.S->rows, .ws_col = mon.S->cols };
        ioctl(fd, TIOCSWINSZ, &ws);
    }
    if (mon.S->flags & BUNKER_F_STDIN) {
        mon.stdin_fd = fd;
        mon.stdin_is_master = 1;
    }
}

/* Follows the setup protocol until the process waits for START (returns 1) or exec'd (0). */
int mon_setup_protocol(void) {
    /* A setup that hangs (e.g. a deadlock in a child of the multi-threaded Bun) must not block
     * the spawner, whose thread waits for the report, forever. */
    int64_t deadline = mon_now_ms() + SETUP_TIMEOUT_MS;
    for (;;) {
        struct bunker_sync m;
        int fd;
        struct pollfd pf = { .fd = mon.sync_fd, .events = POLLIN };
        int64_t left = deadline - mon_now_ms();
        int pr = left > 0 ? poll(&pf, 1, (int)left) : 0;
        if (pr < 0 && errno == EINTR) continue;
        if (pr == 0) mon_fail(ETIMEDOUT, 125, "container setup did not finish within 60 s");
        int r = mon_sync_recv(&m, &fd);
        if (r < 0) mon_fail_errno(-r, "setup socket");
        if (r == 0) {
            if (mon.proc_pid <= 0) mon_fail(EPROTO, 125, "the process setup ended without reporting its pid");
            mon_close_fd(&mon.sync_fd);
            return 0;
        }
        switch (m.kind) {
        case BUNKER_SYNC_CONSOLE:
            if (fd < 0) mon_fail(EPROTO, 125, "CONSOLE without a file descriptor");
            take_master(fd);
            break;
        case BUNKER_SYNC_PID:
            if (fd >= 0) close(fd);
            mon.proc_pid = m.code;
            break;
        case BUNKER_SYNC_TAP:
            if (fd < 0) mon_fail(EPROTO, 125, "TAP without a file descriptor");
            mon_net_set_tap(m.code, fd);
            break;
        case BUNKER_SYNC_READY:
            if (fd >= 0) close(fd);
            if (mon.S->flags & BUNKER_F_WAIT_START) return 1;
            if ((r = mon_sync_send(BUNKER_SYNC_GO)) < 0) mon_fail_errno(-r, "send GO");
            break;
        case BUNKER_SYNC_ERROR:
            if (fd >= 0) close(fd);
            mon_fail(m.err > 0 ? m.err : EIO, m.code > 0 ? m.code : 125, m.msg);
        default:
            if (fd >= 0) close(fd);
            mon_fail(EPROTO, 125, "unexpected message on the setup socket");
        }
    }
}

void mon_listen_socket(void) {
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    size_t n = strlen(mon.S->socket_path);
    if (n >= sizeof a.sun_path) mon_fail_errno(ENAMETOOLONG, "attach socket path");
    memcpy(a.sun_path, mon.S->socket_path, n + 1);
    mon.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (mon.listen_fd < 0) mon_fail_errno(errno, "socket");
    unlink(mon.S->socket_path); /* a stale socket of an earlier monitor */
    mode_t old = umask(0177);
    int rc = bind(mon.listen_fd, (struct sockaddr *)&a, sizeof a);
    int err = errno;
    umask(old);
    if (rc < 0) mon_fail_errno(err, "bind attach socket");
    mon.socket_bound = 1;
    if (listen(mon.listen_fd, 64) < 0) mon_fail_errno(errno, "listen");
    mon_net_listen_spec();
}

