/*
 * The per-container monitor (runtime.h, parts 2 and 3): forked from Bun by bunker_spawn (via a
 * setsid'd intermediate, so it is reparented to init), it creates the container's process (or
 * the exec'd one), holds its stdio, writes the json-file log and state.json, and serves the
 * attach socket. One thread, one poll loop, static tables, async-signal-safe calls only.
 *
 * Slow attach clients: each client has a 256 KiB output buffer. Output is read from the
 * process only while every OUTPUT client has room for a full read, so a slow reader slows the
 * container down (as with Docker) instead of losing output; a client that has had no room
 * for 10 s in a row is dropped, so a stuck reader cannot block the container forever.
 * Exit: once the process is reaped and its output fds reached EOF, or 1 s after it was
 * reaped (a daemonized grandchild may hold the pipes open forever), the monitor drains what
 * is readable, writes the log and state.json ("exited"), sends EXIT to every client, flushes
 * them for at most 5 s, unlinks the socket and exits.
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

#include "monitor.h"
#include "safe-fmt.h"

struct mon_globals mon = {
    .report_fd = -1,
    .proc_pid = -1,
    .direct_pid = -1,
    .sync_fd = -1,
    .devnull = -1,
    .listen_fd = -1,
    .sig_fd = -1,
    .src_fd = { -1, -1, -1 },
    .stdin_fd = -1,
    .forced_code = -1,
    .replay_active = 1,
};

/* ---- the process's output and exit ------------------------------------------------------------ */

static int stream_of(int src) { return src == 1 ? MON_STDERR : MON_STDOUT; }

static void source_closed(int src) {
    mon_close_fd(&mon.src_fd[src]);
    if (src == 2 && mon.stdin_is_master) {
        mon.stdin_fd = -1;
        mon.stdin_len = mon.stdin_head = 0;
    }
    int stream = stream_of(src);
    for (int i = 0; i < 3; i++)
        if (mon.src_fd[i] >= 0 && stream_of(i) == stream) return;
    struct timespec ts = mon_now_real();
    mon_log_end(stream, &ts);
}

