/*
 * Mount hardening (runtime.h): the user's mounts before pivot_root, then masked paths,
 * read-only paths and a read-only root after it. Async-signal-safe: runs in the container's
 * process, forked from a multi-threaded Bun.
 *
 * Mount targets are resolved under the rootfs with openat2(RESOLVE_IN_ROOT): a symlink in the
 * image is followed as the container would see it, never out to the host. Mounts then go
 * through /proc/self/fd/N of the resolved file descriptors, so nothing is looked up by path
 * twice. Without openat2 (Linux < 5.6), components are walked one by one with O_NOFOLLOW and
 * a symlink in a target path is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harden.h"
#include "runtime.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

static int have_openat2 = 1;

static int sys_openat2(int dirfd, const char *path, int flags, unsigned long long resolve) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)flags;
    how.resolve = resolve;
    int fd;
    do fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    while (fd < 0 && (errno == EINTR || errno == EAGAIN));
    return fd;
}

/* Opens `path` (container view, absolute) under rootfd as O_PATH. Returns fd or -errno. */
static int open_in_root(int rootfd, const char *path) {
    if (have_openat2) {
        int fd = sys_openat2(rootfd, path, O_PATH | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
        if (fd >= 0) return fd;
        if (errno != ENOSYS && errno != E2BIG) return -errno;
        have_openat2 = 0;
    }
    /* Fallback: one component at a time, refusing symlinks and "..". */
    int cur = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
    if (cur < 0) return -errno;
    const char *p = path;
    char name[NAME_MAX + 1];
    while (*p != '\0') {
        while (*p == '/') p++;
        size_t n = 0;
        while (p[n] != '\0' && p[n] != '/') n++;
        if (n == 0) break;
        if (n > NAME_MAX) { close(cur); return -ENAMETOOLONG; }
        memcpy(name, p, n);
        name[n] = '\0';
        p += n;
        if (strcmp(name, ".") == 0) continue;
        if (strcmp(name, "..") == 0) { close(cur); return -EXDEV; }
        int next = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        int err = errno;
        close(cur);
        if (next < 0) return -err;
        struct stat st;
        if (fstat(next, &st) < 0) { err = errno; close(next); return -err; }
        if (S_ISLNK(st.st_mode)) { close(next); return -ELOOP; }
        cur = next;
    }
    return cur;
}

/*
 * Opens the mount target `path` under rootfd, creating what is missing: directories, and the
 * last component as an empty file when `is_file`. Created entries belong to the caller, who is
 * root in the container. Returns an O_PATH fd or -errno with msg set.
 */
static int open_target(int rootfd, const char *path, int is_file, char *msg, int msglen) {
    int fd = open_in_root(rootfd, path);
    if (fd >= 0 || fd != -ENOENT) {
        if (fd < 0) return harden_fail(msg, msglen, -fd, "mount target ", path, NULL);
        return fd;
    }
    char prefix[PATH_MAX];
    size_t len = strlen(path);
    if (len >= sizeof prefix) return harden_fail(msg, msglen, ENAMETOOLONG, "mount target ", path, NULL);
    memcpy(prefix, path, len + 1);

    int parent = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
    if (parent < 0) return harden_fail(msg, msglen, errno, "mount target ", path, NULL);
    size_t at = 0;
    for (;;) {
        while (at < len && prefix[at] == '/') at++;
        if (at >= len) return parent; /* the whole path exists now */
        size_t end = at;
        while (end < len && path[end] != '/') end++;
        int last = 1;
        for (size_t k = end; k < len; k++)
            if (path[k] != '/') { last = 0; break; }

        char saved = prefix[end];
        prefix[end] = '\0';
        int next = open_in_root(rootfd, prefix);
        if (next == -ENOENT) {
            const char *name = prefix + at;
            int rc;
            if (last && is_file) {
                rc = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (rc >= 0) close(rc);
            } else {
                rc = mkdirat(parent, name, 0755);
            }
            if (rc < 0) {
                int err = errno;
                close(parent);
                if (err == EEXIST) /* a dangling symlink: it names a path that is not there */
                    return harden_fail(msg, msglen, ENOENT, "mount target ", path, ": ", prefix,
                                       " is a symbolic link to a missing path", NULL);
                return harden_fail(msg, msglen, err, "create mount target ", prefix, NULL);
            }
            next = open_in_root(rootfd, prefix);
        }
        prefix[end] = saved;
        close(parent);
        if (next < 0) return harden_fail(msg, msglen, -next, "mount target ", path, NULL);
        parent = next;
        at = end;
    }
}

/* MS_* flags of a mount (from statfs) that a bind remount in a user namespace must
 * keep: the kernel locks them on mounts that came from a more privileged namespace. */
static unsigned long locked_flags(const struct statfs *st) {
    unsigned long f = 0, in = (unsigned long)st->f_flags;
    if (in & ST_NOSUID) f |= MS_NOSUID;
    if (in & ST_NODEV) f |= MS_NODEV;
    if (in & ST_NOEXEC) f |= MS_NOEXEC;
    if (in & ST_NOATIME) f |= MS_NOATIME;
    if (in & ST_NODIRATIME) f |= MS_NODIRATIME;
    if (in & ST_RELATIME) f |= MS_RELATIME;
    if (in & ST_RDONLY) f |= MS_RDONLY;
    return f;
}

static unsigned long mount_flags(uint32_t mf) {
    unsigned long f = 0;
    if (mf & BUNKER_MF_RDONLY) f |= MS_RDONLY;
    if (mf & BUNKER_MF_NOSUID) f |= MS_NOSUID;
    if (mf & BUNKER_MF_NODEV) f |= MS_NODEV;
    if (mf & BUNKER_MF_NOEXEC) f |= MS_NOEXEC;
    return f;
}

/* Bind remount of the mount at `where` with `extra` flags added to what it has. */
static int bind_remount(const char *where, unsigned long extra, const char *what, char *msg, int msglen) {
    struct statfs st;
    if (statfs(where, &st) < 0) return harden_fail(msg, msglen, errno, "statfs ", what, NULL);
    if (mount(NULL, where, NULL, MS_REMOUNT | MS_BIND | locked_flags(&st) | extra, NULL) < 0)
        return harden_fail(msg, msglen, errno, "remount ", what, " read-only", NULL);
    return 0;
}

static int mount_bind(int rootfd, const struct bunker_mount *m, char *msg, int msglen) {
    int src = open(m->source, O_PATH | O_CLOEXEC);
    if (src < 0) {
        if (errno == ENOENT) {
            harden_msg(msg, msglen, "bind source path does not exist: ", m->source, NULL);
            return -ENOENT;
        }
        return harden_fail(msg, msglen, errno, "bind source ", m->source, NULL);
    }
    struct stat st;
    if (fstat(src, &st) < 0) {
        int err = errno;
        close(src);
        return harden_fail(msg, msglen, err, "bind source ", m->source, NULL);
    }
    /* The source decides what a missing target becomes (BUNKER_MF_FILE only restates it). */
    int is_file = !S_ISDIR(st.st_mode);
    int dst = open_target(rootfd, m->target, is_file, msg, msglen);
    if (dst < 0) { close(src); return dst; }

    char src_path[32], dst_path[32];
    unsigned long flags = MS_BIND | ((m->flags & BUNKER_MF_RECURSIVE) ? MS_REC : 0);
    int rc = mount(harden_fd_path(src_path, src), harden_fd_path(dst_path, dst), NULL, flags, NULL);
    int err = errno;
    close(src);
    close(dst);
    if (rc < 0) {
        if (err == EINVAL && !(m->flags & BUNKER_MF_RECURSIVE))
            return harden_fail(msg, msglen, err, "bind ", m->source, " on ", m->target,
                               " (non-recursive binds of a mount with locked submounts are refused in a user namespace)", NULL);
        return harden_fail(msg, msglen, err, "bind ", m->source, " on ", m->target, NULL);
    }

    unsigned long extra = mount_flags(m->flags);
    if (extra == 0) return 0;
    /* Open the target again: now it is the root of the new mount. */
    dst = open_in_root(rootfd, m->target);
    if (dst < 0) return harden_fail(msg, msglen, -dst, "mount target ", m->target, NULL);
    rc = bind_remount(harden_fd_path(dst_path, dst), extra, m->target, msg, msglen);
    close(dst);
    return rc;
}

static int mount_tmpfs(int rootfd, const struct bunker_mount *m, char *msg, int msglen) {
    int dst = open_target(rootfd, m->target, 0, msg, msglen);
    if (dst < 0) return dst;
    char dst_path[32];
    const char *data = m->data != NULL && m->data[0] != '\0' ? m->data : NULL;
    int rc = mount("tmpfs", harden_fd_path(dst_path, dst), "tmpfs", mount_flags(m->flags), data);
    int err = errno;
    close(dst);
    if (rc < 0) return harden_fail(msg, msglen, err, "mount tmpfs on ", m->target, data ? " (" : NULL, data, ")", NULL);
    return 0;
}

int bunker_mount_user(const struct bunker_spec *s, const char *rootfs, char *msg, int msglen) {
    if (s->nmounts == 0) return 0;
    int rootfd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) return harden_fail(msg, msglen, errno, "open rootfs ", rootfs, NULL);
    int rc = 0;
    for (uint32_t i = 0; i < s->nmounts && rc == 0; i++) {
        const struct bunker_mount *m = &s->mounts[i];
        if (m->target == NULL || m->target[0] != '/') {
            rc = harden_fail(msg, msglen, EINVAL, "mount target ", m->target ? m->target : "(none)", " is not absolute", NULL);
        } else if (m->kind == BUNKER_MOUNT_BIND) {
            if (m->source == NULL || m->source[0] != '/')
                rc = harden_fail(msg, msglen, EINVAL, "bind source ", m->source ? m->source : "(none)", " is not absolute", NULL);
            else
                rc = mount_bind(rootfd, m, msg, msglen);
        } else if (m->kind == BUNKER_MOUNT_TMPFS) {
            rc = mount_tmpfs(rootfd, m, msg, msglen);
        } else {
            char num[24];
            rc = harden_fail(msg, msglen, EINVAL, "mount ", m->target, ": unknown kind ", harden_num(num, m->kind), NULL);
        }
    }
    close(rootfd);
    return rc;
}

