/*
 * Bunker's C helper: what JavaScript cannot do safely from a multi-threaded Bun process.
 * Convention: every function returns >= 0 on success and -errno on failure, and writes a
 * one-line reason into the caller's `msg` buffer (always NUL-terminated when msglen > 0).
 */
#ifndef BUNKER_H
#define BUNKER_H

#define BUNKER_ABI_VERSION 1

int bunker_abi_version(void);
int bunker_flock(int fd, char *msg, int msglen);
int bunker_probe_userns(char *msg, int msglen);
int bunker_probe_overlay(const char *dir, int in_userns, char *msg, int msglen);
int bunker_socket_buffers(int fd, int snd, int rcv);

/* net-link.c: the daemon's end of a monitor's network socket. */
#include <stdint.h>
int bunker_net_connect(const char *path);
int bunker_net_take_tap(int sock, uint8_t *head, int *got);
int bunker_close_fd(int fd);

/* net-tx.c: the daemon's TAP writer thread. */
int bunker_tx_start(uint64_t *ring_out, int *size_out);
int bunker_tx_kick(void);
int bunker_tx_layout(int what);

/* net-rx.c: the daemon's host-socket reader. */
int bunker_rx_start(void);
int bunker_rx_arm(int fd, uint32_t token);
int bunker_rx_close(int fd);
int bunker_rx_dup(int fd);
int bunker_rx_recv(int fd, uint8_t *buf, int len);

/* Internal (msg.c). Only for the parent side: never call between fork and _exit. */
#define BUNKER_INTERNAL __attribute__((visibility("hidden")))
BUNKER_INTERNAL int bunker_fail(char *msg, int msglen, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
BUNKER_INTERNAL void bunker_msg(char *msg, int msglen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Internal (child.c): run `fn` in a forked child that reports through a pipe. */
struct bunker_report {
    int stage; /* index into the caller's stage names; -1 = success */
    int err;   /* errno of the failed stage */
};
typedef void (*bunker_child_fn)(int report_fd, void *arg);
BUNKER_INTERNAL int bunker_run_child(bunker_child_fn fn, void *arg,
                                     struct bunker_report *out, char *msg, int msglen);
/* Async-signal-safe: for use inside a child function. */
BUNKER_INTERNAL void bunker_child_report(int fd, int stage, int err);

#endif
