/*
 * Async-signal-safe message formatting (no malloc, no stdio, no locale): for code that runs
 * in processes forked from the multi-threaded Bun (monitor, container setup). Messages are
 * built by appending pieces into a caller's buffer, truncated and always NUL-terminated.
 */
#ifndef BUNKER_SAFE_FMT_H
#define BUNKER_SAFE_FMT_H

#include "bunker.h"

struct bunker_sfmt {
    char *buf;
    int cap; /* bytes in buf, including room for the NUL */
    int len; /* bytes written so far, excluding the NUL */
};

BUNKER_INTERNAL void bunker_sfmt_init(struct bunker_sfmt *f, char *buf, int cap);
BUNKER_INTERNAL void bunker_sfmt_str(struct bunker_sfmt *f, const char *s);  /* NULL -> "(null)" */
BUNKER_INTERNAL void bunker_sfmt_quote(struct bunker_sfmt *f, const char *s); /* "s", \" and \\ escaped */
BUNKER_INTERNAL void bunker_sfmt_uint(struct bunker_sfmt *f, unsigned long long v);
BUNKER_INTERNAL void bunker_sfmt_int(struct bunker_sfmt *f, long long v);
/* strerrordesc_np(err), e.g. "Operation not permitted"; never NULL. */
BUNKER_INTERNAL const char *bunker_strerror(int err);
/* Writes the NULL-terminated list of strings, concatenated, into msg. */
BUNKER_INTERNAL void bunker_scat(char *msg, int msglen, ...) __attribute__((sentinel));
/* "<stage>: <strerror(err)>" into msg; returns -err. */
BUNKER_INTERNAL int bunker_sfail(char *msg, int msglen, int err, const char *stage);

#endif
