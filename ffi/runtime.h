/*
 * The container runtime's contract between TypeScript (src/sys/) and C (ffi/).
 *
 * 1. A container spec travels as a flat buffer of records, encoded by src/sys/container-spec.ts
 *    and decoded by bunker_spec_parse() into struct bunker_spec, whose pointers point INTO the
 *    buffer (no malloc anywhere: the code runs in processes forked from a multi-threaded Bun).
 *    Record: u16 tag (little-endian), u16 zero, u32 length (little-endian), then `length`
 *    bytes. Strings include their terminating NUL in `length`. Integers are little-endian.
 *    Repeated tags append in order. Unknown tags are an error (-EINVAL, naming the tag).
 *
 * 2. bunker_spawn() starts a per-container monitor (double fork: it is reparented to init and
 *    outlives the daemon). The monitor creates the container's process (or, in exec mode,
 *    joins a running container's namespaces), holds its stdio, writes the json-file log,
 *    serves the attach socket, and writes state.json when the process starts and exits.
 *
 * 3. The attach socket (unix stream, mode 0600, at BUNKER_T_SOCKET_PATH) speaks frames:
 *    u8 type, u8 0, u8 0, u8 0, u32 big-endian payload length, payload.
 */
#ifndef BUNKER_RUNTIME_H
#define BUNKER_RUNTIME_H

#include <stdint.h>

/* ---- spec record tags ---- */
enum bunker_tag {
    BUNKER_T_ROOTFS = 1,         /* string: absolute host path of the root filesystem */
    BUNKER_T_ARG = 2,            /* string, repeated: argv, in order (argv[0] is the program) */
    BUNKER_T_ENV = 3,            /* string "K=V", repeated */
    BUNKER_T_CWD = 4,            /* string: working directory inside the container (created if missing) */
    BUNKER_T_HOSTNAME = 5,       /* string */
    BUNKER_T_UID = 6,            /* u32: uid inside the container */
    BUNKER_T_GID = 7,            /* u32: gid inside the container */
    BUNKER_T_GROUP = 8,          /* u32, repeated: supplementary gids */
    BUNKER_T_FLAGS = 9,          /* u32: BUNKER_F_* */
    BUNKER_T_MOUNT = 10,         /* u32 kind, u32 BUNKER_MF_* flags, then three strings back to back:
                                    source\0 target\0 data\0 (target absolute inside the container) */
    BUNKER_T_MASKED_PATH = 11,   /* string, repeated: /dev/null bound over files, ro tmpfs over dirs */
    BUNKER_T_READONLY_PATH = 12, /* string, repeated: bound read-only onto itself */
    BUNKER_T_CAPS = 13,          /* u64: capability bit mask (bounding, permitted, effective, inheritable) */
    BUNKER_T_SECCOMP = 14,       /* bytes: struct sock_filter[] (8 bytes each), installed just before exec */
    BUNKER_T_RLIMIT = 15,        /* u32 resource, u32 zero, u64 soft, u64 hard (RLIM_INFINITY = ~0) */
    BUNKER_T_UID_MAP = 16,       /* string "inside outside count", repeated */
    BUNKER_T_GID_MAP = 17,       /* string "inside outside count", repeated */
    BUNKER_T_NEWUIDMAP = 18,     /* string: path of newuidmap; absent = write /proc/PID/uid_map directly */
    BUNKER_T_NEWGIDMAP = 19,     /* string: path of newgidmap; absent = write gid_map directly (after setgroups deny) */
    BUNKER_T_STATE_DIR = 20,     /* string: host dir for state.json (written atomically) */
    BUNKER_T_LOG_PATH = 21,      /* string: json-file log; absent = no log (exec sessions) */
    BUNKER_T_LOG_MAX_SIZE = 22,  /* u64: rotate when the log would pass this many bytes; 0 = never */
    BUNKER_T_LOG_MAX_FILES = 23, /* u32: keep this many files in all (log, log.1, ...); >= 1 */
    BUNKER_T_SOCKET_PATH = 24,   /* string: attach socket path */
    BUNKER_T_EXEC_PID = 25,      /* u32: exec mode: join the namespaces of this (host) pid */
    BUNKER_T_CONSOLE_SIZE = 26,  /* u16 rows, u16 cols: initial terminal size (with BUNKER_F_TTY) */
    BUNKER_T_STOP_SIGNAL = 27,   /* u32: signal the --init process forwards as the stop signal (info only) */
    BUNKER_T_USERNS_PATH = 28,   /* string: join this user namespace (e.g. /proc/PID/ns/user of the
                                    daemon's namespace holder) instead of creating one: the monitor
                                    setns()es into it before clone, and writes no maps. */
    BUNKER_T_ROOTFS_MOUNT = 29,  /* three strings back to back: type\0 source\0 options\0, e.g.
                                    "overlay\0overlay\0lowerdir=/a:/b,upperdir=/u,workdir=/w,userxattr\0":
                                    a filesystem the container's init mounts on ROOTFS (an existing
                                    empty directory) in its own mount namespace, before anything
                                    else is set up there. Options must fit in one page (mount(2)). */
    BUNKER_T_CGROUP_PROCS = 40,  /* string, repeated: a cgroup.procs file the process joins (writes "0")
                                    before anything else runs in it; a container's init then
                                    unshares its cgroup namespace there (BUNKER_F_NEW_CGROUPNS) */
    BUNKER_T_NET_IFACE = 30,     /* repeated: a TAP device the container's init creates in its network
                                    namespace (NEW_NETNS only), index = order: u32 mtu, u8 mac[6],
                                    u8 prefix length, u8 has_gateway, u8 ipv4[4], u8 gateway[4]
                                    (20 bytes), then two strings back to back: name\0 socket_path\0.
                                    The monitor relays its frames on socket_path (see "network
                                    sockets" below). A gateway becomes the default route. */
    BUNKER_T_NETNS_PID = 31,     /* u32: join the network namespace of this (host) pid instead of
                                    creating one (Docker's --network container:<id>); not with
                                    NEW_NETNS. The namespace's owner must be the container's user
                                    namespace (or the host's, as root). */
};

