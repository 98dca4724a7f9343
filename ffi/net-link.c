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

#include "bunker.h"

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
    struct iovec iov = { head, 4 };
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(4 * sizeof(int))];
    } c;
    struct msghdr mh;
    memset(&mh, 0, sizeof mh);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = c.buf;
    mh.msg_controllen = sizeof c.buf;
    ssize_t n;
    do n = recvmsg(sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n < 0) return -errno;
    if (n == 0) return -ECONNRESET;
    int fd = -1;
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
        if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) continue;
        int nfd = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < nfd; i++) {
            int x;
            memcpy(&x, CMSG_DATA(cm) + i * sizeof(int), sizeof x);
            if (fd < 0) fd = x;
            else close(x);
        }
    }
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
