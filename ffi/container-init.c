/*
 * The container's first process (runtime.h, "monitor <-> process setup", container mode):
 * run in the child the monitor clone()d into new namespaces. It waits for the id maps,
 * builds the container's mount world (rootfs, /proc, /sys, /dev), pivots into it, hands a
 * pty master to the monitor, and execs the command. Async-signal-safe code only: the process
 * descends from a fork of the multi-threaded Bun. No malloc; buffers on the stack.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container.h"
#include "net-tap.h"
#include "safe-fmt.h"

#define MSG_CAP ((int)sizeof ((struct bunker_sync *)0)->msg)

/* root + inside into out; dies on overflow. */
static void join(int sync_fd, char *out, size_t cap, const char *root, const char *inside) {
    size_t a = strlen(root), b = strlen(inside);
    while (a > 1 && root[a - 1] == '/') a--;
    if (a == 1 && root[0] == '/') a = 0;
    if (a + b + 1 > cap) bunker_ct_die_errno(sync_fd, "path too long", ENAMETOOLONG);
    memcpy(out, root, a);
    memcpy(out + a, inside, b + 1);
}

/* "<verb> <what> on <target>: <reason>" and exit 125. */
static void die_mount(int sync_fd, const char *what, const char *target, int err) {
    char msg[MSG_CAP];
    bunker_scat(msg, sizeof msg, "mount ", what, " on ", target, ": ", bunker_strerror(err), (const char *)NULL);
    bunker_ct_die(sync_fd, 125, err, msg);
}

static void make_dir(int sync_fd, const char *path, const char *inside, mode_t mode) {
    if (mkdir(path, mode) < 0 && errno != EEXIST) {
        char msg[MSG_CAP];
        int err = errno;
        bunker_scat(msg, sizeof msg, "mkdir ", inside, ": ", bunker_strerror(err), (const char *)NULL);
        bunker_ct_die(sync_fd, 125, err, msg);
    }
}

/* Mount a fresh filesystem on rootfs + inside (created when missing). */
static void mount_fs(int sync_fd, const char *rootfs, const char *inside, const char *fstype,
                     const char *source, unsigned long flags, const char *data) {
    char path[PATH_MAX];
    join(sync_fd, path, sizeof path, rootfs, inside);
    make_dir(sync_fd, path, inside, 0755);
    if (mount(source, path, fstype, flags, data) < 0) die_mount(sync_fd, fstype, inside, errno);
}

/* Whether the container's gid 5 (tty) exists: always without a user namespace, else when a
 * gid map line covers it. */
static int tty_gid_mapped(const struct bunker_spec *s) {
    if (!(s->flags & BUNKER_F_NEW_USERNS)) return 1;
    for (uint32_t i = 0; i < s->ngid_map; i++) {
        unsigned long long v[3] = { 0, 0, 0 };
        const char *p = s->gid_map[i];
        for (int k = 0; k < 3; k++) {
            while (*p == ' ') p++;
            while (*p >= '0' && *p <= '9') v[k] = v[k] * 10 + (unsigned)(*p++ - '0');
        }
        if (v[0] <= 5 && 5 < v[0] + v[2]) return 1;
    }
    return 0;
}

/* Read-only, recursively where the kernel can (mount_setattr), else the top mount only,
 * keeping the flags that a user namespace may not clear. */
static int remount_ro_recursive(const char *path) {
#ifdef SYS_mount_setattr
    struct mount_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE, &attr, sizeof attr) == 0) return 0;
    if (errno != ENOSYS) return -errno;
#endif
    struct statvfs st;
    if (statvfs(path, &st) < 0) return -errno;
    unsigned long keep = 0;
    if (st.f_flag & ST_NOSUID) keep |= MS_NOSUID;
    if (st.f_flag & ST_NODEV) keep |= MS_NODEV;
    if (st.f_flag & ST_NOEXEC) keep |= MS_NOEXEC;
    if (st.f_flag & ST_NOATIME) keep |= MS_NOATIME;
    if (st.f_flag & ST_NODIRATIME) keep |= MS_NODIRATIME;
    if (st.f_flag & ST_RELATIME) keep |= MS_RELATIME;
    if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, NULL) < 0) return -errno;
    return 0;
}

static void setup_sys(const struct bunker_spec *s, int sync_fd, const char *rootfs) {
    char path[PATH_MAX];
    join(sync_fd, path, sizeof path, rootfs, "/sys");
    make_dir(sync_fd, path, "/sys", 0755);
    if (s->flags & BUNKER_F_NEW_NETNS || s->netns_pid != 0) {
        if (mount("sysfs", path, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) < 0)
            die_mount(sync_fd, "sysfs", "/sys", errno);
        return;
    }
    /* The host's network namespace: its sysfs, read-only (a fresh sysfs needs our own netns). */
    if (mount("/sys", path, NULL, MS_BIND | MS_REC, NULL) < 0) die_mount(sync_fd, "/sys (bind)", "/sys", errno);
    int rc = remount_ro_recursive(path);
    if (rc < 0) die_mount(sync_fd, "/sys read-only", "/sys", -rc);
}