/* ---- BUNKER_T_FLAGS ---- */
enum bunker_flag {
    BUNKER_F_TTY = 1 << 0,             /* a pty: created inside the container's devpts, master to the monitor */
    BUNKER_F_STDIN = 1 << 1,           /* keep stdin open (-i); else stdin is /dev/null */
    BUNKER_F_READONLY_ROOTFS = 1 << 2, /* remount / read-only after setup */
    BUNKER_F_NO_NEW_PRIVS = 1 << 3,    /* prctl(PR_SET_NO_NEW_PRIVS) */
    BUNKER_F_INIT = 1 << 4,            /* pid 1 is a small reaping init that forwards signals to the command */
    BUNKER_F_NEW_USERNS = 1 << 5,      /* new user namespace (rootless); maps from UID_MAP/GID_MAP */
    BUNKER_F_NEW_NETNS = 1 << 6,       /* own network namespace with lo up; else the host's (and /sys is a ro bind) */
    BUNKER_F_NEW_CGROUPNS = 1 << 7,    /* new cgroup namespace */
    BUNKER_F_WAIT_START = 1 << 8,      /* do not exec until a START frame arrives on the attach socket */
};

/* ---- BUNKER_T_MOUNT ---- */
enum bunker_mount_kind {
    BUNKER_MOUNT_BIND = 1,  /* bind `source` (host path) on `target` */
    BUNKER_MOUNT_TMPFS = 2, /* tmpfs on `target`, options in `data` (e.g. "size=65536k,mode=1777") */
};
enum bunker_mount_flag {
    BUNKER_MF_RDONLY = 1 << 0,
    BUNKER_MF_RECURSIVE = 1 << 1, /* MS_REC for binds */
    BUNKER_MF_NOSUID = 1 << 2,
    BUNKER_MF_NODEV = 1 << 3,
    BUNKER_MF_NOEXEC = 1 << 4,
    BUNKER_MF_FILE = 1 << 5, /* the target is a file: create an empty one if missing (else a dir) */
};

