/* Async-signal-safe message formatting: see safe-fmt.h. */
#include <stdarg.h>
#include <string.h>

#include "safe-fmt.h"

void bunker_sfmt_init(struct bunker_sfmt *f, char *buf, int cap) {
    f->buf = buf;
    f->cap = buf == NULL || cap < 0 ? 0 : cap;
    f->len = 0;
    if (f->cap > 0) buf[0] = '\0';
}

static void put(struct bunker_sfmt *f, char c) {
    if (f->len + 1 < f->cap) {
        f->buf[f->len++] = c;
        f->buf[f->len] = '\0';
    }
}

void bunker_sfmt_str(struct bunker_sfmt *f, const char *s) {
    if (s == NULL) s = "(null)";
    while (*s) put(f, *s++);
}

void bunker_sfmt_quote(struct bunker_sfmt *f, const char *s) {
    if (s == NULL) s = "";
    put(f, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') put(f, '\\');
        put(f, *s);
    }
    put(f, '"');
}

void bunker_sfmt_uint(struct bunker_sfmt *f, unsigned long long v) {
    char tmp[24];
    int n = 0;
    do tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n > 0) put(f, tmp[--n]);
}

void bunker_sfmt_int(struct bunker_sfmt *f, long long v) {
    if (v < 0) {
        put(f, '-');
        bunker_sfmt_uint(f, 0ULL - (unsigned long long)v);
    } else {
        bunker_sfmt_uint(f, (unsigned long long)v);
    }
}

const char *bunker_strerror(int err) {
    const char *d = strerrordesc_np(err);
    return d != NULL ? d : "Unknown error";
}

void bunker_scat(char *msg, int msglen, ...) {
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, msg, msglen);
    va_list ap;
    va_start(ap, msglen);
    const char *s;
    while ((s = va_arg(ap, const char *)) != NULL) bunker_sfmt_str(&f, s);
    va_end(ap);
}

int bunker_sfail(char *msg, int msglen, int err, const char *stage) {
    bunker_scat(msg, msglen, stage, ": ", bunker_strerror(err), (const char *)NULL);
    return -err;
}
