/*
 * Decoding of the container spec records (runtime.h, part 1). No malloc: the decoded struct
 * points into the buffer. Async-signal-safe (a monitor forked from Bun may parse here).
 */
#include <errno.h>
#include <linux/filter.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/un.h>

#include "runtime.h"
#include "safe-fmt.h"

static const char *const tag_names[] = {
    [BUNKER_T_ROOTFS] = "rootfs",
    [BUNKER_T_ARG] = "arg",
    [BUNKER_T_ENV] = "env",
    [BUNKER_T_CWD] = "cwd",
    [BUNKER_T_HOSTNAME] = "hostname",
    [BUNKER_T_UID] = "uid",
    [BUNKER_T_GID] = "gid",
    [BUNKER_T_GROUP] = "group",
    [BUNKER_T_FLAGS] = "flags",
    [BUNKER_T_MOUNT] = "mount",
    [BUNKER_T_MASKED_PATH] = "masked path",
    [BUNKER_T_READONLY_PATH] = "readonly path",
    [BUNKER_T_CAPS] = "caps",
    [BUNKER_T_SECCOMP] = "seccomp",
    [BUNKER_T_RLIMIT] = "rlimit",
    [BUNKER_T_UID_MAP] = "uid map",
    [BUNKER_T_GID_MAP] = "gid map",
    [BUNKER_T_NEWUIDMAP] = "newuidmap",
    [BUNKER_T_NEWGIDMAP] = "newgidmap",
    [BUNKER_T_STATE_DIR] = "state dir",
    [BUNKER_T_LOG_PATH] = "log path",
    [BUNKER_T_LOG_MAX_SIZE] = "log max size",
    [BUNKER_T_LOG_MAX_FILES] = "log max files",
    [BUNKER_T_SOCKET_PATH] = "socket path",
    [BUNKER_T_EXEC_PID] = "exec pid",
    [BUNKER_T_CONSOLE_SIZE] = "console size",
    [BUNKER_T_STOP_SIGNAL] = "stop signal",
    [BUNKER_T_USERNS_PATH] = "userns path",
    [BUNKER_T_ROOTFS_MOUNT] = "rootfs mount",
    [BUNKER_T_NET_IFACE] = "net iface",
    [BUNKER_T_NETNS_PID] = "netns pid",
    [BUNKER_T_CGROUP_PROCS] = "cgroup procs",
};
#define TAG_MAX BUNKER_T_CGROUP_PROCS

#define KNOWN_FLAGS                                                                                \
    (BUNKER_F_TTY | BUNKER_F_STDIN | BUNKER_F_READONLY_ROOTFS | BUNKER_F_NO_NEW_PRIVS |          \
     BUNKER_F_INIT | BUNKER_F_NEW_USERNS | BUNKER_F_NEW_NETNS | BUNKER_F_NEW_CGROUPNS |           \
     BUNKER_F_WAIT_START)
#define KNOWN_MOUNT_FLAGS                                                                          \
    (BUNKER_MF_RDONLY | BUNKER_MF_RECURSIVE | BUNKER_MF_NOSUID | BUNKER_MF_NODEV |               \
     BUNKER_MF_NOEXEC | BUNKER_MF_FILE)

/* The message "spec: tag N (name) at offset O: <why...>" and -EINVAL. */
static int bad(char *msg, int msglen, unsigned tag, uint32_t off, const char *why, const char *extra) {
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, msg, msglen);
    bunker_sfmt_str(&f, "spec: tag ");
    bunker_sfmt_uint(&f, tag);
    if (tag >= 1 && tag <= TAG_MAX && tag_names[tag] != NULL) {
        bunker_sfmt_str(&f, " (");
        bunker_sfmt_str(&f, tag_names[tag]);
        bunker_sfmt_str(&f, ")");
    }
    bunker_sfmt_str(&f, " at offset ");
    bunker_sfmt_uint(&f, off);
    bunker_sfmt_str(&f, ": ");
    bunker_sfmt_str(&f, why);
    if (extra != NULL) bunker_sfmt_quote(&f, extra);
    return -EINVAL;
}

