/*
 * The daemon's end of a monitor's network socket (src/sys/net-link.ts): connect without
 * blocking and take the TAP the monitor hands over first (runtime.h, "network sockets"); frames
 * to it go through the writer thread (net-tx.c). Bun's sockets pass no ancillary data, so these
 * few calls live here; the connected socket then goes to Bun (Bun.connect({fd})).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fd-pass.h"

/* A non-blocking unix stream socket connected to path: the fd, or -errno (-EAGAIN when the
 * listener's backlog is full). */
int bunker_net_connect(const char *path) {
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    size_t len = strlen(path);
    if (len >= sizeof a.sun_path) return -ENAMETOOLONG;
    memcpy(a.sun_path, path, len + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -errno;
    int rc;
    do rc = connect(fd, (struct sockaddr *)&a, sizeof a);
    while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        int err = errno;
        close(fd);
        return -err;
    }
    return fd;
}

/*
 * Reads the monitor's first message without waiting. Returns the TAP's fd (the 4 zero bytes
 * with SCM_RIGHTS), -EAGAIN when nothing came yet, -ENOENT for a zero length without an fd, or
 * -EPROTO when the bytes are something else (an older monitor's frame): those are in head and
 * their count in *got, for the caller to decode as the stream's start. Other -errno: the socket.
 */
int bunker_net_take_tap(int sock, uint8_t *head, int *got) {
    *got = 0;
    int fd;
    ssize_t n = bunker_recv_fd(sock, head, 4, MSG_DONTWAIT, &fd);
    if (n < 0) return (int)n;
    if (n == 0) return -ECONNRESET;
    *got = (int)n;
    int hello = n == 4 && head[0] == 0 && head[1] == 0 && head[2] == 0 && head[3] == 0;
    if (hello) {
        *got = 0;
        return fd >= 0 ? fd : -ENOENT;
    }
    if (fd >= 0) close(fd);
    return -EPROTO;
}

/* close(2) for an fd the daemon took from a monitor. 0 or -errno. */
int bunker_close_fd(int fd) {
    return close(fd) < 0 ? -errno : 0;
}