static void setup_dev(const struct bunker_spec *s, int sync_fd, const char *rootfs) {
    char path[PATH_MAX];
    mount_fs(sync_fd, rootfs, "/dev", "tmpfs", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");

    /* Device nodes: mknod is refused in a user namespace, so bind the host's (as rootless
     * runc and Docker do). */
    static const char *const devices[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty" };
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        join(sync_fd, path, sizeof path, rootfs, devices[i]);
        int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0) {
            char msg[MSG_CAP];
            int err = errno;
            bunker_scat(msg, sizeof msg, "create ", devices[i], ": ", bunker_strerror(err), (const char *)NULL);
            bunker_ct_die(sync_fd, 125, err, msg);
        }
        close(fd);
        if (mount(devices[i], path, NULL, MS_BIND, NULL) < 0) {
            char msg[MSG_CAP];
            int err = errno;
            bunker_scat(msg, sizeof msg, "bind ", devices[i], " on ", devices[i], ": ", bunker_strerror(err), (const char *)NULL);
            bunker_ct_die(sync_fd, 125, err, msg);
        }
    }

    /* gid=5 only when the container has a gid 5; else the mount is refused (EINVAL). */
    const char *pts_data = tty_gid_mapped(s) ? "newinstance,ptmxmode=0666,mode=0620,gid=5" : "newinstance,ptmxmode=0666,mode=0620";
    mount_fs(sync_fd, rootfs, "/dev/pts", "devpts", "devpts", MS_NOSUID | MS_NOEXEC, pts_data);
    mount_fs(sync_fd, rootfs, "/dev/shm", "tmpfs", "shm", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
    mount_fs(sync_fd, rootfs, "/dev/mqueue", "mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);

    static const char *const links[][2] = {
        { "/dev/ptmx", "pts/ptmx" },         { "/dev/fd", "/proc/self/fd" },
        { "/dev/stdin", "/proc/self/fd/0" }, { "/dev/stdout", "/proc/self/fd/1" },
        { "/dev/stderr", "/proc/self/fd/2" }, { "/dev/core", "/proc/kcore" },
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        join(sync_fd, path, sizeof path, rootfs, links[i][0]);
        if (symlink(links[i][1], path) < 0 && errno != EEXIST) {
            char msg[MSG_CAP];
            int err = errno;
            bunker_scat(msg, sizeof msg, "symlink ", links[i][0], " -> ", links[i][1], ": ", bunker_strerror(err), (const char *)NULL);
            bunker_ct_die(sync_fd, 125, err, msg);
        }
    }
}

/* pivot_root(".", ".") then detach the old root, which now sits on top of the new one. */
static void enter_rootfs(int sync_fd, const char *rootfs) {
    if (chdir(rootfs) < 0) bunker_ct_die_errno(sync_fd, "chdir to the rootfs", errno);
    if (syscall(SYS_pivot_root, ".", ".") < 0) bunker_ct_die_errno(sync_fd, "pivot_root", errno);
    if (umount2(".", MNT_DETACH) < 0) bunker_ct_die_errno(sync_fd, "unmount the old root", errno);
    if (chdir("/") < 0) bunker_ct_die_errno(sync_fd, "chdir /", errno);
}

/* mkdir -p, as Docker does for a missing WORKDIR (inside the container's root). */
static void make_cwd(int sync_fd, const char *cwd) {
    struct stat st;
    if (stat(cwd, &st) == 0 || errno != ENOENT) return; /* chdir reports the other errors */
    char buf[PATH_MAX];
    size_t n = strlen(cwd);
    if (n >= sizeof buf) bunker_ct_die_errno(sync_fd, "working directory", ENAMETOOLONG);
    memcpy(buf, cwd, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
            char msg[MSG_CAP];
            int err = errno;
            bunker_scat(msg, sizeof msg, "mkdir ", buf, ": ", bunker_strerror(err), (const char *)NULL);
            bunker_ct_die(sync_fd, 125, err, msg);
        }
        buf[i] = c;
    }
}

static void loopback_up(int sync_fd) {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) bunker_ct_die_errno(sync_fd, "bring lo up: socket", errno);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, "lo", 3);
    if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) bunker_ct_die_errno(sync_fd, "bring lo up: SIOCGIFFLAGS", errno);
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) bunker_ct_die_errno(sync_fd, "bring lo up: SIOCSIFFLAGS", errno);
    close(sock);
}

