/*
 * Internal to the container process setup (container-init.c, exec-join.c, container-common.c):
 * the pieces both modes share. Everything here is async-signal-safe: it runs in processes
 * forked from the multi-threaded Bun, between fork and exec.
 */
#ifndef BUNKER_CONTAINER_H
#define BUNKER_CONTAINER_H

#include <stdint.h>

#include "bunker.h"
#include "runtime.h"

/* Exported (spec.c): parse into a static struct and check the whole spec; for tests and TS. */
int bunker_spec_check(const uint8_t *buf, uint32_t len, char *msg, int msglen);

/* Sends one sync message (and `fd` as SCM_RIGHTS when fd >= 0). Returns 0 or -errno. */
BUNKER_INTERNAL int bunker_sync_send(int sock, int kind, int err, int code, const char *msg, int fd);
/* Receives one sync message (and a passed fd into *fd when fd != NULL, else -1).
 * Returns 1, 0 on EOF, or -errno. */
BUNKER_INTERNAL int bunker_sync_recv(int sock, struct bunker_sync *m, int *fd);

/* Reports a failed stage as ERROR (code, errno, msg) on sync_fd, then _exit(code). */
BUNKER_INTERNAL void bunker_ct_die(int sync_fd, int code, int err, const char *msg) __attribute__((noreturn));
/* bunker_ct_die with "<stage>: <strerror(err)>", code 125. */
BUNKER_INTERNAL void bunker_ct_die_errno(int sync_fd, const char *stage, int err) __attribute__((noreturn));

/* Moves the calling process into each of s->cgroup_procs (writes "0"). Returns 0 or -errno
 * with the file and the reason in msg (ENOSPC on v1 cpuset means cpus/mems are not set). */
BUNKER_INTERNAL int bunker_join_cgroups(const struct bunker_spec *s, char *msg, int msglen);
/* Opens ptmx (a path, e.g. "/dev/pts/ptmx"), unlocks it, sets the size (when rows and cols are
 * non-zero) and opens the peer. Returns 0 with *master and *slave (both O_CLOEXEC), and the
 * pty number in *index, or -errno with the stage in msg. */
BUNKER_INTERNAL int bunker_ct_open_pty(const char *ptmx, uint16_t rows, uint16_t cols,
                                       int *master, int *slave, int *index, char *msg, int msglen);
/* setsid; with a tty: TIOCSCTTY on `slave` and dup2 onto 0, 1, 2 (then close it). */
BUNKER_INTERNAL void bunker_ct_session(int sync_fd, int slave);
/* Unblocks every signal and resets every disposition to the default (before exec). */
BUNKER_INTERNAL void bunker_ct_reset_signals(void);
/* Execs s->argv with s->envp (PATH from envp, else the default), like execvpe without malloc
 * and without the /bin/sh fallback. Never returns: ERROR with 127/126/125, then _exit. */
BUNKER_INTERNAL void bunker_ct_exec(const struct bunker_spec *s, int sync_fd) __attribute__((noreturn));

#endif
