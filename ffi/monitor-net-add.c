/*
 * `docker network connect` / `disconnect` on a running container (runtime.h, NET_ADD and
 * NET_REMOVE frames): the monitor forks a child that joins the process's user namespace (when
 * it is not the monitor's own already) and network namespace, creates the TAP there and sends
 * it back; the monitor then serves it like the interfaces made at start. The monitor is
 * single-threaded, so its forked child may join a user namespace. The wait is bounded (a TAP
 * is made in milliseconds). Async-signal-safe calls only.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "monitor.h"
#include "net-tap.h"
#include "safe-fmt.h"

#define NET_ADD_TIMEOUT_MS 5000

static int same_ns(const char *a, const char *b) {
    struct stat sa, sb;
    if (stat(a, &sa) < 0 || stat(b, &sb) < 0) return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* In the forked child: never returns. */
static void __attribute__((noreturn)) make_tap(const struct bunker_net_iface *f, pid_t pid, int sock) {
    char pid_text[16], user[48], net[48], msg[sizeof ((struct bunker_sync *)0)->msg];
    struct bunker_sfmt t;
    bunker_sfmt_init(&t, pid_text, sizeof pid_text);
    bunker_sfmt_int(&t, pid);
    bunker_scat(user, sizeof user, "/proc/", pid_text, "/ns/user", (const char *)NULL);
    bunker_scat(net, sizeof net, "/proc/", pid_text, "/ns/net", (const char *)NULL);
    /* Both opened first: after joining the user namespace /proc may judge us differently. */
    int join_user = !same_ns("/proc/self/ns/user", user);
    int ufd = join_user ? open(user, O_RDONLY | O_CLOEXEC) : -1;
    int nfd = open(net, O_RDONLY | O_CLOEXEC);
    if ((join_user && ufd < 0) || nfd < 0) {
        int err = errno;
        bunker_scat(msg, sizeof msg, "open ", nfd < 0 && !(join_user && ufd < 0) ? net : user, ": ", bunker_strerror(err), (const char *)NULL);
        bunker_sync_send(sock, BUNKER_SYNC_ERROR, err, 125, msg, -1);
        _exit(1);
    }
    if (join_user && setns(ufd, CLONE_NEWUSER) < 0) {
        int err = errno;
        bunker_scat(msg, sizeof msg, "join the user namespace of process ", pid_text, ": ", bunker_strerror(err), (const char *)NULL);
        bunker_sync_send(sock, BUNKER_SYNC_ERROR, err, 125, msg, -1);
        _exit(1);
    }
    if (setns(nfd, CLONE_NEWNET) < 0) {
        int err = errno;
        bunker_scat(msg, sizeof msg, "join the network namespace of process ", pid_text, ": ", bunker_strerror(err), (const char *)NULL);
        bunker_sync_send(sock, BUNKER_SYNC_ERROR, err, 125, msg, -1);
        _exit(1);
    }
    int fd;
    int rc = bunker_tap_create(f, &fd, msg, sizeof msg);
    if (rc < 0) {
        bunker_sync_send(sock, BUNKER_SYNC_ERROR, -rc, 125, msg, -1);
        _exit(1);
    }
    bunker_sync_send(sock, BUNKER_SYNC_TAP, 0, 0, NULL, fd);
    _exit(0);
}

int mon_net_add(const struct bunker_net_iface *f, char *msg, int msglen) {
    if (mon.exited || mon.proc_pid <= 0) return bunker_sfail(msg, msglen, ESRCH, "the container process has exited");
    int idx = mon_net_open(f->name, f->socket_path, msg, msglen);
    if (idx < 0) return idx;
    int sp[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0) {
        int err = errno;
        mon_net_close(idx);
        return bunker_sfail(msg, msglen, err, "socketpair");
    }
    pid_t child = _Fork();
    if (child == 0) {
        close(sp[0]);
        make_tap(f, mon.proc_pid, sp[1]);
    }
    int err = child < 0 ? errno : 0;
    close(sp[1]);
    struct bunker_sync m;
    int fd = -1, rc = -1;
    if (child > 0) {
        struct pollfd pf = { .fd = sp[0], .events = POLLIN };
        int64_t deadline = mon_now_ms() + NET_ADD_TIMEOUT_MS;
        for (;;) {
            int64_t left = deadline - mon_now_ms();
            int pr = left > 0 ? poll(&pf, 1, (int)left) : 0;
            if (pr < 0 && errno == EINTR) continue;
            if (pr > 0) rc = bunker_sync_recv(sp[0], &m, &fd);
            break;
        }
        if (rc < 0 && fd < 0) kill(child, SIGKILL);
        while (waitpid(child, NULL, __WALL) < 0 && errno == EINTR) {}
    }
    close(sp[0]);
    if (child < 0) {
        mon_net_close(idx);
        return bunker_sfail(msg, msglen, err, "fork");
    }
    if (rc == 1 && m.kind == BUNKER_SYNC_TAP && fd >= 0) {
        mon_net_set_tap(idx, fd);
        return 0;
    }
    if (fd >= 0) close(fd);
    mon_net_close(idx);
    if (rc == 1 && m.kind == BUNKER_SYNC_ERROR) {
        bunker_scat(msg, msglen, m.msg, (const char *)NULL);
        return -(m.err > 0 ? m.err : EIO);
    }
    return bunker_sfail(msg, msglen, rc < 0 ? ETIMEDOUT : EPROTO, "create the TAP device in the container");
}

int mon_net_remove(const char *name, char *msg, int msglen) {
    int i = mon_net_find(name);
    if (i < 0) {
        bunker_scat(msg, msglen, "no network interface ", name, " in this container", (const char *)NULL);
        return -ENOENT;
    }
    mon_net_close(i);
    return 0;
}
