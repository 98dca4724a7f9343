/*
 * The monitor's network sockets (runtime.h, "network sockets"): one listening unix stream socket
 * per TAP device, one client on each, frames relayed both ways as [u32 BE length][frame]. The
 * TAP's own virtio_net_hdr stays here: it is dropped from frames read and a plain one (complete
 * checksums) put before frames written. Each client first gets the TAP itself (a zero length
 * with SCM_RIGHTS), so it may write frames to the guest without this hop.
 * Never blocks: every fd is non-blocking; the TAP is read only while the client's ring has room
 * for a whole frame (else its kernel queue fills and drops, as a link would), and a frame the
 * TAP refuses is dropped. Async-signal-safe calls only, static memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/virtio_net.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "fd-pass.h"
#include "monitor.h"
#include "net-tap.h"
#include "safe-fmt.h"

#define NET_OUT_CAP (256 * 1024)
#define NET_IN_CAP (1024 * 1024)
#define NET_BURST 64 /* frames read from a TAP per wakeup, so one busy link cannot starve the loop */

struct mon_net {
    int used;
    int listen_fd, client_fd, tap_fd;
    int tap_sent; /* the client has been given the TAP */
    char name[16];
    char path[108];
    size_t out_head, out_len, in_len;
};
static struct mon_net nets[MON_MAX_NET];
static uint8_t net_out[MON_MAX_NET][NET_OUT_CAP];
static uint8_t net_in[MON_MAX_NET][NET_IN_CAP];
static uint8_t frame[4 + BUNKER_NET_FRAME_MAX];

static void drop_client(struct mon_net *n) {
    mon_close_fd(&n->client_fd);
    n->out_head = n->out_len = n->in_len = 0;
    n->tap_sent = 0;
}

/* The client's first message: a zero length carrying the TAP (SCM_RIGHTS). Sent before any
 * frame (there are none before the TAP exists); a client that reads it with plain recv just
 * sees an empty frame, and the kernel closes the fd it did not take. */
static void give_tap(struct mon_net *n) {
    if (n->client_fd < 0 || n->tap_fd < 0 || n->tap_sent) return;
    static const uint8_t zero[4];
    ssize_t w = bunker_send_fd(n->client_fd, zero, sizeof zero, n->tap_fd, MSG_DONTWAIT | MSG_NOSIGNAL);
    /* A fresh connection always has room for 4 bytes: anything else means it is gone. */
    if (w != (ssize_t)sizeof zero) { drop_client(n); return; }
    n->tap_sent = 1;
}