#define BUNKER_MAX_ARGS 1024
#define BUNKER_MAX_ENV 1024
#define BUNKER_MAX_GROUPS 64
#define BUNKER_MAX_MOUNTS 128
#define BUNKER_MAX_PATHS 64
#define BUNKER_MAX_RLIMITS 16
#define BUNKER_MAX_MAPS 16
#define BUNKER_MAX_CGROUPS 16
#define BUNKER_MAX_NET_IFACES 8

struct bunker_net_iface {
    uint32_t mtu;
    uint8_t mac[6];
    uint8_t prefix_len;
    uint8_t has_gateway;
    uint8_t ipv4[4], gateway[4]; /* network byte order */
    const char *name, *socket_path;
};

struct bunker_mount {
    uint32_t kind, flags;
    const char *source, *target, *data;
};

struct bunker_rlimit {
    uint32_t resource;
    uint64_t soft, hard;
};

struct bunker_spec {
    uint32_t flags;
    const char *rootfs, *cwd, *hostname;
    const char *argv[BUNKER_MAX_ARGS + 1]; /* NULL-terminated */
    uint32_t argc;
    const char *envp[BUNKER_MAX_ENV + 1]; /* NULL-terminated */
    uint32_t envc;
    uint32_t uid, gid;
    uint32_t groups[BUNKER_MAX_GROUPS];
    uint32_t ngroups;
    struct bunker_mount mounts[BUNKER_MAX_MOUNTS];
    uint32_t nmounts;
    const char *masked[BUNKER_MAX_PATHS];
    uint32_t nmasked;
    const char *readonly[BUNKER_MAX_PATHS];
    uint32_t nreadonly;
    uint64_t caps;
    int has_caps;
    const uint8_t *seccomp; /* NULL = no filter */
    uint32_t seccomp_len;
    struct bunker_rlimit rlimits[BUNKER_MAX_RLIMITS];
    uint32_t nrlimits;
    const char *uid_map[BUNKER_MAX_MAPS];
    uint32_t nuid_map;
    const char *gid_map[BUNKER_MAX_MAPS];
    uint32_t ngid_map;
    const char *newuidmap, *newgidmap;
    const char *state_dir, *log_path, *socket_path;
    uint64_t log_max_size;
    uint32_t log_max_files;
    uint32_t exec_pid; /* 0 = create a new container */
    uint16_t rows, cols;
    uint32_t stop_signal;
    const char *userns_path;
    const char *rootfs_mount_type, *rootfs_mount_source, *rootfs_mount_options; /* NULL = none */
    const char *cgroup_procs[BUNKER_MAX_CGROUPS];
    uint32_t ncgroup_procs;
    struct bunker_net_iface net_ifaces[BUNKER_MAX_NET_IFACES];
    uint32_t nnet_ifaces;
    uint32_t netns_pid; /* 0 = none */
};

/* One BUNKER_T_NET_IFACE payload (also the NET_ADD frame's) into `f` (pointers into `p`):
 * NULL, or why it is wrong. */
const char *bunker_net_iface_parse(const uint8_t *p, uint32_t n, struct bunker_net_iface *f);

/* Decode `buf` into `out` (pointers into `buf`). Checks what one record can check (lengths,
 * NUL terminators, limits, absolute paths); returns 0 or -EINVAL with the reason in msg. */
int bunker_spec_parse(const uint8_t *buf, uint32_t len, struct bunker_spec *out, char *msg, int msglen);

/*
 * Start a monitor for `spec` (exported; called from src/sys through bun:ffi).
 * On success returns 0 and fills out[0] = monitor pid, out[1] = the process's pid (the
 * container's init, or the exec'd process), both as seen from the caller's pid namespace.
 * It returns once the monitor's socket is listening and the process exists (set up and, with
 * BUNKER_F_WAIT_START, waiting for START; without it, exec'd). A failure before that point
 * returns -errno with the stage in msg (e.g. "newuidmap: exit status 1: ...",
 * "pivot_root: Invalid argument", "exec /bin/nope: No such file or directory") and leaves
 * nothing behind: no monitor, no socket, no process. An exec failure sets out[2] to the exit
 * code Docker uses (127 not found, 126 not executable, else 125).
 */
int bunker_spawn(const uint8_t *spec, uint32_t len, int32_t *out, char *msg, int msglen);
/* The same through the monitor executable `exe` (ffi/monitor-exe.c), started with posix_spawn:
 * the monitor is then a small program of its own instead of a fork of the caller. */