/* Docker's --network container:<id>: the network namespace of another container's process
 * (opened through the host's /proc, still mounted here before pivot_root). */
static void join_netns(const struct bunker_spec *s, int sync_fd) {
    char pid[16], path[48], msg[MSG_CAP];
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, pid, sizeof pid);
    bunker_sfmt_uint(&f, s->netns_pid);
    bunker_scat(path, sizeof path, "/proc/", pid, "/ns/net", (const char *)NULL);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
        int err = errno;
        bunker_scat(msg, sizeof msg, fd < 0 ? "open " : "join the network namespace ", path, ": ", bunker_strerror(err), (const char *)NULL);
        bunker_ct_die(sync_fd, 125, err, msg);
    }
    close(fd);
}

/* The TAP devices of the interfaces, each handed to the monitor (which relays its frames). */
static void create_taps(const struct bunker_spec *s, int sync_fd) {
    char msg[MSG_CAP];
    for (uint32_t i = 0; i < s->nnet_ifaces; i++) {
        int fd;
        int rc = bunker_tap_create(&s->net_ifaces[i], &fd, msg, sizeof msg);
        if (rc < 0) bunker_ct_die(sync_fd, 125, -rc, msg);
        rc = bunker_sync_send(sync_fd, BUNKER_SYNC_TAP, 0, (int)i, NULL, fd);
        if (rc < 0) bunker_ct_die_errno(sync_fd, "send a TAP device to the monitor", -rc);
        close(fd);
    }
}

/* The tty: a pty in the container's devpts, its master to the monitor, the slave bound onto
 * /dev/console. Returns the slave. */
static int setup_tty(const struct bunker_spec *s, int sync_fd) {
    char msg[MSG_CAP];
    int master, slave, index;
    int rc = bunker_ct_open_pty("/dev/pts/ptmx", s->rows, s->cols, &master, &slave, &index, msg, sizeof msg);
    if (rc < 0) bunker_ct_die(sync_fd, 125, -rc, msg);
    char pts[32];
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, pts, sizeof pts);
    bunker_sfmt_str(&f, "/dev/pts/");
    bunker_sfmt_uint(&f, (unsigned)index);
    /* The process's user owns its terminal, as with runc; fails harmlessly when unmapped. */
    if (fchown(slave, s->uid, (gid_t)-1) < 0) { /* keep root's */ }
    int fd = open("/dev/console", O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) bunker_ct_die_errno(sync_fd, "create /dev/console", errno);
    close(fd);
    if (mount(pts, "/dev/console", NULL, MS_BIND, NULL) < 0) die_mount(sync_fd, pts, "/dev/console", errno);
    rc = bunker_sync_send(sync_fd, BUNKER_SYNC_CONSOLE, 0, 0, NULL, master);
    if (rc < 0) bunker_ct_die_errno(sync_fd, "send the console to the monitor", -rc);
    close(master);
    return slave;
}