static int listen_on(const char *path, char *msg, int msglen) {
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    size_t len = strlen(path);
    if (len >= sizeof a.sun_path) return bunker_sfail(msg, msglen, ENAMETOOLONG, "network socket path");
    memcpy(a.sun_path, path, len + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return bunker_sfail(msg, msglen, errno, "network socket");
    unlink(path); /* a stale socket of an earlier monitor */
    mode_t old = umask(0177);
    int rc = bind(fd, (struct sockaddr *)&a, sizeof a);
    int err = errno;
    umask(old);
    if (rc < 0 || listen(fd, 4) < 0) {
        if (rc == 0) err = errno, unlink(path);
        close(fd);
        bunker_scat(msg, msglen, "listen on ", path, ": ", bunker_strerror(err), (const char *)NULL);
        return -err;
    }
    return fd;
}

int mon_net_open(const char *name, const char *path, char *msg, int msglen) {
    int i = 0;
    while (i < MON_MAX_NET && nets[i].used) i++;
    if (i == MON_MAX_NET) return bunker_sfail(msg, msglen, ENOSPC, "too many network interfaces");
    for (int k = 0; k < MON_MAX_NET; k++) {
        if (!nets[k].used) continue;
        if (strcmp(nets[k].name, name) == 0) {
            bunker_scat(msg, msglen, "the container already has a network interface ", name, (const char *)NULL);
            return -EEXIST;
        }
        if (strcmp(nets[k].path, path) == 0) {
            bunker_scat(msg, msglen, "network socket ", path, " is in use by ", nets[k].name, (const char *)NULL);
            return -EEXIST;
        }
    }
    int fd = listen_on(path, msg, msglen);
    if (fd < 0) return fd;
    struct mon_net *n = &nets[i];
    memset(n, 0, sizeof *n);
    n->used = 1;
    n->listen_fd = fd;
    n->client_fd = n->tap_fd = -1;
    bunker_scat(n->name, sizeof n->name, name, (const char *)NULL);
    bunker_scat(n->path, sizeof n->path, path, (const char *)NULL);
    return i;
}

void mon_net_listen_spec(void) {
    if (!(mon.S->flags & BUNKER_F_NEW_NETNS)) return;
    for (uint32_t i = 0; i < mon.S->nnet_ifaces; i++) {
        const struct bunker_net_iface *f = &mon.S->net_ifaces[i];
        int rc = mon_net_open(f->name, f->socket_path, mon.tmsg, sizeof mon.tmsg);
        if (rc < 0) mon_fail(-rc, 125, mon.tmsg);
    }
}

void mon_net_set_tap(int i, int fd) {
    if (i < 0 || i >= MON_MAX_NET || !nets[i].used) {
        if (fd >= 0) close(fd);
        return;
    }
    mon_close_fd(&nets[i].tap_fd);
    nets[i].tap_fd = fd;
    nets[i].tap_sent = 0;
    if (fd >= 0) mon_set_nonblock(fd);
    give_tap(&nets[i]);
}

int mon_net_find(const char *name) {
    for (int i = 0; i < MON_MAX_NET; i++)
        if (nets[i].used && strcmp(nets[i].name, name) == 0) return i;
    return -1;
}

void mon_net_close(int i) {
    struct mon_net *n = &nets[i];
    if (!n->used) return;
    drop_client(n);
    mon_close_fd(&n->tap_fd);
    mon_close_fd(&n->listen_fd);
    if (n->path[0]) unlink(n->path);
    n->used = 0;
}

void mon_net_stop_listening(void) {
    for (int i = 0; i < MON_MAX_NET; i++) {
        struct mon_net *n = &nets[i];
        if (!n->used) continue;
        mon_close_fd(&n->listen_fd);
        if (n->path[0]) unlink(n->path);
        n->path[0] = '\0';
    }
}

void mon_net_close_all(void) {
    for (int i = 0; i < MON_MAX_NET; i++) mon_net_close(i);
}

/* ---- relaying ------------------------------------------------------------------------------- */

static void flush_client(struct mon_net *n) {
    uint8_t *ring = net_out[n - nets];
    while (n->client_fd >= 0 && n->out_len > 0) {
        size_t seg = NET_OUT_CAP - n->out_head;
        if (seg > n->out_len) seg = n->out_len;
        ssize_t w = send(n->client_fd, ring + n->out_head, seg, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && errno == EAGAIN) return;
        if (w <= 0) { drop_client(n); return; }
        n->out_head = (n->out_head + (size_t)w) % NET_OUT_CAP;
        n->out_len -= (size_t)w;
    }
    if (n->out_len == 0) n->out_head = 0;
}

static void ring_put(struct mon_net *n, const uint8_t *p, size_t len) {
    uint8_t *ring = net_out[n - nets];
    size_t tail = (n->out_head + n->out_len) % NET_OUT_CAP;
    size_t first = NET_OUT_CAP - tail;
    if (first > len) first = len;
    memcpy(ring + tail, p, first);
    memcpy(ring, p + first, len - first);
    n->out_len += len;
}

static int tap_readable(const struct mon_net *n) {
    return n->tap_fd >= 0 && (n->client_fd < 0 || NET_OUT_CAP - n->out_len >= sizeof frame);
}

static void read_tap(struct mon_net *n) {
    for (int k = 0; k < NET_BURST && tap_readable(n); k++) {
        /* The header says nothing we need: with no offloads enabled on the TAP, the kernel
         * completes every checksum before a frame reaches us. */
        struct virtio_net_hdr h;
        struct iovec iov[2] = { { &h, BUNKER_VNET_HDR_LEN }, { frame + 4, BUNKER_NET_FRAME_MAX } };
        ssize_t r = readv(n->tap_fd, iov, 2);
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) break;
        if (r <= 0) { /* the device is gone (its namespace ended) */
            mon_close_fd(&n->tap_fd);
            break;
        }
        if (r <= BUNKER_VNET_HDR_LEN) continue;
        r -= BUNKER_VNET_HDR_LEN;
        if (n->client_fd < 0) continue; /* nobody listens: the frame is lost, as on a cable */
        mon_put_be32(frame, (uint32_t)r);
        ring_put(n, frame, 4 + (size_t)r);
    }
    flush_client(n);
}