/* The page size from the auxiliary vector (a read of a static table: async-signal-safe). */
static unsigned long page_size(void) {
    unsigned long page = getauxval(AT_PAGESZ);
    return page >= 4096 ? page : 4096;
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* One NUL-terminated string of exactly `len` bytes (NUL included), no NUL inside. */
static const char *check_string(const uint8_t *p, uint32_t len, const char **why) {
    if (len == 0 || p[len - 1] != '\0') { *why = "string is not NUL-terminated"; return NULL; }
    if (memchr(p, '\0', len - 1) != NULL) { *why = "string has a NUL byte inside"; return NULL; }
    return (const char *)p;
}

/* "inside outside count": three unsigned decimals separated by single spaces, count > 0,
 * and the ranges do not wrap around 2^32. */
static int check_map(const char *s) {
    unsigned long long v[3];
    for (int i = 0; i < 3; i++) {
        if (*s < '0' || *s > '9') return 0;
        unsigned long long x = 0;
        while (*s >= '0' && *s <= '9') {
            x = x * 10 + (unsigned)(*s++ - '0');
            if (x > 0xffffffffULL) return 0;
        }
        v[i] = x;
        if (i < 2 && *s++ != ' ') return 0;
    }
    if (*s != '\0' || v[2] == 0) return 0;
    return v[0] + v[2] <= 0x100000000ULL && v[1] + v[2] <= 0x100000000ULL;
}

const char *bunker_net_iface_parse(const uint8_t *p, uint32_t n, struct bunker_net_iface *f) {
    if (n < 20 + 2 + 2) return "truncated: an interface needs 20 bytes and two strings (name, socket path)";
    memset(f, 0, sizeof *f);
    f->mtu = rd32(p);
    memcpy(f->mac, p + 4, 6);
    f->prefix_len = p[10];
    f->has_gateway = p[11];
    memcpy(f->ipv4, p + 12, 4);
    memcpy(f->gateway, p + 16, 4);
    const char *s[2];
    const uint8_t *q = p + 20, *end = p + n;
    for (int i = 0; i < 2; i++) {
        const uint8_t *z = q < end ? memchr(q, '\0', (size_t)(end - q)) : NULL;
        if (z == NULL) return "interface strings are not NUL-terminated (name, socket path)";
        s[i] = (const char *)q;
        q = z + 1;
    }
    if (q != end) return "bytes after the interface's socket path";
    size_t nl = strlen(s[0]);
    if (nl == 0 || nl > 15 || strpbrk(s[0], "/: \t\n") != NULL) return "interface name must have 1 to 15 bytes, without '/', ':' or spaces";
    if (s[1][0] != '/' || strlen(s[1]) >= sizeof ((struct sockaddr_un *)0)->sun_path) return "interface socket path must be absolute and at most 107 bytes";
    if (f->mtu < 68 || f->mtu > 65535) return "interface mtu must be from 68 to 65535";
    if (f->prefix_len > 32) return "interface prefix length must be at most 32";
    if (f->mac[0] & 1) return "interface mac must be a unicast address";
    f->name = s[0];
    f->socket_path = s[1];
    return NULL;
}

int bunker_spec_parse(const uint8_t *buf, uint32_t len, struct bunker_spec *out, char *msg, int msglen) {
    if (msg != NULL && msglen > 0) msg[0] = '\0';
    memset(out, 0, sizeof *out);
    if (buf == NULL && len > 0) {
        bunker_scat(msg, msglen, "spec: no buffer", (const char *)NULL);
        return -EINVAL;
    }
    uint64_t seen = 0; /* bit per singleton tag */
    uint32_t off = 0;
    while (off < len) {
        if (len - off < 8) {
            struct bunker_sfmt f;
            bunker_sfmt_init(&f, msg, msglen);
            bunker_sfmt_str(&f, "spec: truncated record header at offset ");
            bunker_sfmt_uint(&f, off);
            return -EINVAL;
        }
        const uint8_t *h = buf + off;
        unsigned tag = rd16(h);
        uint32_t n = rd32(h + 4);
        if (rd16(h + 2) != 0) return bad(msg, msglen, tag, off, "reserved header bytes are not zero", NULL);
        if (tag < 1 || tag > TAG_MAX || tag_names[tag] == NULL) return bad(msg, msglen, tag, off, "unknown tag", NULL);
        if (n > len - off - 8) return bad(msg, msglen, tag, off, "truncated: the record runs past the end of the spec", NULL);
        const uint8_t *p = h + 8;
        uint32_t at = off;
        off += 8 + n;

        int repeated = tag == BUNKER_T_ARG || tag == BUNKER_T_ENV || tag == BUNKER_T_GROUP ||
                       tag == BUNKER_T_MOUNT || tag == BUNKER_T_MASKED_PATH ||
                       tag == BUNKER_T_READONLY_PATH || tag == BUNKER_T_RLIMIT ||
                       tag == BUNKER_T_UID_MAP || tag == BUNKER_T_GID_MAP ||
                       tag == BUNKER_T_CGROUP_PROCS || tag == BUNKER_T_NET_IFACE;
        if (!repeated) {
            if (seen & (1ull << tag)) return bad(msg, msglen, tag, at, "given more than once", NULL);
            seen |= 1ull << tag;
        }

        /* Fixed-size records. */
        uint32_t want = 0;
        switch (tag) {
        case BUNKER_T_UID: case BUNKER_T_GID: case BUNKER_T_GROUP: case BUNKER_T_FLAGS:
        case BUNKER_T_LOG_MAX_FILES: case BUNKER_T_EXEC_PID: case BUNKER_T_CONSOLE_SIZE:
        case BUNKER_T_STOP_SIGNAL: case BUNKER_T_NETNS_PID:
            want = 4; break;
        case BUNKER_T_CAPS: case BUNKER_T_LOG_MAX_SIZE:
            want = 8; break;
        case BUNKER_T_RLIMIT:
            want = 24; break;
        default:
            break;
        }
        if (want != 0 && n != want) return bad(msg, msglen, tag, at, want == 4 ? "length must be 4" : want == 8 ? "length must be 8" : "length must be 24", NULL);

        /* String records. */
        const char *str = NULL;
        int is_string = tag == BUNKER_T_ROOTFS || tag == BUNKER_T_ARG || tag == BUNKER_T_ENV ||
                        tag == BUNKER_T_CWD || tag == BUNKER_T_HOSTNAME ||
                        tag == BUNKER_T_MASKED_PATH || tag == BUNKER_T_READONLY_PATH ||
                        tag == BUNKER_T_UID_MAP || tag == BUNKER_T_GID_MAP ||
                        tag == BUNKER_T_NEWUIDMAP || tag == BUNKER_T_NEWGIDMAP ||
                        tag == BUNKER_T_STATE_DIR || tag == BUNKER_T_LOG_PATH ||
                        tag == BUNKER_T_SOCKET_PATH || tag == BUNKER_T_USERNS_PATH ||
                        tag == BUNKER_T_CGROUP_PROCS;
        if (is_string) {
            const char *why = NULL;
            if ((str = check_string(p, n, &why)) == NULL) return bad(msg, msglen, tag, at, why, NULL);
            int absolute = tag != BUNKER_T_ARG && tag != BUNKER_T_ENV && tag != BUNKER_T_HOSTNAME &&
                           tag != BUNKER_T_UID_MAP && tag != BUNKER_T_GID_MAP;
            if (absolute && str[0] != '/') return bad(msg, msglen, tag, at, "path must be absolute: ", str);
        }

        switch (tag) {
        case BUNKER_T_ROOTFS: out->rootfs = str; break;
        case BUNKER_T_ARG:
            if (out->argc >= BUNKER_MAX_ARGS) return bad(msg, msglen, tag, at, "too many args (limit 1024)", NULL);
            out->argv[out->argc++] = str;
            break;
        case BUNKER_T_ENV:
            if (out->envc >= BUNKER_MAX_ENV) return bad(msg, msglen, tag, at, "too many env entries (limit 1024)", NULL);
            if (str[0] == '=' || strchr(str, '=') == NULL) return bad(msg, msglen, tag, at, "not K=V: ", str);
            out->envp[out->envc++] = str;
            break;
        case BUNKER_T_CWD: out->cwd = str; break;
        case BUNKER_T_HOSTNAME:
            if (n - 1 > 64) return bad(msg, msglen, tag, at, "longer than 64 bytes: ", str);
            out->hostname = str;
            break;
        case BUNKER_T_UID: out->uid = rd32(p); break;
        case BUNKER_T_GID: out->gid = rd32(p); break;
        case BUNKER_T_GROUP:
            if (out->ngroups >= BUNKER_MAX_GROUPS) return bad(msg, msglen, tag, at, "too many groups (limit 64)", NULL);
            out->groups[out->ngroups++] = rd32(p);
            break;
        case BUNKER_T_FLAGS:
            out->flags = rd32(p);
            if (out->flags & ~(uint32_t)KNOWN_FLAGS) return bad(msg, msglen, tag, at, "unknown flag bits", NULL);
            break;
        case BUNKER_T_MOUNT: {
            if (out->nmounts >= BUNKER_MAX_MOUNTS) return bad(msg, msglen, tag, at, "too many mounts (limit 128)", NULL);
            if (n < 8 + 3) return bad(msg, msglen, tag, at, "truncated: a mount needs kind, flags and three strings", NULL);
            struct bunker_mount *m = &out->mounts[out->nmounts];
            m->kind = rd32(p);
            m->flags = rd32(p + 4);
            if (m->kind != BUNKER_MOUNT_BIND && m->kind != BUNKER_MOUNT_TMPFS) return bad(msg, msglen, tag, at, "unknown mount kind", NULL);
            if (m->flags & ~(uint32_t)KNOWN_MOUNT_FLAGS) return bad(msg, msglen, tag, at, "unknown mount flag bits", NULL);
            const char *s[3];
            const uint8_t *q = p + 8, *end = p + n;
            for (int i = 0; i < 3; i++) {
                const uint8_t *z = q < end ? memchr(q, '\0', (size_t)(end - q)) : NULL;
                if (z == NULL) return bad(msg, msglen, tag, at, "mount strings are not NUL-terminated (source, target, data)", NULL);
                s[i] = (const char *)q;
                q = z + 1;
            }
            if (q != end) return bad(msg, msglen, tag, at, "bytes after the mount's data string", NULL);
            m->source = s[0];
            m->target = s[1];
            m->data = s[2];
            if (m->target[0] != '/') return bad(msg, msglen, tag, at, "mount target must be absolute: ", m->target);
            if (m->kind == BUNKER_MOUNT_BIND && m->source[0] != '/') return bad(msg, msglen, tag, at, "bind source must be absolute: ", m->source);
            out->nmounts++;
            break;
        }
        case BUNKER_T_ROOTFS_MOUNT: {
            const char *s[3];
            const uint8_t *q = p, *end = p + n;
            for (int i = 0; i < 3; i++) {
                const uint8_t *z = q < end ? memchr(q, '\0', (size_t)(end - q)) : NULL;
                if (z == NULL) return bad(msg, msglen, tag, at, "rootfs mount strings are not NUL-terminated (type, source, options)", NULL);
                s[i] = (const char *)q;
                q = z + 1;
            }
            if (q != end) return bad(msg, msglen, tag, at, "bytes after the rootfs mount's options", NULL);
            if (s[0][0] == '\0') return bad(msg, msglen, tag, at, "the rootfs mount has no filesystem type", NULL);
            if (s[1][0] == '\0') return bad(msg, msglen, tag, at, "the rootfs mount has no source", NULL);
            /* mount(2) copies at most one page of options, NUL included: refuse here, with
             * the reason, rather than have the kernel cut them (or fail with EINVAL). */
            size_t optlen = strlen(s[2]);
            unsigned long page = page_size();
            if (optlen + 1 > page) {
                struct bunker_sfmt f;
                bunker_sfmt_init(&f, msg, msglen);
                bunker_sfmt_str(&f, "spec: rootfs mount options are ");
                bunker_sfmt_uint(&f, (unsigned)optlen);
                bunker_sfmt_str(&f, " bytes, longer than mount(2) takes (one page: ");
                bunker_sfmt_uint(&f, (unsigned)(page - 1));
                bunker_sfmt_str(&f, " bytes); use shorter layer paths");
                return -EINVAL;
            }
            out->rootfs_mount_type = s[0];
            out->rootfs_mount_source = s[1];
            out->rootfs_mount_options = s[2];
            break;
        }
        case BUNKER_T_NET_IFACE: {
            if (out->nnet_ifaces >= BUNKER_MAX_NET_IFACES) return bad(msg, msglen, tag, at, "too many network interfaces (limit 8)", NULL);
            const char *why = bunker_net_iface_parse(p, n, &out->net_ifaces[out->nnet_ifaces]);
            if (why != NULL) return bad(msg, msglen, tag, at, why, NULL);
            out->nnet_ifaces++;
            break;
        }
        case BUNKER_T_NETNS_PID:
            out->netns_pid = rd32(p);
            if (out->netns_pid == 0 || out->netns_pid > 0x3fffffff) return bad(msg, msglen, tag, at, "not a pid", NULL);
            break;
        case BUNKER_T_MASKED_PATH:
            if (out->nmasked >= BUNKER_MAX_PATHS) return bad(msg, msglen, tag, at, "too many masked paths (limit 64)", NULL);
            out->masked[out->nmasked++] = str;
            break;
        case BUNKER_T_CGROUP_PROCS:
            if (out->ncgroup_procs >= BUNKER_MAX_CGROUPS) return bad(msg, msglen, tag, at, "too many cgroups (limit 16)", NULL);
            out->cgroup_procs[out->ncgroup_procs++] = str;
            break;
        case BUNKER_T_READONLY_PATH:
            if (out->nreadonly >= BUNKER_MAX_PATHS) return bad(msg, msglen, tag, at, "too many readonly paths (limit 64)", NULL);
            out->readonly[out->nreadonly++] = str;
            break;
        case BUNKER_T_CAPS:
            out->caps = rd64(p);
            out->has_caps = 1;
            break;
        case BUNKER_T_SECCOMP:
            if (n == 0 || n % 8 != 0) return bad(msg, msglen, tag, at, "length must be a non-zero multiple of 8", NULL);
            if (n / 8 > BPF_MAXINSNS) return bad(msg, msglen, tag, at, "more than 4096 instructions", NULL);
            out->seccomp = p;
            out->seccomp_len = n;
            break;
        case BUNKER_T_RLIMIT: {
            if (out->nrlimits >= BUNKER_MAX_RLIMITS) return bad(msg, msglen, tag, at, "too many rlimits (limit 16)", NULL);
            struct bunker_rlimit *r = &out->rlimits[out->nrlimits];
            r->resource = rd32(p);
            if (rd32(p + 4) != 0) return bad(msg, msglen, tag, at, "reserved bytes are not zero", NULL);
            r->soft = rd64(p + 8);
            r->hard = rd64(p + 16);
            if (r->resource >= RLIM_NLIMITS) return bad(msg, msglen, tag, at, "unknown resource", NULL);
            if (r->soft > r->hard) return bad(msg, msglen, tag, at, "soft limit above the hard limit", NULL);
            out->nrlimits++;
            break;
        }
        case BUNKER_T_UID_MAP:
        case BUNKER_T_GID_MAP: {
            int uid = tag == BUNKER_T_UID_MAP;
            uint32_t *count = uid ? &out->nuid_map : &out->ngid_map;
            if (*count >= BUNKER_MAX_MAPS) return bad(msg, msglen, tag, at, "too many map lines (limit 16)", NULL);
            if (!check_map(str)) return bad(msg, msglen, tag, at, "not \"inside outside count\": ", str);
            (uid ? out->uid_map : out->gid_map)[(*count)++] = str;
            break;
        }
        case BUNKER_T_NEWUIDMAP: out->newuidmap = str; break;
        case BUNKER_T_NEWGIDMAP: out->newgidmap = str; break;
        case BUNKER_T_STATE_DIR: out->state_dir = str; break;
        case BUNKER_T_USERNS_PATH: out->userns_path = str; break;
        case BUNKER_T_LOG_PATH: out->log_path = str; break;
        case BUNKER_T_LOG_MAX_SIZE: out->log_max_size = rd64(p); break;
        case BUNKER_T_LOG_MAX_FILES:
            out->log_max_files = rd32(p);
            if (out->log_max_files < 1) return bad(msg, msglen, tag, at, "must be at least 1", NULL);
            break;
        case BUNKER_T_SOCKET_PATH:
            if (n > sizeof ((struct sockaddr_un *)0)->sun_path) return bad(msg, msglen, tag, at, "longer than a unix socket path may be (107 bytes): ", str);
            out->socket_path = str;
            break;
        case BUNKER_T_EXEC_PID:
            out->exec_pid = rd32(p);
            if (out->exec_pid == 0 || out->exec_pid > 0x3fffffff) return bad(msg, msglen, tag, at, "not a pid", NULL);
            break;
        case BUNKER_T_CONSOLE_SIZE:
            out->rows = rd16(p);
            out->cols = rd16(p + 2);
            break;
        case BUNKER_T_STOP_SIGNAL:
            out->stop_signal = rd32(p);
            if (out->stop_signal < 1 || out->stop_signal >= (uint32_t)_NSIG) return bad(msg, msglen, tag, at, "not a signal number", NULL);
            break;
        default:
            break;
        }
    }
    out->argv[out->argc] = NULL;
    out->envp[out->envc] = NULL;
    return 0;
}

/* Parses into a static struct (not thread-safe; for tests and early validation from TS) and
 * checks what the whole spec needs: a command, and a rootfs or an exec pid. */
int bunker_spec_check(const uint8_t *buf, uint32_t len, char *msg, int msglen) {
    static struct bunker_spec s;
    int rc = bunker_spec_parse(buf, len, &s, msg, msglen);
    if (rc < 0) return rc;
    if (s.argc == 0) {
        bunker_scat(msg, msglen, "spec: no command (no arg record)", (const char *)NULL);
        return -EINVAL;
    }
    if (s.exec_pid == 0 && s.rootfs == NULL) {
        bunker_scat(msg, msglen, "spec: no rootfs (and no exec pid)", (const char *)NULL);
        return -EINVAL;
    }
    if (s.rootfs_mount_type != NULL && (s.rootfs == NULL || s.exec_pid != 0)) {
        bunker_scat(msg, msglen, "spec: a rootfs mount needs a rootfs to mount it on (and no exec pid)", (const char *)NULL);
        return -EINVAL;
    }
    if (s.netns_pid != 0 && (s.flags & BUNKER_F_NEW_NETNS)) {
        bunker_scat(msg, msglen, "spec: a netns pid (join a network namespace) and a new network namespace exclude each other", (const char *)NULL);
        return -EINVAL;
    }
    if (s.nnet_ifaces > 0 && (!(s.flags & BUNKER_F_NEW_NETNS) || s.exec_pid != 0)) {
        bunker_scat(msg, msglen, "spec: network interfaces need a new network namespace (and no exec pid)", (const char *)NULL);
        return -EINVAL;
    }
    if (s.argv[0][0] == '\0') {
        bunker_scat(msg, msglen, "spec: the command (argv[0]) is empty", (const char *)NULL);
        return -EINVAL;
    }
    return 0;
}