void bunker_container_main(const struct bunker_spec *s, int sync_fd) {
    struct bunker_sync m;
    char msg[MSG_CAP];
    int rc = bunker_sync_recv(sync_fd, &m, NULL);
    if (rc <= 0) _exit(125); /* the monitor is gone: nobody to report to */
    if (m.kind != BUNKER_SYNC_MAPS) bunker_ct_die(sync_fd, 125, EPROTO, "sync: expected MAPS from the monitor");
    if (s->rootfs == NULL) bunker_ct_die(sync_fd, 125, EINVAL, "spec: no rootfs");
    if (s->argc == 0) bunker_ct_die(sync_fd, 125, EINVAL, "spec: no command");
    const char *rootfs = s->rootfs;

    /* Raw syscalls: glibc's setresuid/setresgid signal every thread it believes exists, and
     * this process descends from a fork of the multi-threaded Bun (it would wait forever). */
    if (s->flags & BUNKER_F_NEW_USERNS) {
        if (syscall(SYS_setresgid, 0L, 0L, 0L) < 0) bunker_ct_die_errno(sync_fd, "setresgid(0)", errno);
        if (syscall(SYS_setresuid, 0L, 0L, 0L) < 0) bunker_ct_die_errno(sync_fd, "setresuid(0)", errno);
    }
    /* Into the container's cgroups before anything runs here (no window without its limits),
     * then its own cgroup namespace rooted there (the clone left that to us: see monitor-setup.c). */
    if ((rc = bunker_join_cgroups(s, msg, sizeof msg)) < 0) bunker_ct_die(sync_fd, 125, -rc, msg);
    if (s->ncgroup_procs > 0 && (s->flags & BUNKER_F_NEW_CGROUPNS) && unshare(CLONE_NEWCGROUP) < 0)
        bunker_ct_die_errno(sync_fd, "unshare the cgroup namespace", errno);
    if (s->netns_pid != 0) join_netns(s, sync_fd);
    if (s->flags & BUNKER_F_NEW_NETNS) create_taps(s, sync_fd);
    if (s->hostname != NULL && sethostname(s->hostname, strlen(s->hostname)) < 0)
        bunker_ct_die_errno(sync_fd, "sethostname", errno);

    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) bunker_ct_die_errno(sync_fd, "make / private (MS_REC|MS_PRIVATE)", errno);
    /* A rootfs that is a filesystem of its own (an overlay of the image's layers): mounted on
     * the (empty) rootfs directory, in this mount namespace only; the rest goes on top of it. */
    if (s->rootfs_mount_type != NULL) {
        const char *options = s->rootfs_mount_options;
        if (mount(s->rootfs_mount_source, rootfs, s->rootfs_mount_type, 0, options != NULL && options[0] != '\0' ? options : NULL) < 0) {
            int err = errno;
            bunker_scat(msg, sizeof msg, "mount the rootfs (", s->rootfs_mount_type, ") on ", rootfs, ": ", bunker_strerror(err),
                        (err == EINVAL || err == EPERM) && strcmp(s->rootfs_mount_type, "overlay") == 0 &&
                                (options == NULL || strstr(options, "userxattr") == NULL)
                            ? " (in a user namespace, overlay needs the userxattr option)"
                            : "",
                        (const char *)NULL);
            bunker_ct_die(sync_fd, 125, err, msg);
        }
    }
    if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
        int err = errno;
        bunker_scat(msg, sizeof msg, "rootfs ", rootfs, ": ", bunker_strerror(err), (const char *)NULL);
        bunker_ct_die(sync_fd, 125, err, msg);
    }
    mount_fs(sync_fd, rootfs, "/proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    setup_sys(s, sync_fd, rootfs);
    setup_dev(s, sync_fd, rootfs);
    if ((rc = bunker_mount_user(s, rootfs, msg, sizeof msg)) < 0) bunker_ct_die(sync_fd, 125, -rc, msg);
    enter_rootfs(sync_fd, rootfs);

    /* Before the read-only remount of / (READONLY_ROOTFS), as runc does. */
    if (s->cwd != NULL) make_cwd(sync_fd, s->cwd);
    int slave = (s->flags & BUNKER_F_TTY) ? setup_tty(s, sync_fd) : -1;
    if ((rc = bunker_mount_protect(s, msg, sizeof msg)) < 0) bunker_ct_die(sync_fd, 125, -rc, msg);
    if (s->flags & BUNKER_F_NEW_NETNS) loopback_up(sync_fd);
    if (s->cwd != NULL && chdir(s->cwd) < 0) {
        int err = errno;
        bunker_scat(msg, sizeof msg, "chdir to cwd \"", s->cwd, "\": ", bunker_strerror(err), (const char *)NULL);
        bunker_ct_die(sync_fd, 125, err, msg);
    }

    if (s->flags & BUNKER_F_WAIT_START) {
        if ((rc = bunker_sync_send(sync_fd, BUNKER_SYNC_READY, 0, 0, NULL, -1)) < 0) _exit(125);
        rc = bunker_sync_recv(sync_fd, &m, NULL);
        if (rc <= 0) _exit(125); /* never started: the monitor went away */
        if (m.kind != BUNKER_SYNC_GO) bunker_ct_die(sync_fd, 125, EPROTO, "sync: expected GO from the monitor");
    }

    int set_up = 0;
    if (s->flags & BUNKER_F_INIT) {
        /* As tini does under Docker, pid 1 runs with the container's user, capabilities,
         * rlimits and seccomp filter: it only forwards signals and reaps. */
        if ((rc = bunker_process_setup(s, msg, sizeof msg)) < 0) bunker_ct_die(sync_fd, 125, -rc, msg);
        set_up = 1;
        pid_t child = _Fork();
        if (child < 0) bunker_ct_die_errno(sync_fd, "fork the command under --init", errno);
        if (child > 0) {
            close(sync_fd);
            if (slave >= 0) close(slave);
            bunker_init_loop(child);
        }
    }

    bunker_ct_session(sync_fd, slave);
    /* Nothing of the monitor's leaks into the command (the sync socket stays until exec). */
    syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */);
    if (!set_up && (rc = bunker_process_setup(s, msg, sizeof msg)) < 0) bunker_ct_die(sync_fd, 125, -rc, msg);
    bunker_ct_exec(s, sync_fd);
}