int bunker_spawn_exe(const char *exe, const uint8_t *spec, uint32_t len, int32_t *out, char *msg, int msglen);

/* ---- monitor <-> process setup: a SOCK_SEQPACKET socketpair; the child's end is CLOEXEC ----
 * Container mode: the monitor clone()s the child with CLONE_NEWNS|NEWPID|NEWIPC|NEWUTS (+NEWUSER,
 * +NEWNET, +NEWCGROUP per flags) and SIGCHLD, so the child is pid 1 of the new pid namespace and
 * the monitor its real parent; stdio (pipes, or /dev/null for stdin) is already on fds 0-2.
 * The child waits for MAPS (the monitor writes uid/gid maps first when NEW_USERNS), sets the
 * container up, and with TTY creates the pty in the container's own devpts, sending the master
 * as CONSOLE. With WAIT_START it sends READY and waits for GO. Then it execs; its end of the
 * socket closes on exec, so EOF means success, and an exec failure arrives as ERROR.
 * Exec mode: the monitor forks a child that joins the target's namespaces (user first), forks
 * again to enter the pid namespace, sends PID (code = the new process's pid as the monitor sees
 * it) and exits; the monitor is a child subreaper and waits for that process itself.
 */
struct bunker_sync {
    int32_t kind;
    int32_t err;  /* errno, for ERROR */
    int32_t code; /* ERROR: exit code 125/126/127; PID: the pid */
    char msg[244];
};
enum bunker_sync_kind {
    BUNKER_SYNC_MAPS = 1,    /* monitor -> child: id maps written (or not needed): go on */
    BUNKER_SYNC_CONSOLE = 2, /* child -> monitor: the pty master, as SCM_RIGHTS */
    BUNKER_SYNC_READY = 3,   /* child -> monitor: set up, waiting for GO (WAIT_START only) */
    BUNKER_SYNC_GO = 4,      /* monitor -> child: exec now */
    BUNKER_SYNC_ERROR = 5,   /* child -> monitor: a failed stage; the child then _exit(code) */
    BUNKER_SYNC_PID = 6,     /* child -> monitor, exec mode */
    BUNKER_SYNC_TAP = 7,     /* child -> monitor: the TAP of NET_IFACE number `code`, as SCM_RIGHTS
                                (the child closes its copy) */
};

/* Run in the child the monitor made; they never return (exec, or _exit after ERROR). */
void bunker_container_main(const struct bunker_spec *s, int sync_fd) __attribute__((noreturn));
void bunker_exec_main(const struct bunker_spec *s, int sync_fd) __attribute__((noreturn));

/* ---- hardening steps (ffi/harden.c), called by bunker_container_main / bunker_exec_main ----
 * Each returns 0 or -errno with "stage: reason" in msg. Async-signal-safe code only.
 */
/* Before pivot_root, in the container's mount namespace: the BUNKER_T_MOUNT records (binds,
 * tmpfs; read-only binds remounted keeping the locked flags of the source mount), targets
 * resolved under `rootfs` without following symlinks out of it, created when missing. */
int bunker_mount_user(const struct bunker_spec *s, const char *rootfs, char *msg, int msglen);
/* After pivot_root: masked paths, read-only paths, then (READONLY_ROOTFS) / read-only. */
int bunker_mount_protect(const struct bunker_spec *s, char *msg, int msglen);
/* Last steps before execve, still root in the container: rlimits, supplementary groups, gid,
 * uid, capabilities (bounding set dropped to CAPS; permitted/effective = CAPS for uid 0, empty
 * otherwise, inheritable and ambient empty, as Docker), no_new_privs, and the seccomp filter
 * (installed before the uid change when there is no no_new_privs, else last). */
int bunker_process_setup(const struct bunker_spec *s, char *msg, int msglen);
/* --init: pid 1 forwards every catchable signal to `child`, reaps every zombie, and exits with
 * the child's status (128+signal when it was killed) once the child is gone. */
void bunker_init_loop(int child) __attribute__((noreturn));

