/*
 * Extended attributes and device nodes for the layer unpacker (src/sys/xattrs.ts): the l*
 * variants, which never follow a symlink. Called from the Bun process itself (not after a
 * fork), so the message helpers of msg.c are fine here. Each returns >= 0 or -errno with
 * "<call> <path>[ <name>]: <reason>" in msg (bunker.h's convention).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/xattr.h>

#include "bunker.h"

int bunker_lsetxattr(const char *path, const char *name, const void *value, uint32_t size, char *msg, int msglen);
int bunker_lgetxattr(const char *path, const char *name, void *buf, uint32_t cap, char *msg, int msglen);
int bunker_llistxattr(const char *path, char *buf, uint32_t cap, char *msg, int msglen);
int bunker_mknod(const char *path, uint32_t mode, uint32_t major, uint32_t minor, char *msg, int msglen);

/* Sets `name` to `size` bytes at `value` (which may hold NUL bytes; size 0 = empty value). */
int bunker_lsetxattr(const char *path, const char *name, const void *value, uint32_t size, char *msg, int msglen) {
    if (msg != NULL && msglen > 0) msg[0] = '\0';
    if (lsetxattr(path, name, value, size, 0) < 0) return bunker_fail(msg, msglen, errno, "lsetxattr %s %s", path, name);
    return 0;
}

/* Copies the value into buf (cap bytes) and returns its length; with cap 0, only the length.
 * -ERANGE when cap is too small, -ENODATA when the attribute is not there. */
int bunker_lgetxattr(const char *path, const char *name, void *buf, uint32_t cap, char *msg, int msglen) {
    if (msg != NULL && msglen > 0) msg[0] = '\0';
    ssize_t n = lgetxattr(path, name, cap == 0 ? NULL : buf, cap);
    if (n < 0) return bunker_fail(msg, msglen, errno, "lgetxattr %s %s", path, name);
    return (int)n;
}

/* The names, each NUL-terminated, back to back; returns their total length (cap 0: only that).
 * -ERANGE when cap is too small. */
int bunker_llistxattr(const char *path, char *buf, uint32_t cap, char *msg, int msglen) {
    if (msg != NULL && msglen > 0) msg[0] = '\0';
    ssize_t n = llistxattr(path, cap == 0 ? NULL : buf, cap);
    if (n < 0) return bunker_fail(msg, msglen, errno, "llistxattr %s", path);
    return (int)n;
}

/* mknod(path, mode, makedev(major, minor)): mode holds the type (S_IFCHR, S_IFBLK, S_IFIFO,
 * S_IFREG, S_IFSOCK) and the permission bits (the umask applies, as always). */
int bunker_mknod(const char *path, uint32_t mode, uint32_t major, uint32_t minor, char *msg, int msglen) {
    if (msg != NULL && msglen > 0) msg[0] = '\0';
    if (mknod(path, (mode_t)mode, makedev(major, minor)) < 0)
        return bunker_fail(msg, msglen, errno, "mknod %s (mode 0%o, device %u:%u)", path, (unsigned)mode, (unsigned)major, (unsigned)minor);
    return 0;
}
