/*
 * The monitor's attach clients (runtime.h, part 3): a fixed table of MON_MAX_CLIENTS, each
 * with an input buffer for one frame and a CLIENT_OUT_CAP output ring; the process's stdin
 * ring; the replay buffer (output kept until the first OUTPUT client, for exec sessions).
 * Async-signal-safe only.
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

struct mon_client mon_clients[MON_MAX_CLIENTS];
static uint8_t client_out[MON_MAX_CLIENTS][CLIENT_OUT_CAP];
static uint8_t replay[REPLAY_CAP];
static uint8_t stdin_buf[STDIN_CAP];

/* ---- clients --------------------------------------------------------------------------------- */

void mon_drop_client(struct mon_client *c) {
    mon_close_fd(&c->fd);
    c->hello = c->output = c->start_wait = c->in_blocked = 0;
    c->in_len = c->out_len = c->out_head = 0;
    c->replay_pos = c->replay_end = 0;
    c->stall_since = 0;
}

static size_t client_room(const struct mon_client *c) { return CLIENT_OUT_CAP - c->out_len; }

void mon_client_flush(struct mon_client *c) {
    uint8_t *ring = client_out[c - mon_clients];
    while (c->fd >= 0 && c->replay_pos < c->replay_end) {
        ssize_t n = send(c->fd, replay + c->replay_pos, c->replay_end - c->replay_pos, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return;
        if (n <= 0) { mon_drop_client(c); return; }
        c->replay_pos += (size_t)n;
    }
    while (c->fd >= 0 && c->out_len > 0) {
        size_t seg = CLIENT_OUT_CAP - c->out_head;
        if (seg > c->out_len) seg = c->out_len;
        ssize_t n = send(c->fd, ring + c->out_head, seg, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return;
        if (n <= 0) { mon_drop_client(c); return; }
        c->out_head = (c->out_head + (size_t)n) % CLIENT_OUT_CAP;
        c->out_len -= (size_t)n;
    }
    if (c->out_len == 0) c->out_head = 0;
}

static void ring_put(struct mon_client *c, const uint8_t *p, size_t n) {
    uint8_t *ring = client_out[c - mon_clients];
    size_t tail = (c->out_head + c->out_len) % CLIENT_OUT_CAP;
    size_t first = CLIENT_OUT_CAP - tail;
    if (first > n) first = n;
    memcpy(ring + tail, p, first);
    memcpy(ring, p + first, n - first);
    c->out_len += n;
}

/* Queues a frame; a client without room for it is dropped. */
void mon_client_frame(struct mon_client *c, int type, const uint8_t *payload, size_t len) {
    if (c->fd < 0) return;
    if (client_room(c) < 8 + len) { mon_drop_client(c); return; }
    uint8_t h[8] = { (uint8_t)type, 0, 0, 0 };
    mon_put_be32(h + 4, (uint32_t)len);
    ring_put(c, h, 8);
    ring_put(c, payload, len);
    mon_client_flush(c);
}

void mon_send_start_err(struct mon_client *c, int code, const char *msg) {
    static uint8_t p[4 + 256];
    size_t n = strnlen(msg, 255);
    mon_put_be32(p, (uint32_t)code);
    memcpy(p + 4, msg, n);
    mon_client_frame(c, BUNKER_FR_START_ERR, p, 4 + n);
}

/* Output goes to the log (already done), every OUTPUT client and the replay buffer. */
void mon_distribute(int stream, const uint8_t *data, size_t len) {
    uint8_t h[8] = { (uint8_t)(stream == MON_STDERR ? BUNKER_FR_STDERR : BUNKER_FR_STDOUT), 0, 0, 0 };
    mon_put_be32(h + 4, (uint32_t)len);
    if (mon.replay_active && mon.replay_len + 8 + len <= REPLAY_CAP) {
        memcpy(replay + mon.replay_len, h, 8);
        memcpy(replay + mon.replay_len + 8, data, len);
        mon.replay_len += 8 + len;
    }
    for (int i = 0; i < MON_MAX_CLIENTS; i++) {
        struct mon_client *c = &mon_clients[i];
        if (c->fd >= 0 && c->output) mon_client_frame(c, h[0], data, len);
    }
}

/* Whether every OUTPUT client can take one more read; drops clients stalled too long. */
int mon_output_room(int64_t now) {
    int ok = 1;
    for (int i = 0; i < MON_MAX_CLIENTS; i++) {
        struct mon_client *c = &mon_clients[i];
        if (c->fd < 0 || !c->output) continue;
        if (client_room(c) >= 8 + READ_CHUNK) {
            c->stall_since = 0;
            continue;
        }
        if (c->stall_since == 0) c->stall_since = now;
        if (now - c->stall_since > STALL_MS) mon_drop_client(c);
        else ok = 0;
    }
    return ok;
}

void mon_stdin_close(void) {
    if (!mon.stdin_is_master) mon_close_fd(&mon.stdin_fd);
    mon.stdin_fd = -1;
    mon.stdin_len = mon.stdin_head = 0;
}

static void client_process(struct mon_client *c);

void mon_unblock_clients(void) {
    for (int i = 0; i < MON_MAX_CLIENTS; i++)
        if (mon_clients[i].fd >= 0 && mon_clients[i].in_blocked) {
            mon_clients[i].in_blocked = 0;
            client_process(&mon_clients[i]);
        }
}

void mon_stdin_flush(void) {
    while (mon.stdin_fd >= 0 && mon.stdin_len > 0) {
        size_t seg = STDIN_CAP - mon.stdin_head;
        if (seg > mon.stdin_len) seg = mon.stdin_len;
        ssize_t n = write(mon.stdin_fd, stdin_buf + mon.stdin_head, seg);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        if (n <= 0) { /* the process closed its stdin: what is left is discarded */
            mon_stdin_close();
            break;
        }
        mon.stdin_head = (mon.stdin_head + (size_t)n) % STDIN_CAP;
        mon.stdin_len -= (size_t)n;
    }
    if (mon.stdin_len == 0) {
        mon.stdin_head = 0;
        if (mon.stdin_close_pending && mon.stdin_fd >= 0) mon_stdin_close();
    }
}

static void do_start(struct mon_client *c) {
    if (mon.start_pending) {
        c->start_wait = 1;
        if (!mon.go_sent) {
            mon.go_sent = 1;
            int rc = mon_sync_send(BUNKER_SYNC_GO);
            if (rc < 0) { /* the child is gone: its exit is reported as usual */
                c->start_wait = 0;
                mon_send_start_err(c, 125, "the container process exited before it was started");
            }
        }
    } else if (mon.start_failed) {
        mon_send_start_err(c, mon.forced_code, mon.error_msg);
    } else {
        mon_client_frame(c, BUNKER_FR_START_OK, NULL, 0);
    }
}

/* NET_ADD / NET_REMOVE, answered NET_RESULT: i32 0 or -errno, then the message. */
static void net_request(struct mon_client *c, int type, const uint8_t *p, size_t len) {
    static uint8_t out[4 + 256];
    static char msg[256];
    static struct bunker_net_iface f;
    static char name[16];
    int rc;
    msg[0] = '\0';
    if (type == BUNKER_FR_NET_ADD) {
        const char *why = bunker_net_iface_parse(p, (uint32_t)len, &f);
        if (why != NULL) {
            bunker_scat(msg, sizeof msg, "network interface: ", why, (const char *)NULL);
            rc = -EINVAL;
        } else {
            rc = mon_net_add(&f, msg, sizeof msg);
        }
    } else if (len == 0 || len >= sizeof name) {
        bunker_scat(msg, sizeof msg, "not an interface name", (const char *)NULL);
        rc = -EINVAL;
    } else {
        memcpy(name, p, len);
        name[len] = '\0';
        rc = mon_net_remove(name, msg, sizeof msg);
    }
    size_t n = strnlen(msg, sizeof msg - 1);
    mon_put_be32(out, (uint32_t)rc);
    memcpy(out + 4, msg, n);
    mon_client_frame(c, BUNKER_FR_NET_RESULT, out, 4 + n);
}

/* Handles one frame; 0 = not now (stdin is full), keep it. */
static int client_frame_in(struct mon_client *c, int type, const uint8_t *p, size_t len) {
    if (!c->hello && type != BUNKER_FR_HELLO) {
        mon_drop_client(c);
        return 1;
    }
    switch (type) {
    case BUNKER_FR_HELLO: {
        if (c->hello) break;
        c->hello = 1;
        c->flags = len >= 4 ? mon_get_be32(p) : 0;
        if (c->flags & BUNKER_HELLO_OUTPUT) {
            c->output = 1;
            if (mon.replay_active) {
                mon.replay_active = 0;
                if (c->flags & BUNKER_HELLO_REPLAY) c->replay_pos = 0, c->replay_end = mon.replay_len;
            }
        }
        uint8_t pid[4];
        mon_put_be32(pid, (uint32_t)mon.proc_pid);
        mon_client_frame(c, BUNKER_FR_PID, pid, 4);
        break;
    }
    case BUNKER_FR_STDIN:
        if (mon.stdin_fd < 0 || mon.stdin_close_pending || len == 0) break;
        if (len > STDIN_CAP - mon.stdin_len) return 0;
        {
            size_t tail = (mon.stdin_head + mon.stdin_len) % STDIN_CAP;
            size_t first = STDIN_CAP - tail;
            if (first > len) first = len;
            memcpy(stdin_buf + tail, p, first);
            memcpy(stdin_buf, p + first, len - first);
            mon.stdin_len += len;
        }
        mon_stdin_flush();
        break;
    case BUNKER_FR_STDIN_CLOSE:
        /* With a tty, closing the master would hang the terminal up: ignored. */
        if (!mon.stdin_is_master && mon.stdin_fd >= 0) {
            mon.stdin_close_pending = 1;
            mon_stdin_flush();
        }
        break;
    case BUNKER_FR_RESIZE:
        if (len >= 4 && mon.src_fd[2] >= 0) {
            struct winsize ws = { .ws_row = (unsigned short)(p[0] << 8 | p[1]),
                                  .ws_col = (unsigned short)(p[2] << 8 | p[3]) };
            ioctl(mon.src_fd[2], TIOCSWINSZ, &ws);
        }
        break;
    case BUNKER_FR_SIGNAL:
        if (len >= 4 && !mon.exited && mon.proc_pid > 0) {
            uint32_t sig = mon_get_be32(p);
            if (sig > 0 && sig < NSIG) kill(mon.proc_pid, (int)sig);
        }
        break;
    case BUNKER_FR_START:
        do_start(c);
        break;
    case BUNKER_FR_NET_ADD:
    case BUNKER_FR_NET_REMOVE:
        net_request(c, type, p, len);
        break;
    default:
        mon_drop_client(c);
    }
    return 1;
}

static void client_process(struct mon_client *c) {
    size_t off = 0;
    while (c->fd >= 0 && !c->in_blocked && c->in_len - off >= 8) {
        uint8_t *h = c->in + off;
        uint32_t len = mon_get_be32(h + 4);
        if (len > FRAME_MAX) { mon_drop_client(c); return; }
        if (c->in_len - off < 8 + (size_t)len) break;
        if (!client_frame_in(c, h[0], h + 8, len)) {
            c->in_blocked = 1;
            break;
        }
        off += 8 + len;
    }
    if (c->fd < 0) return;
    memmove(c->in, c->in + off, c->in_len - off);
    c->in_len -= off;
}

void mon_client_read(struct mon_client *c) {
    ssize_t n = recv(c->fd, c->in + c->in_len, sizeof c->in - c->in_len, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) { mon_drop_client(c); return; }
    c->in_len += (size_t)n;
    client_process(c);
}

void mon_accept_client(void) {
    for (;;) {
        int fd = accept4(mon.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        int slot = -1;
        for (int i = 0; i < MON_MAX_CLIENTS && slot < 0; i++)
            if (mon_clients[i].fd < 0) slot = i;
        if (slot < 0) {
            close(fd);
            continue;
        }
        mon_drop_client(&mon_clients[slot]);
        mon_clients[slot].fd = fd;
    }
}