/* ---- attach socket frames ---- */
enum bunker_frame {
    /* client -> monitor */
    BUNKER_FR_HELLO = 1,       /* u32 BUNKER_HELLO_* flags; must be the first frame */
    BUNKER_FR_STDIN = 2,       /* bytes for the process's stdin */
    BUNKER_FR_STDIN_CLOSE = 3, /* close the process's stdin (EOF) */
    BUNKER_FR_RESIZE = 4,      /* u16 rows, u16 cols (big-endian) */
    BUNKER_FR_START = 5,       /* release a BUNKER_F_WAIT_START process; answered START_OK / START_ERR */
    BUNKER_FR_SIGNAL = 6,      /* u32 signal (big-endian): kill() the process (its init with --init) */
    BUNKER_FR_NET_ADD = 7,     /* a BUNKER_T_NET_IFACE payload: one more TAP device in the running
                                  container's network namespace, served on its socket path
                                  (docker network connect); answered NET_RESULT */
    BUNKER_FR_NET_REMOVE = 8,  /* an interface name (no NUL): close its TAP (the device goes away)
                                  and its socket; answered NET_RESULT */
    /* monitor -> client */
    BUNKER_FR_STDOUT = 16,
    BUNKER_FR_STDERR = 17,
    BUNKER_FR_EXIT = 18,      /* i32 exit code, i32 signal (0 if none), big-endian; then the socket closes */
    BUNKER_FR_START_OK = 19,
    BUNKER_FR_START_ERR = 20, /* i32 exit code (125/126/127), then a UTF-8 message */
    BUNKER_FR_PID = 21,       /* u32 pid of the process, sent after HELLO */
    BUNKER_FR_NET_RESULT = 22, /* i32 0 or -errno, then a UTF-8 message: answers NET_ADD / NET_REMOVE in order */
};
/* NOTE (added by the monitor's author, ffi/monitor.c): HELLO's u32 flags are big-endian too,
 * like every integer in a frame (the line above did not say). */
enum bunker_hello_flag {
    BUNKER_HELLO_OUTPUT = 1 << 0, /* send me STDOUT/STDERR frames from now on */
    BUNKER_HELLO_REPLAY = 1 << 1, /* also send output produced before I connected (exec sessions;
                                     the monitor keeps up to 1 MiB until the first OUTPUT client) */
};

/*
 * Network sockets: for each NET_IFACE the monitor listens on its socket_path (unix stream,
 * mode 0600) and relays Ethernet frames between the TAP and one client, each frame behind a
 * u32 big-endian length (the stream format of qemu's -netdev stream and passt). A new
 * connection replaces the previous client. Without a client, frames from the TAP are dropped;
 * while the client does not read, the TAP is not read either (its kernel queue fills and drops,
 * as a link would). A length of 0 or above BUNKER_NET_FRAME_MAX from the client closes it.
 * The monitor's first message to a client is a length of 0 that carries the TAP device itself
 * as SCM_RIGHTS (sent once the TAP exists, before any frame): a client that takes it may write
 * frames straight to the device, each behind a struct virtio_net_hdr (the TAP has
 * IFF_VNET_HDR; VIRTIO_NET_HDR_F_NEEDS_CSUM spares the payload checksum), and keeps reading
 * the guest's frames here. A client that reads with plain recv sees an empty frame to skip.
 */
#define BUNKER_NET_FRAME_MAX (65535 + 14)

/*
 * state.json in BUNKER_T_STATE_DIR, replaced atomically (write state.json.tmp, fsync, rename):
 *   {"monitorPid":N,"pid":N,"status":"created|running|exited","exitCode":N,"signal":N,
 *    "startedAt":"2006-01-02T15:04:05.999999999Z","finishedAt":"...","error":"..."}
 * "created": the process is set up and waits for START; "running" after exec; "exited" with
 * exitCode (128+signal when killed by a signal, as Docker reports) once the monitor reaped it.
 * The monitor exits after writing "exited", sending EXIT to every client and flushing the log.
 *
 * json-file log lines, as Docker writes them:
 *   {"log":"text\n","stream":"stdout","time":"2006-01-02T15:04:05.999999999Z"}
 * one per line of output (a line longer than 16 KiB is split; a last line without newline is
 * written when the stream ends). With a tty everything is "stdout" (as Docker does).
 */

#endif