static void read_client(struct mon_net *n) {
    uint8_t *in = net_in[n - nets];
    /* Bounded like read_tap: a client that writes fast cannot keep the loop to itself. */
    for (int k = 0; k < NET_BURST / 4; k++) {
        ssize_t r = recv(n->client_fd, in + n->in_len, NET_IN_CAP - n->in_len, MSG_DONTWAIT);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && errno == EAGAIN) return;
        if (r <= 0) { drop_client(n); return; }
        n->in_len += (size_t)r;
        size_t at = 0;
        while (n->in_len - at >= 4) {
            uint32_t len = mon_get_be32(in + at);
            if (len == 0 || len > BUNKER_NET_FRAME_MAX) { drop_client(n); return; }
            if (n->in_len - at < 4 + (size_t)len) break;
            /* A frame the device refuses (queue full, device down) is dropped, as on a link. */
            if (n->tap_fd >= 0) {
                static const struct virtio_net_hdr plain; /* flags 0: the checksums are complete */
                struct iovec iov[2] = { { (void *)&plain, BUNKER_VNET_HDR_LEN }, { in + at + 4, len } };
                if (writev(n->tap_fd, iov, 2) < 0) { /* dropped */ }
            }
            at += 4 + (size_t)len;
        }
        if (at > 0) {
            memmove(in, in + at, n->in_len - at);
            n->in_len -= at;
        }
    }
}

static void accept_client(struct mon_net *n) {
    int fd = accept4(n->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) return;
    /* The newest client wins (a restarted daemon reconnects); the old one's half-sent frame
     * goes with it. */
    drop_client(n);
    /* Large buffers (up to net.core.wmem_max/rmem_max): fewer wake-ups per MB each way. */
    int size = 4 * 1024 * 1024;
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    n->client_fd = fd;
    give_tap(n);
}

/* ---- the poll loop's part -------------------------------------------------------------------- */

enum { ROLE_LISTEN, ROLE_TAP, ROLE_CLIENT };

int mon_net_fds(struct pollfd *pf, int *tags, int room) {
    int k = 0;
    for (int i = 0; i < MON_MAX_NET && k + 3 <= room; i++) {
        struct mon_net *n = &nets[i];
        if (!n->used) continue;
        pf[k] = (struct pollfd){ .fd = n->listen_fd, .events = POLLIN };
        tags[k++] = i * 3 + ROLE_LISTEN;
        if (tap_readable(n)) {
            pf[k] = (struct pollfd){ .fd = n->tap_fd, .events = POLLIN };
            tags[k++] = i * 3 + ROLE_TAP;
        }
        if (n->client_fd >= 0) {
            pf[k] = (struct pollfd){ .fd = n->client_fd, .events = (short)(POLLIN | (n->out_len > 0 ? POLLOUT : 0)) };
            tags[k++] = i * 3 + ROLE_CLIENT;
        }
    }
    return k;
}

void mon_net_ready(int tag, int fd, short revents) {
    struct mon_net *n = &nets[tag / 3];
    if (!n->used) return;
    switch (tag % 3) {
    case ROLE_LISTEN:
        if (fd == n->listen_fd) accept_client(n);
        break;
    case ROLE_TAP:
        if (fd == n->tap_fd) read_tap(n);
        break;
    case ROLE_CLIENT:
        if (fd != n->client_fd) break;
        if (revents & POLLOUT) flush_client(n);
        if (n->client_fd >= 0 && (revents & (POLLIN | POLLHUP | POLLERR))) read_client(n);
        /* Room again in the ring: what waits in the TAP's queue can come. */
        if (n->client_fd >= 0 && tap_readable(n)) read_tap(n);
        break;
    }
}

void mon_net_linger(int64_t ms) {
    int64_t deadline = mon_now_ms() + ms;
    for (;;) {
        int busy = 0;
        for (int i = 0; i < MON_MAX_NET; i++)
            if (nets[i].used && nets[i].client_fd >= 0 && (nets[i].tap_fd >= 0 || nets[i].out_len > 0)) busy = 1;
        int64_t left = deadline - mon_now_ms();
        if (!busy || left <= 0) return;
        struct pollfd pf[3 * MON_MAX_NET];
        int tags[3 * MON_MAX_NET];
        int n = mon_net_fds(pf, tags, 3 * MON_MAX_NET);
        if (poll(pf, (nfds_t)n, (int)left) <= 0) continue;
        for (int j = 0; j < n; j++)
            if (pf[j].revents) mon_net_ready(tags[j], pf[j].fd, pf[j].revents);
    }
}
