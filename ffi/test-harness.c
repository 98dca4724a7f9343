/*
 * TEST-ONLY. Not part of the runtime: nothing in src/ calls these functions; only
 * test/helpers/container-harness.ts does.
 *
 * A minimal stand-in for the per-container monitor, so that bunker_container_main and
 * bunker_exec_main can be tested on their own: fork from Bun (as child.c does: _Fork, every
 * signal blocked), clone() the container's first process into new namespaces (or fork an exec
 * child), write the id maps, answer the sync protocol of runtime.h (MAPS, GO after READY,
 * CONSOLE, PID, ERROR), capture stdout+stderr (or the pty's output) into the caller's buffer,
 * wait and report the exit status (128+signal when killed). A detached mode returns once the
 * process has exec'd; bunker_test_reap collects that stand-in monitor later.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "container.h"
#include "safe-fmt.h"

/* The harness's result record, monitor -> caller. */
struct result {
    int32_t final;    /* 0 = started (detached mode), 1 = the process is gone */
    int32_t exit_code;
    int32_t err;      /* errno of an ERROR, or of a harness failure */
    int32_t code;     /* ERROR's exit code; 0 = no ERROR */
    int32_t pid;      /* the process (container init, or the exec'd process) */
    int32_t timed_out;
    int32_t console;  /* a CONSOLE arrived */
    int32_t harness;  /* 1 = msg is a harness failure (not the child's ERROR) */
    char msg[256];
};

enum { OPT_DETACH = 1 };

static struct bunker_spec spec;

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void write_all(int fd, const void *p, size_t n) {
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        c += w;
        n -= (size_t)w;
    }
}

static int write_file(const char *path, const char *data, size_t len) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    ssize_t n = write(fd, data, len);
    int rc = n < 0 ? -errno : (size_t)n != len ? -EIO : 0;
    close(fd);
    return rc;
}