/* ---- after pivot_root: container paths ---------------------------------------------- */

static int mask_path(const char *path, char *msg, int msglen) {
    struct stat st;
    if (stat(path, &st) < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return 0;
        return harden_fail(msg, msglen, errno, "masked path ", path, NULL);
    }
    if (S_ISDIR(st.st_mode)) {
        if (mount("tmpfs", path, "tmpfs", MS_RDONLY, NULL) < 0)
            return harden_fail(msg, msglen, errno, "mask ", path, " (read-only tmpfs)", NULL);
    } else if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0) {
        return harden_fail(msg, msglen, errno, "mask ", path, " (bind /dev/null)", NULL);
    }
    return 0;
}

static int readonly_path(const char *path, char *msg, int msglen) {
    if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
        if (errno == ENOENT) return 0;
        return harden_fail(msg, msglen, errno, "read-only path ", path, ": bind", NULL);
    }
    return bind_remount(path, MS_RDONLY, path, msg, msglen);
}

int bunker_mount_protect(const struct bunker_spec *s, char *msg, int msglen) {
    int rc;
    for (uint32_t i = 0; i < s->nmasked; i++)
        if ((rc = mask_path(s->masked[i], msg, msglen)) < 0) return rc;
    for (uint32_t i = 0; i < s->nreadonly; i++)
        if ((rc = readonly_path(s->readonly[i], msg, msglen)) < 0) return rc;
    if (s->flags & BUNKER_F_READONLY_ROOTFS)
        if ((rc = bind_remount("/", MS_RDONLY, "/", msg, msglen)) < 0) return rc;
    return 0;
}