/* Reads once from a source; returns the bytes read (0 at EOF/error, -1 when nothing yet). */
static ssize_t read_source(int src) {
    static uint8_t buf[READ_CHUNK];
    ssize_t n = read(mon.src_fd[src], buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return -1;
    if (n <= 0) { /* EOF, or EIO on a master whose slaves are all closed */
        source_closed(src);
        return 0;
    }
    struct timespec ts = mon_now_real();
    int stream = stream_of(src);
    mon_log_output(stream, buf, (size_t)n, &ts);
    mon_log_flush(); /* one write per read: readers of the log see lines as they come */
    mon_distribute(stream, buf, (size_t)n);
    return n;
}

static void reap(void) {
    struct signalfd_siginfo si;
    while (read(mon.sig_fd, &si, sizeof si) == (ssize_t)sizeof si) {}
    for (;;) {
        int status;
        pid_t p = waitpid(-1, &status, WNOHANG | __WALL);
        if (p < 0 && errno == EINTR) continue;
        if (p <= 0) break;
        if (p == mon.proc_pid && !mon.exited) {
            mon.exited = 1;
            mon.exit_status = status;
            mon.exit_ms = mon_now_ms();
        }
    }
}

static void on_sync(void) {
    struct bunker_sync m;
    int fd;
    int r = mon_sync_recv(&m, &fd);
    if (fd >= 0) close(fd);
    if (r == 1 && m.kind == BUNKER_SYNC_ERROR) {
        mon.start_failed = 1;
        mon.start_pending = 0;
        mon.forced_code = m.code > 0 ? m.code : 125;
        bunker_scat(mon.error_msg, sizeof mon.error_msg, m.msg, NULL);
        mon.st.error = mon.error_msg;
        for (int i = 0; i < MON_MAX_CLIENTS; i++)
            if (mon_clients[i].fd >= 0 && mon_clients[i].start_wait) {
                mon_clients[i].start_wait = 0;
                mon_send_start_err(&mon_clients[i], mon.forced_code, mon.error_msg);
            }
        return;
    }
    if (r == 1) return; /* nothing else is expected now */
    mon_close_fd(&mon.sync_fd);
    if (mon.start_pending && mon.go_sent && !mon.start_failed) { /* exec'd */
        mon.start_pending = 0;
        mon.st.status = "running";
        mon.st.started = mon_now_real();
        mon_state_write(mon.S->state_dir, &mon.st, mon.tmsg, sizeof mon.tmsg);
        for (int i = 0; i < MON_MAX_CLIENTS; i++)
            if (mon_clients[i].fd >= 0 && mon_clients[i].start_wait) {
                mon_clients[i].start_wait = 0;
                mon_client_frame(&mon_clients[i], BUNKER_FR_START_OK, NULL, 0);
            }
    }
    mon.start_pending = 0;
}

static void __attribute__((noreturn)) finish(void) {
    /* What is still readable belongs to the log (bounded: a writer may go on forever). */
    for (int src = 0; src < 3; src++)
        for (int k = 0; k < 64 && mon.src_fd[src] >= 0; k++)
            if (read_source(src) <= 0) break;
    struct timespec ts = mon_now_real();
    mon_log_end(MON_STDOUT, &ts);
    mon_log_end(MON_STDERR, &ts);
    mon_log_close();
    mon_close_fd(&mon.listen_fd);
    unlink(mon.S->socket_path);
    mon_net_stop_listening();

    int code, sig = 0;
    if (WIFSIGNALED(mon.exit_status)) sig = WTERMSIG(mon.exit_status), code = 128 + sig;
    else code = WEXITSTATUS(mon.exit_status);
    if (mon.forced_code >= 0) code = mon.forced_code;
    mon.st.status = "exited";
    mon.st.exit_code = code;
    mon.st.signal = sig;
    mon.st.finished = mon_now_real();
    mon_state_write(mon.S->state_dir, &mon.st, mon.tmsg, sizeof mon.tmsg);

    uint8_t p[8];
    mon_put_be32(p, (uint32_t)code);
    mon_put_be32(p + 4, (uint32_t)sig);
    for (int i = 0; i < MON_MAX_CLIENTS; i++) {
        struct mon_client *c = &mon_clients[i];
        if (c->fd < 0) continue;
        if (c->start_wait) mon_send_start_err(c, 125, "the container process exited before it was started");
        mon_client_frame(c, BUNKER_FR_EXIT, p, 8);
    }
    int64_t deadline = mon_now_ms() + FLUSH_MS;
    for (;;) {
        struct pollfd pf[MON_MAX_CLIENTS];
        int n = 0;
        for (int i = 0; i < MON_MAX_CLIENTS; i++) {
            struct mon_client *c = &mon_clients[i];
            if (c->fd >= 0 && (c->out_len > 0 || c->replay_pos < c->replay_end))
                pf[n++] = (struct pollfd){ .fd = c->fd, .events = POLLOUT };
        }
        int64_t left = deadline - mon_now_ms();
        if (n == 0 || left <= 0) break;
        poll(pf, (nfds_t)n, (int)left);
        for (int i = 0; i < MON_MAX_CLIENTS; i++)
            if (mon_clients[i].fd >= 0) mon_client_flush(&mon_clients[i]);
    }
    for (int i = 0; i < MON_MAX_CLIENTS; i++) mon_drop_client(&mon_clients[i]);
    mon_net_linger(NET_LINGER_MS);
    mon_net_close_all();
    _exit(0);
}

/* ---- the loop ------------------------------------------------------------------------------- */

enum { P_LISTEN, P_SIGNAL, P_SYNC, P_SOURCE, P_STDIN, P_CLIENT, P_NET };

static void __attribute__((noreturn)) event_loop(void) {
    enum { POLL_MAX = 8 + MON_MAX_CLIENTS + 3 * MON_MAX_NET };
    static struct pollfd pf[POLL_MAX];
    static int kind[POLL_MAX], idx[POLL_MAX];
    for (;;) {
        int64_t now = mon_now_ms();
        if (mon.exited) {
            if ((mon.src_fd[0] < 0 && mon.src_fd[1] < 0 && mon.src_fd[2] < 0) || now - mon.exit_ms >= GRACE_MS) finish();
        }
        int n = 0, timeout = -1;
#define ADD(fd_, ev_, k_, i_) (pf[n] = (struct pollfd){ .fd = (fd_), .events = (ev_) }, kind[n] = (k_), idx[n] = (i_), n++)
        ADD(mon.listen_fd, POLLIN, P_LISTEN, 0);
        ADD(mon.sig_fd, POLLIN, P_SIGNAL, 0);
        if (mon.sync_fd >= 0) ADD(mon.sync_fd, POLLIN, P_SYNC, 0);
        if (mon_output_room(now)) {
            for (int i = 0; i < 3; i++)
                if (mon.src_fd[i] >= 0) ADD(mon.src_fd[i], POLLIN, P_SOURCE, i);
        } else {
            timeout = 500;
        }
        if (mon.stdin_fd >= 0 && mon.stdin_len > 0) ADD(mon.stdin_fd, POLLOUT, P_STDIN, 0);
        for (int i = 0; i < MON_MAX_CLIENTS; i++) {
            struct mon_client *c = &mon_clients[i];
            if (c->fd < 0) continue;
            short ev = c->in_blocked ? 0 : POLLIN;
            if (c->out_len > 0 || c->replay_pos < c->replay_end) ev |= POLLOUT;
            ADD(c->fd, ev, P_CLIENT, i);
        }
#undef ADD
        int nn = mon_net_fds(pf + n, idx + n, POLL_MAX - n);
        for (int k = 0; k < nn; k++) kind[n + k] = P_NET;
        n += nn;
        if (mon.exited) {
            int64_t left = GRACE_MS - (now - mon.exit_ms);
            if (left < 0) left = 0;
            if (timeout < 0 || left < timeout) timeout = (int)left;
        }
        int r = poll(pf, (nfds_t)n, timeout);
        if (r <= 0) continue;
        for (int j = 0; j < n; j++) {
            short re = pf[j].revents;
            if (re == 0) continue;
            switch (kind[j]) {
            case P_LISTEN: mon_accept_client(); break;
            case P_SIGNAL: reap(); break;
            case P_SYNC:
                if (mon.sync_fd >= 0) on_sync();
                break;
            case P_SOURCE:
                if (mon.src_fd[idx[j]] >= 0 && pf[j].fd == mon.src_fd[idx[j]]) read_source(idx[j]);
                break;
            case P_STDIN:
                if (mon.stdin_fd >= 0) {
                    if (re & (POLLERR | POLLHUP)) mon_stdin_close();
                    else mon_stdin_flush();
                    mon_unblock_clients();
                }
                break;
            case P_CLIENT: {
                struct mon_client *c = &mon_clients[idx[j]];
                if (c->fd < 0 || c->fd != pf[j].fd) break;
                if (re & POLLOUT) mon_client_flush(c);
                if (c->fd >= 0 && (re & (POLLIN | POLLHUP | POLLERR))) mon_client_read(c);
                break;
            }
            case P_NET: mon_net_ready(idx[j], pf[j].fd, re); break;
            }
        }
    }
}

/* ---- main ----------------------------------------------------------------------------------- */

void mon_main(const struct bunker_spec *s, int rfd) {
    mon.S = s;
    /* Only the report pipe survives from Bun's descriptors. */
    if (rfd != 3) {
        if (dup3(rfd, 3, O_CLOEXEC) < 0) _exit(1);
        rfd = 3;
    }
    close_range(0, 2, 0);
    close_range(4, ~0U, 0);
    mon.report_fd = rfd;
    for (int i = 0; i < MON_MAX_CLIENTS; i++) mon_clients[i].fd = -1;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_SETMASK, &chld, NULL); /* SIGCHLD only through the signalfd */

    mon.devnull = open("/dev/null", O_RDWR); /* lands on 0 */
    if (mon.devnull != 0) _exit(1);
    dup2(0, 1);
    dup2(0, 2);
    if (chdir("/") < 0) mon_fail_errno(errno, "chdir /");
    umask(022);
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) mon_fail_errno(errno, "prctl(PR_SET_CHILD_SUBREAPER)");
    mon.sig_fd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (mon.sig_fd < 0) mon_fail_errno(errno, "signalfd");

    int rc = mon_log_open(mon.S->log_path, mon.S->log_max_size, mon.S->log_max_files, mon.tmsg, sizeof mon.tmsg);
    if (rc < 0) mon_fail(-rc, 125, mon.tmsg);
    mon_listen_socket();
    mon_create_process();
    int waiting = mon_setup_protocol();

    mon.st.monitor_pid = getpid();
    mon.st.pid = mon.proc_pid;
    mon.st.error = "";
    if (waiting) {
        mon.start_pending = 1;
        mon.st.status = "created";
    } else {
        mon.st.status = "running";
        mon.st.started = mon_now_real();
    }
    rc = mon_state_write(mon.S->state_dir, &mon.st, mon.tmsg, sizeof mon.tmsg);
    if (rc < 0) mon_fail(-rc, 125, mon.tmsg);

    static struct mon_report r;
    r.rc = 0;
    r.monitor_pid = getpid();
    r.pid = mon.proc_pid;
    mon_write_report(mon.report_fd, &r);
    mon_close_fd(&mon.report_fd);
    event_loop();
}