/* newuidmap/newgidmap PID inside outside count ...; its stderr goes into msg on failure. */
static int run_idmap_tool(const char *tool, pid_t pid, const char *const *lines, uint32_t n, char *msg, int msglen) {
    char words[BUNKER_MAX_MAPS][64];
    char *argv[3 + 3 * BUNKER_MAX_MAPS + 1];
    char pidbuf[24];
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, pidbuf, sizeof pidbuf);
    bunker_sfmt_uint(&f, (unsigned)pid);
    int argc = 0;
    argv[argc++] = (char *)tool;
    argv[argc++] = pidbuf;
    for (uint32_t i = 0; i < n && i < BUNKER_MAX_MAPS; i++) {
        bunker_sfmt_init(&f, words[i], sizeof words[i]);
        bunker_sfmt_str(&f, lines[i]);
        char *p = words[i];
        for (int k = 0; k < 3; k++) {
            argv[argc++] = p;
            while (*p && *p != ' ') p++;
            if (*p) *p++ = '\0';
        }
    }
    argv[argc] = NULL;
    int errp[2];
    if (pipe2(errp, O_CLOEXEC) < 0) return bunker_sfail(msg, msglen, errno, tool);
    pid_t t = _Fork();
    if (t < 0) { close(errp[0]); close(errp[1]); return bunker_sfail(msg, msglen, errno, tool); }
    if (t == 0) {
        dup2(errp[1], 2);
        bunker_ct_reset_signals();
        char *envp[] = { NULL };
        execve(tool, argv, envp);
        _exit(127);
    }
    close(errp[1]);
    char err[200];
    size_t got = 0;
    for (;;) {
        ssize_t r = read(errp[0], err + got, sizeof err - 1 - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
        if (got == sizeof err - 1) break;
    }
    err[got] = '\0';
    while (got > 0 && (err[got - 1] == '\n' || err[got - 1] == ' ')) err[--got] = '\0';
    close(errp[0]);
    int st = 0;
    while (waitpid(t, &st, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return 0;
    bunker_sfmt_init(&f, msg, msglen);
    bunker_sfmt_str(&f, tool);
    bunker_sfmt_str(&f, ": exit status ");
    bunker_sfmt_int(&f, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    bunker_sfmt_str(&f, ": ");
    bunker_sfmt_str(&f, err);
    return -EPERM;
}

static int write_maps(pid_t pid, char *msg, int msglen) {
    char path[64], pidbuf[24], data[BUNKER_MAX_MAPS * 64];
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, pidbuf, sizeof pidbuf);
    bunker_sfmt_uint(&f, (unsigned)pid);
    int rc;
    if (spec.newuidmap != NULL) {
        if ((rc = run_idmap_tool(spec.newuidmap, pid, spec.uid_map, spec.nuid_map, msg, msglen)) < 0) return rc;
    } else if (spec.nuid_map > 0) {
        bunker_sfmt_init(&f, data, sizeof data);
        for (uint32_t i = 0; i < spec.nuid_map; i++) { bunker_sfmt_str(&f, spec.uid_map[i]); bunker_sfmt_str(&f, "\n"); }
        bunker_scat(path, sizeof path, "/proc/", pidbuf, "/uid_map", (const char *)NULL);
        if ((rc = write_file(path, data, (size_t)f.len)) < 0) return bunker_sfail(msg, msglen, -rc, "write uid_map");
    }
    if (spec.newgidmap != NULL) {
        if ((rc = run_idmap_tool(spec.newgidmap, pid, spec.gid_map, spec.ngid_map, msg, msglen)) < 0) return rc;
    } else if (spec.ngid_map > 0) {
        bunker_scat(path, sizeof path, "/proc/", pidbuf, "/setgroups", (const char *)NULL);
        if ((rc = write_file(path, "deny", 4)) < 0) return bunker_sfail(msg, msglen, -rc, "write setgroups");
        bunker_sfmt_init(&f, data, sizeof data);
        for (uint32_t i = 0; i < spec.ngid_map; i++) { bunker_sfmt_str(&f, spec.gid_map[i]); bunker_sfmt_str(&f, "\n"); }
        bunker_scat(path, sizeof path, "/proc/", pidbuf, "/gid_map", (const char *)NULL);
        if ((rc = write_file(path, data, (size_t)f.len)) < 0) return bunker_sfail(msg, msglen, -rc, "write gid_map");
    }
    return 0;
}

static void child_stdio(int out_fd, int res_fd, int sync_mine) {
    close(sync_mine);
    close(res_fd);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    dup2(null, 0);
    dup2(out_fd, 1);
    dup2(out_fd, 2);
    if (null > 2) close(null);
    if (out_fd > 2) close(out_fd);
}

/* Relays what the pty master has into out (or drops it); returns 0 at EOF/EIO. */
static int relay(int master, int out_fd) {
    char buf[4096];
    ssize_t n = read(master, buf, sizeof buf);
    if (n > 0) {
        if (out_fd >= 0) write_all(out_fd, buf, (size_t)n);
        return 1;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return 1;
    return 0;
}

static void finish(int res_fd, struct result *r) {
    r->final = 1;
    write_all(res_fd, r, sizeof *r);
    _exit(0);
}

static void monitor(int detach, int timeout_ms, int sync_mine, int sync_child, int out_fd, int res_fd) {
    struct result r;
    memset(&r, 0, sizeof r);
    long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 30000);
    int exec_mode = spec.exec_pid != 0;
    if (detach) {
        close(out_fd);
        out_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    }

    pid_t pid;
    if (exec_mode) {
        prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        pid = _Fork();
        if (pid == 0) {
            child_stdio(out_fd, res_fd, sync_mine);
            bunker_exec_main(&spec, sync_child);
        }
    } else {
        unsigned long flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | SIGCHLD;
        if (spec.flags & BUNKER_F_NEW_USERNS) flags |= CLONE_NEWUSER;
        if (spec.flags & BUNKER_F_NEW_NETNS) flags |= CLONE_NEWNET;
        if (spec.flags & BUNKER_F_NEW_CGROUPNS) flags |= CLONE_NEWCGROUP;
        pid = (pid_t)syscall(SYS_clone, flags, 0, 0, 0, 0);
        if (pid == 0) {
            child_stdio(out_fd, res_fd, sync_mine);
            bunker_container_main(&spec, sync_child);
        }
    }
    if (pid < 0) {
        r.err = errno;
        r.harness = 1;
        bunker_sfail(r.msg, sizeof r.msg, errno, exec_mode ? "fork" : "clone");
        finish(res_fd, &r);
    }
    close(sync_child);
    r.pid = pid;
    pid_t wait_for = pid;

    if (!exec_mode) {
        if (spec.flags & BUNKER_F_NEW_USERNS) {
            int rc = write_maps(pid, r.msg, sizeof r.msg);
            if (rc < 0) {
                r.err = -rc;
                r.harness = 1;
                kill(pid, SIGKILL);
                while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR) {}
                r.exit_code = 125;
                finish(res_fd, &r);
            }
        }
        bunker_sync_send(sync_mine, BUNKER_SYNC_MAPS, 0, 0, NULL, -1);
    }

    /* The sync conversation, until EOF (exec'd, or died), relaying the pty meanwhile. */
    int master = -1;
    int sync_open = 1;
    while (sync_open) {
        struct pollfd p[2] = { { sync_mine, POLLIN, 0 }, { master, POLLIN, 0 } };
        long long left = deadline - now_ms();
        if (left <= 0) { r.timed_out = 1; kill(wait_for, SIGKILL); break; }
        int n = poll(p, master >= 0 ? 2 : 1, (int)left);
        if (n < 0 && errno == EINTR) continue;
        if (master >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) relay(master, out_fd);
        if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        struct bunker_sync m;
        int fd = -1;
        int rc = bunker_sync_recv(sync_mine, &m, &fd);
        if (rc <= 0) { sync_open = 0; break; }
        switch (m.kind) {
        case BUNKER_SYNC_CONSOLE:
            if (fd >= 0) {
                master = fd;
                fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
                r.console = 1;
            }
            break;
        case BUNKER_SYNC_READY:
            bunker_sync_send(sync_mine, BUNKER_SYNC_GO, 0, 0, NULL, -1);
            break;
        case BUNKER_SYNC_ERROR:
            r.err = m.err;
            r.code = m.code;
            bunker_scat(r.msg, sizeof r.msg, m.msg, (const char *)NULL);
            break;
        case BUNKER_SYNC_PID:
            r.pid = m.code;
            wait_for = m.code;
            break;
        default:
            break;
        }
        if (fd >= 0 && fd != master) close(fd);
    }
    close(sync_mine);
    if (detach) {
        write_all(res_fd, &r, sizeof r); /* started (or failed: final follows) */
        deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 30000); /* a safety net for leaks */
    }

    /* Wait for the process, relaying the pty until it is gone. */
    int status = 0, done = 0;
    while (!done) {
        int st;
        pid_t got = waitpid(-1, &st, WNOHANG | __WALL);
        if (got == wait_for) { status = st; done = 1; break; }
        if (got > 0) continue; /* the exec mode's intermediate child */
        if (got < 0 && errno == ECHILD) { done = 1; break; }
        long long left = deadline - now_ms();
        if (left <= 0 && !r.timed_out) { r.timed_out = 1; kill(wait_for, SIGKILL); }
        struct pollfd p = { master, POLLIN, 0 };
        int ms = left > 20 ? 20 : left < 1 ? 1 : (int)left;
        if (master >= 0) {
            if (poll(&p, 1, ms) > 0 && !relay(master, out_fd)) { close(master); master = -1; }
        } else {
            struct timespec ts = { 0, (long)ms * 1000000L };
            nanosleep(&ts, NULL);
        }
    }
    if (master >= 0) {
        while (relay(master, out_fd)) {
            struct pollfd p = { master, POLLIN, 0 };
            if (poll(&p, 1, 50) <= 0) break;
        }
        close(master);
    }
    r.exit_code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    close(out_fd);
    finish(res_fd, &r);
}

