/*
 * Internal to the per-container monitor (spawn.c, monitor.c, monitor-log.c, monitor-state.c).
 * Everything here runs in a process forked from the multi-threaded Bun: async-signal-safe
 * calls only, static memory, no malloc, no stdio.
 */
#ifndef BUNKER_MONITOR_H
#define BUNKER_MONITOR_H

#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "bunker.h"
#include "runtime.h"

/* What the monitor writes once into the spawner's pipe (spawn.c reads it). */
struct mon_report {
    int32_t rc;         /* 0 or -errno */
    int32_t monitor_pid;
    int32_t pid;        /* the process, as the spawner sees it */
    int32_t exit_code;  /* on failure: 125, 126 or 127 */
    char msg[1008];
};

/* monitor.c: never returns. `report_fd` is the write end of the spawner's pipe. */
BUNKER_INTERNAL void mon_main(const struct bunker_spec *s, int report_fd) __attribute__((noreturn));
/* Writes the report (whole, retrying on EINTR). */
BUNKER_INTERNAL void mon_write_report(int fd, const struct mon_report *r);

/* ---- monitor-log.c: timestamps, JSON strings, the json-file log ---- */

/* Go's time.RFC3339Nano in UTC ("2006-01-02T15:04:05.999999999Z", trailing zeros of the
 * fraction trimmed, no fraction when it is zero). out needs 40 bytes; returns the length. */
BUNKER_INTERNAL size_t mon_format_time(char *out, int64_t sec, long nsec);
/* The zero time of Go ("0001-01-01T00:00:00Z") when ts is {0, 0}, else mon_format_time. */
BUNKER_INTERNAL size_t mon_format_ts(char *out, const struct timespec *ts);
/* `s` as a JSON string with its quotes, escaped the way Docker's json-file driver does
 * (control characters as \u00XX except \n \r, also < > &, invalid UTF-8 bytes as \ufffd,
 * U+2028/2029 escaped). out needs 6 * n + 2 bytes; returns the length. */
BUNKER_INTERNAL size_t mon_json_string(char *out, const uint8_t *s, size_t n);

enum { MON_STDOUT = 0, MON_STDERR = 1 };
/* Opens (appends to) the log; 0 or -errno with the stage in msg. path NULL = no log. */
BUNKER_INTERNAL int mon_log_open(const char *path, uint64_t max_size, uint32_t max_files,
                                 char *msg, int msglen);
/* Output of one stream, read at `ts`: complete lines go to the log, the rest waits. */
BUNKER_INTERNAL void mon_log_output(int stream, const uint8_t *data, size_t len, const struct timespec *ts);
/* The stream ended: its pending partial line is written (without a newline). */
BUNKER_INTERNAL void mon_log_end(int stream, const struct timespec *ts);
/* Writes what is buffered to the file. */
BUNKER_INTERNAL void mon_log_flush(void);
BUNKER_INTERNAL void mon_log_close(void);

/* ---- monitor-state.c: state.json ---- */
struct mon_state {
    int monitor_pid, pid;
    const char *status; /* "created", "running", "exited" */
    int exit_code, signal;
    struct timespec started, finished; /* {0, 0} = not yet */
    const char *error;                 /* "" or NULL = none */
};
/* Writes dir/state.json atomically (tmp, fsync, rename). 0 or -errno with the stage in msg. */
BUNKER_INTERNAL int mon_state_write(const char *dir, const struct mon_state *st, char *msg, int msglen);

/* ---- the monitor's state, shared by monitor.c, monitor-setup.c, monitor-clients.c ---- */

#define MON_MAX_CLIENTS 64
#define CLIENT_OUT_CAP (256 * 1024)
#define FRAME_MAX (64 * 1024) /* largest client -> monitor payload accepted */
#define READ_CHUNK (32 * 1024)
#define REPLAY_CAP (1024 * 1024)
#define STDIN_CAP (256 * 1024)
#define GRACE_MS 1000
#define STALL_MS 10000
#define FLUSH_MS 5000
#define NET_LINGER_MS 10000 /* after the exit: frames relayed until the daemon lets go, at most this */
#define SETUP_TIMEOUT_MS 60000

struct mon_client {
    int fd; /* -1: free slot */
    int hello, output, start_wait, in_blocked;
    uint32_t flags;
    size_t in_len;
    size_t replay_pos, replay_end;
    size_t out_head, out_len;
    int64_t stall_since; /* ms, 0 = not stalled */
    uint8_t in[8 + FRAME_MAX];
};

