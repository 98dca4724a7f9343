/* Message buffers and the ABI version. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bunker.h"

int bunker_abi_version(void) { return BUNKER_ABI_VERSION; }

void bunker_msg(char *msg, int msglen, const char *fmt, ...) {
    if (msg == NULL || msglen <= 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)msglen, fmt, ap);
    va_end(ap);
}

/* Writes "<formatted>: <strerror(err)>" and returns -err. */
int bunker_fail(char *msg, int msglen, int err, const char *fmt, ...) {
    if (msg != NULL && msglen > 0) {
        char what[512];
        char buf[128];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        snprintf(msg, (size_t)msglen, "%s: %s", what, strerror_r(err, buf, sizeof buf));
    }
    return -err;
}
