/*
 * The daemon's host-socket reader (src/sys/host-reader.ts): flows' host sockets are read with
 * recv straight into the stack's own buffers instead of through Bun's socket reads (a copy and a
 * fresh allocation per read). Readiness comes from a thread of this helper that waits on an
 * epoll set and reports each ready socket's token as 4 bytes on a socketpair that the event
 * loop watches. Registrations are one-shot: a socket is reported once, then not again until
 * the daemon has read it dry and arms it again, so the thread never runs ahead of the reader.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fd-pass.h"

static int rx_ep = -1, rx_out = -1;

static void *rx_main(void *arg) {
    (void)arg;
    struct epoll_event ev[64];
    uint32_t tokens[64];
    for (;;) {
        int n = epoll_wait(rx_ep, ev, 64, -1);
        if (n < 0) continue; /* EINTR */
        for (int i = 0; i < n; i++) tokens[i] = ev[i].data.u32;
        /* Blocking write: at most one token per armed socket is ever in flight, so the
         * socketpair's buffer bounds nothing the reader did not ask for. */
        size_t len = (size_t)n * sizeof tokens[0], at = 0;
        while (at < len) {
            ssize_t w = write(rx_out, (char *)tokens + at, len - at);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) break;
            at += (size_t)w;
        }
    }
    return NULL;
}

/* Starts the reader thread once per process; the event loop's end of the token socket, or -errno. */
int bunker_rx_start(void) {
    if (rx_ep >= 0) return -EALREADY;
    int sp[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0) return -errno;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) {
        int err = errno;
        close(sp[0]), close(sp[1]);
        return -err;
    }
    int big = 1 << 20;
    (void)setsockopt(sp[1], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    rx_ep = ep, rx_out = sp[1];
    int rc = bunker_start_thread(rx_main);
    if (rc < 0) {
        rx_ep = rx_out = -1;
        close(ep), close(sp[0]), close(sp[1]);
        return rc;
    }
    return sp[0];
}

/* Reports fd (as token) once when it is readable, has hung up or failed. 0 or -errno. */
int bunker_rx_arm(int fd, uint32_t token) {
    struct epoll_event e = { .events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, .data.u32 = token };
    if (epoll_ctl(rx_ep, EPOLL_CTL_MOD, fd, &e) == 0) return 0;
    if (errno != ENOENT) return -errno;
    return epoll_ctl(rx_ep, EPOLL_CTL_ADD, fd, &e) < 0 ? -errno : 0;
}

/* Forgets fd and closes it. 0 or -errno. */
int bunker_rx_close(int fd) {
    (void)epoll_ctl(rx_ep, EPOLL_CTL_DEL, fd, NULL);
    return close(fd) < 0 ? -errno : 0;
}

/* A second fd on a socket, close-on-exec: the reader's own (Bun keeps writing on its). */
int bunker_rx_dup(int fd) {
    int d = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    return d < 0 ? -errno : d;
}

/* recv without waiting: bytes, 0 at the peer's end, or -errno (-EAGAIN: nothing now). */
int bunker_rx_recv(int fd, uint8_t *buf, int len) {
    ssize_t n;
    do n = recv(fd, buf, (size_t)len, MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : (int)n;
}
