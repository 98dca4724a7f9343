/*
 * The daemon's TAP writer thread (src/sys/tap-writer.ts): frames to containers' TAPs are
 * queued in a ring that JavaScript fills and this thread drains with one writev each, so the
 * copy into the kernel and the container's own receive path (which runs inside that write) take
 * the other core while the event loop goes on reading host sockets.
 *
 * One producer (the JS thread), one consumer (this thread). The ring and its control words live
 * here (malloc) and JavaScript sees them as an ArrayBuffer; indexes only grow (mod 2^32):
 *   ctl[0] prod     written by JS: slots below it are filled
 *   ctl[1] cons     written here: slots below it are done (their memory may be reused)
 *   ctl[2] sleeping set here before waiting on the eventfd (JS kicks when it sees it)
 *   ctl[3] want     set by JS when the ring is nearly full: a byte on the notify socket once
 *                   it has drained to a quarter
 *   ctl[4] dropped  frames the kernel refused (counted here)
 * A slot: fd (or -1-fd: close that fd, in order with the frames before it), iovec count, the
 * iovecs, and room for small frames and headers so that most frames need no other memory.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fd-pass.h"

#define TX_SLOTS 1024
#define TX_IOV 16
#define TX_HEAD 128

struct tx_slot {
    int32_t fd;
    int32_t niov;
    struct iovec iov[TX_IOV];
    uint8_t head[TX_HEAD];
};

struct tx_ring {
    uint32_t ctl[16];
    struct tx_slot slots[TX_SLOTS];
};

static struct tx_ring *ring;
static int kick_fd = -1, notify_fd = -1;

static void *tx_main(void *arg) {
    (void)arg;
    uint32_t *ctl = ring->ctl;
    for (;;) {
        uint32_t c = __atomic_load_n(&ctl[1], __ATOMIC_RELAXED);
        uint32_t p = __atomic_load_n(&ctl[0], __ATOMIC_ACQUIRE);
        if (c == p) {
            __atomic_store_n(&ctl[2], 1, __ATOMIC_SEQ_CST);
            p = __atomic_load_n(&ctl[0], __ATOMIC_SEQ_CST);
            if (c == p) {
                uint64_t v;
                ssize_t r = read(kick_fd, &v, sizeof v);
                (void)r;
            }
            __atomic_store_n(&ctl[2], 0, __ATOMIC_SEQ_CST);
            continue;
        }
        struct tx_slot *s = &ring->slots[c % TX_SLOTS];
        if (s->fd < 0) {
            close(-1 - s->fd);
        } else if (s->niov > 0 && s->niov <= TX_IOV) {
            ssize_t w;
            do w = writev(s->fd, s->iov, s->niov);
            while (w < 0 && errno == EINTR);
            if (w < 0) __atomic_add_fetch(&ctl[4], 1, __ATOMIC_RELAXED);
        }
        __atomic_store_n(&ctl[1], c + 1, __ATOMIC_RELEASE);
        if (__atomic_load_n(&ctl[3], __ATOMIC_ACQUIRE) && p - (c + 1) <= TX_SLOTS / 4) {
            __atomic_store_n(&ctl[3], 0, __ATOMIC_RELEASE);
            char b = 1;
            ssize_t r = send(notify_fd, &b, 1, MSG_DONTWAIT | MSG_NOSIGNAL);
            (void)r;
        }
    }
    return NULL;
}

/*
 * Starts the writer once per process. Returns the JS end of the notify socket (a byte on it:
 * the ring has room again) and the ring's address in *ring_out, its size in *size_out; -errno.
 */
int bunker_tx_start(uint64_t *ring_out, int *size_out) {
    if (ring != NULL) return -EALREADY;
    int sp[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sp) < 0) return -errno;
    int efd = eventfd(0, EFD_CLOEXEC);
    if (efd < 0) {
        int err = errno;
        close(sp[0]), close(sp[1]);
        return -err;
    }
    struct tx_ring *r = calloc(1, sizeof *r);
    if (r == NULL) {
        close(sp[0]), close(sp[1]), close(efd);
        return -ENOMEM;
    }
    ring = r, kick_fd = efd, notify_fd = sp[1];
    int rc = bunker_start_thread(tx_main);
    if (rc < 0) {
        ring = NULL, kick_fd = notify_fd = -1;
        free(r), close(sp[0]), close(sp[1]), close(efd);
        return rc;
    }
    *ring_out = (uint64_t)(uintptr_t)r;
    *size_out = (int)sizeof *r;
    return sp[0];
}

/* Wakes the writer (JS calls it after filling slots while the writer sleeps). */
int bunker_tx_kick(void) {
    uint64_t one = 1;
    return write(kick_fd, &one, sizeof one) < 0 ? -errno : 0;
}

/* The layout, for the JS side to check against its own constants: slots, iovecs, head room,
 * slot size, offset of the first slot. */
int bunker_tx_layout(int what) {
    switch (what) {
    case 0: return TX_SLOTS;
    case 1: return TX_IOV;
    case 2: return TX_HEAD;
    case 3: return (int)sizeof(struct tx_slot);
    case 4: return (int)offsetof(struct tx_ring, slots);
    case 5: return (int)offsetof(struct tx_slot, iov);
    case 6: return (int)offsetof(struct tx_slot, head);
    default: return -EINVAL;
    }
}