/*
 * TEST-ONLY. opts[0]: 1 = detach; opts[1]: timeout in ms (the process is killed after it).
 * res: [0] exit code, [1] errno of ERROR/harness failure, [2] ERROR's exit code (0 = none),
 * [3] stand-in monitor pid, [4] process pid, [5] output bytes, [6] timed out, [7] got a
 * CONSOLE, [8] 1 when msg is a harness failure. Returns 0 or -errno (spec or harness setup).
 */
int bunker_test_run(const uint8_t *buf, uint32_t len, const int32_t *opts, int32_t *res,
                    char *out, int outcap, char *msg, int msglen) {
    int rc = bunker_spec_parse(buf, len, &spec, msg, msglen);
    if (rc < 0) return rc;
    for (int i = 0; i < 9; i++) res[i] = 0;
    int detach = opts[0] & OPT_DETACH;
    int sp[2], outp[2], resp[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0) return bunker_fail(msg, msglen, errno, "socketpair");
    if (pipe2(outp, O_CLOEXEC) < 0) { close(sp[0]); close(sp[1]); return bunker_fail(msg, msglen, errno, "pipe2"); }
    if (pipe2(resp, O_CLOEXEC) < 0) { close(sp[0]); close(sp[1]); close(outp[0]); close(outp[1]); return bunker_fail(msg, msglen, errno, "pipe2"); }

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t m = _Fork();
    if (m == 0) {
        close(outp[0]);
        close(resp[0]);
        monitor(detach, opts[1], sp[0], sp[1], outp[1], resp[1]);
    }
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(sp[0]);
    close(sp[1]);
    close(outp[1]);
    close(resp[1]);
    if (m < 0) {
        close(outp[0]);
        close(resp[0]);
        return bunker_fail(msg, msglen, fork_errno, "fork");
    }
    res[3] = m;

    int got = 0;
    if (!detach) {
        char sink[4096];
        for (;;) {
            char *dst = got < outcap - 1 ? out + got : sink;
            size_t room = got < outcap - 1 ? (size_t)(outcap - 1 - got) : sizeof sink;
            ssize_t n = read(outp[0], dst, room);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            if (dst != sink) got += (int)n;
        }
    }
    close(outp[0]);
    if (outcap > 0) out[got] = '\0';
    res[5] = got;

    struct result r;
    memset(&r, 0, sizeof r);
    size_t have = 0;
    while (have < sizeof r) {
        ssize_t n = read(resp[0], (char *)&r + have, sizeof r - have);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        have += (size_t)n;
    }
    close(resp[0]);
    if (!detach || r.final) {
        int st;
        while (waitpid(m, &st, 0) < 0 && errno == EINTR) {}
    }
    if (have < sizeof r) {
        bunker_msg(msg, msglen, "test harness: the stand-in monitor died without a result");
        return -EPROTO;
    }
    res[0] = r.exit_code;
    res[1] = r.err;
    res[2] = r.code;
    res[4] = r.pid;
    res[6] = r.timed_out;
    res[7] = r.console;
    res[8] = r.harness;
    bunker_msg(msg, msglen, "%s", r.msg);
    return 0;
}

/* TEST-ONLY. Waits (up to timeout_ms, then SIGKILL) for a detached run's stand-in monitor. */
int bunker_test_reap(int32_t monitor_pid, int32_t timeout_ms) {
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        int st;
        pid_t got = waitpid(monitor_pid, &st, WNOHANG);
        if (got == monitor_pid) return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        if (got < 0) return -errno;
        if (now_ms() > deadline) kill(monitor_pid, SIGKILL);
        struct timespec ts = { 0, 10 * 1000000L };
        nanosleep(&ts, NULL);
    }
}
