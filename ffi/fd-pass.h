/*
 * Messages that carry a file descriptor over a unix socket (SCM_RIGHTS), and the helper
 * threads of the daemon's network. Async-signal-safe (the fd passing), no malloc.
 */
#ifndef BUNKER_FD_PASS_H
#define BUNKER_FD_PASS_H

#include <sys/types.h>

#include "bunker.h"

/* sendmsg of len bytes with fd attached when fd >= 0; bytes sent or -errno (EINTR retried). */
BUNKER_INTERNAL ssize_t bunker_send_fd(int sock, const void *buf, size_t len, int fd, int flags);

/* recvmsg of up to len bytes (MSG_CMSG_CLOEXEC added to flags); the first fd that came with
 * them in *fd (-1 if none; any others are closed). Bytes received or -errno (EINTR retried). */
BUNKER_INTERNAL ssize_t bunker_recv_fd(int sock, void *buf, size_t len, int flags, int *fd);

/* A detached thread with every signal blocked (signals stay with Bun's threads). 0 or -errno. */
BUNKER_INTERNAL int bunker_start_thread(void *(*fn)(void *));

#endif