struct mon_globals {
    const struct bunker_spec *S;
    int report_fd;
    pid_t proc_pid;   /* the process (container init, or the exec'd process) */
    pid_t direct_pid; /* our child: the container's init, or the exec joiner */
    int sync_fd, devnull, listen_fd, sig_fd;
    int socket_bound;
    int src_fd[3]; /* stdout pipe, stderr pipe, pty master */
    int stdin_fd, stdin_is_master, stdin_close_pending;
    size_t stdin_head, stdin_len;
    int exited, exit_status;
    int64_t exit_ms;
    int start_pending, go_sent, start_failed, forced_code;
    char error_msg[256];
    struct mon_state st;
    size_t replay_len;
    int replay_active;
    char tmsg[1024];
};
BUNKER_INTERNAL extern struct mon_globals mon;
BUNKER_INTERNAL extern struct mon_client mon_clients[MON_MAX_CLIENTS];


static inline int64_t mon_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline struct timespec mon_now_real(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts;
}

static inline void mon_put_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static inline uint32_t mon_get_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void mon_close_fd(int *fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

static inline void mon_set_nonblock(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}


/* monitor-setup.c: everything before the report. A failure kills and reaps what was made,
 * unlinks the socket, reports (-err, exit code, msg) and exits. */
BUNKER_INTERNAL void mon_fail(int err, int code, const char *msg) __attribute__((noreturn));
BUNKER_INTERNAL void mon_fail_errno(int err, const char *stage) __attribute__((noreturn));
BUNKER_INTERNAL int mon_sync_send(int kind);
BUNKER_INTERNAL int mon_sync_recv(struct bunker_sync *m, int *fd);
BUNKER_INTERNAL void mon_listen_socket(void);
BUNKER_INTERNAL void mon_create_process(void);
/* 1: the process waits for START; 0: it exec'd. */
BUNKER_INTERNAL int mon_setup_protocol(void);

/* monitor-clients.c: the attach clients and the process's stdin. */
BUNKER_INTERNAL void mon_accept_client(void);
BUNKER_INTERNAL void mon_client_read(struct mon_client *c);
BUNKER_INTERNAL void mon_client_flush(struct mon_client *c);
BUNKER_INTERNAL void mon_client_frame(struct mon_client *c, int type, const uint8_t *payload, size_t len);
BUNKER_INTERNAL void mon_drop_client(struct mon_client *c);
BUNKER_INTERNAL void mon_send_start_err(struct mon_client *c, int code, const char *msg);
BUNKER_INTERNAL void mon_distribute(int stream, const uint8_t *data, size_t len);
/* Whether every OUTPUT client can take one more read; drops clients stalled too long. */
BUNKER_INTERNAL int mon_output_room(int64_t now);
BUNKER_INTERNAL void mon_stdin_flush(void);
BUNKER_INTERNAL void mon_stdin_close(void);
BUNKER_INTERNAL void mon_unblock_clients(void);

/* monitor-net.c: the network sockets (runtime.h, "network sockets"), one per TAP device. */
#define MON_MAX_NET 16
struct pollfd;
/* Listens on `path` for the interface `name`; returns its index, or -errno with msg. */
BUNKER_INTERNAL int mon_net_open(const char *name, const char *path, char *msg, int msglen);
/* Setup: one socket per NET_IFACE of the spec, index = the interface's (its TAP comes from
 * the container's init as BUNKER_SYNC_TAP); a failure is mon_fail. */
BUNKER_INTERNAL void mon_net_listen_spec(void);
/* Gives interface `i` its TAP device (closed when `i` is not open). */
BUNKER_INTERNAL void mon_net_set_tap(int i, int fd);
/* The index of the interface `name`, or -1. */
BUNKER_INTERNAL int mon_net_find(const char *name);
/* Closes the interface (the TAP goes away with its last fd), its client and its socket. */
BUNKER_INTERNAL void mon_net_close(int i);
BUNKER_INTERNAL void mon_net_close_all(void);
/* At the exit: no new clients; the sockets' paths are unlinked now (a restarted container's next
 * monitor binds them), while connected clients and TAPs stay for mon_net_linger. */
BUNKER_INTERNAL void mon_net_stop_listening(void);
/* After the exit is reported: relays frames while a client is connected and its TAP (or unsent
 * frames) remain, up to `ms`. The guest's kernel may still be sending for sockets the processes
 * left behind; the daemon closes its link once that is through. */
BUNKER_INTERNAL void mon_net_linger(int64_t ms);
/* Fills at most `room` pollfds (and a tag each for mon_net_ready); returns how many. */
BUNKER_INTERNAL int mon_net_fds(struct pollfd *pf, int *tags, int room);
BUNKER_INTERNAL void mon_net_ready(int tag, int fd, short revents);

/* monitor-net-add.c: NET_ADD / NET_REMOVE on a running container; 0 or -errno with msg. */
BUNKER_INTERNAL int mon_net_add(const struct bunker_net_iface *f, char *msg, int msglen);
BUNKER_INTERNAL int mon_net_remove(const char *name, char *msg, int msglen);

#endif
