/*
 * Shared pieces of the hardening steps (runtime.h, "hardening steps"): a message builder that
 * is safe between fork and exec. The steps themselves live in harden-mounts.c,
 * harden-process.c and init-loop.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "harden.h"

static size_t append(char *msg, size_t at, size_t cap, const char *s) {
    while (s != NULL && *s != '\0' && at + 1 < cap) msg[at++] = *s++;
    msg[at] = '\0';
    return at;
}

static size_t vbuild(char *msg, int msglen, va_list ap) {
    size_t at = 0, cap = (size_t)msglen;
    msg[0] = '\0';
    for (const char *s = va_arg(ap, const char *); s != NULL; s = va_arg(ap, const char *))
        at = append(msg, at, cap, s);
    return at;
}

void harden_msg(char *msg, int msglen, ...) {
    if (msg == NULL || msglen <= 0) return;
    va_list ap;
    va_start(ap, msglen);
    vbuild(msg, msglen, ap);
    va_end(ap);
}

int harden_fail(char *msg, int msglen, int err, ...) {
    if (err <= 0) err = EIO;
    if (msg != NULL && msglen > 0) {
        va_list ap;
        va_start(ap, err);
        size_t at = vbuild(msg, msglen, ap);
        va_end(ap);
        const char *desc = strerrordesc_np(err);
        char num[24];
        at = append(msg, at, (size_t)msglen, ": ");
        append(msg, at, (size_t)msglen, desc != NULL ? desc : harden_num(num, (unsigned)err));
    }
    return -err;
}

const char *harden_num(char *buf, unsigned long long v) {
    char tmp[24];
    int n = 0;
    do tmp[n++] = (char)('0' + v % 10), v /= 10;
    while (v != 0);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

const char *harden_fd_path(char *buf, int fd) {
    static const char prefix[] = "/proc/self/fd/";
    memcpy(buf, prefix, sizeof prefix - 1);
    harden_num(buf + sizeof prefix - 1, (unsigned)fd);
    return buf;
}

int harden_read_file(const char *path, char *buf, size_t len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    size_t got = 0;
    while (got + 1 < len) {
        ssize_t n = read(fd, buf + got, len - 1 - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { int err = errno; close(fd); return -err; }
        if (n == 0) break;
        got += (size_t)n;
    }
    buf[got] = '\0';
    close(fd);
    return (int)got;
}
