/*
 * Internal to the hardening steps (harden*.c, init-loop.c): message building that is
 * async-signal-safe (no stdio, no malloc, no locale), for code that runs between fork and exec.
 */
#ifndef BUNKER_HARDEN_H
#define BUNKER_HARDEN_H

#include <stddef.h>

#define HARDEN_INTERNAL __attribute__((visibility("hidden")))

/* Writes the NULL-terminated list of strings into msg (truncating, always NUL-terminated). */
HARDEN_INTERNAL void harden_msg(char *msg, int msglen, ...) __attribute__((sentinel));
/* Like harden_msg, then appends ": <description of err>"; returns -err. */
HARDEN_INTERNAL int harden_fail(char *msg, int msglen, int err, ...) __attribute__((sentinel));
/* Decimal text of v in buf (at least 24 bytes); returns buf. */
HARDEN_INTERNAL const char *harden_num(char *buf, unsigned long long v);
/* "/proc/self/fd/N" in buf (at least 32 bytes); returns buf. */
HARDEN_INTERNAL const char *harden_fd_path(char *buf, int fd);
/* Reads up to len-1 bytes of a small file into buf, NUL-terminated; returns bytes or -errno. */
HARDEN_INTERNAL int harden_read_file(const char *path, char *buf, size_t len);

#endif
