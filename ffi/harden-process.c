/*
 * The last steps before execve (runtime.h): rlimits, groups, gid, capabilities, uid,
 * no_new_privs and the seccomp filter, in the order runc uses for Docker:
 *   rlimits → bounding set → setgroups → setresgid → [seccomp, without no_new_privs]
 *   → ambient cleared → setresuid → capset → no_new_privs → [seccomp, with no_new_privs]
 * Without no_new_privs the filter is installed while CAP_SYS_ADMIN is still held (the kernel
 * requires one of the two); with it, last, so the filter need not allow the setup's calls.
 * Async-signal-safe only. The id changes are raw syscalls: glibc's wrappers broadcast to every
 * thread the parent had (its thread list survives _Fork) and may wait on its locks.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harden.h"
#include "runtime.h"

static const char *const rlimit_names[] = {
    [RLIMIT_CPU] = "RLIMIT_CPU",         [RLIMIT_FSIZE] = "RLIMIT_FSIZE",
    [RLIMIT_DATA] = "RLIMIT_DATA",       [RLIMIT_STACK] = "RLIMIT_STACK",
    [RLIMIT_CORE] = "RLIMIT_CORE",       [RLIMIT_RSS] = "RLIMIT_RSS",
    [RLIMIT_NPROC] = "RLIMIT_NPROC",     [RLIMIT_NOFILE] = "RLIMIT_NOFILE",
    [RLIMIT_MEMLOCK] = "RLIMIT_MEMLOCK", [RLIMIT_AS] = "RLIMIT_AS",
    [RLIMIT_LOCKS] = "RLIMIT_LOCKS",     [RLIMIT_SIGPENDING] = "RLIMIT_SIGPENDING",
    [RLIMIT_MSGQUEUE] = "RLIMIT_MSGQUEUE", [RLIMIT_NICE] = "RLIMIT_NICE",
    [RLIMIT_RTPRIO] = "RLIMIT_RTPRIO",   [RLIMIT_RTTIME] = "RLIMIT_RTTIME",
};

static int set_rlimits(const struct bunker_spec *s, char *msg, int msglen) {
    for (uint32_t i = 0; i < s->nrlimits; i++) {
        const struct bunker_rlimit *r = &s->rlimits[i];
        struct rlimit lim = { (rlim_t)r->soft, (rlim_t)r->hard };
        if (setrlimit((__rlimit_resource_t)r->resource, &lim) == 0) continue;
        char num[24];
        const char *name = r->resource < sizeof rlimit_names / sizeof rlimit_names[0] && rlimit_names[r->resource]
                               ? rlimit_names[r->resource] : harden_num(num, r->resource);
        char soft[24], hard[24];
        return harden_fail(msg, msglen, errno, "setrlimit ", name, " ",
                           r->soft == ~(uint64_t)0 ? "unlimited" : harden_num(soft, r->soft), ":",
                           r->hard == ~(uint64_t)0 ? "unlimited" : harden_num(hard, r->hard), NULL);
    }
    return 0;
}

/* The highest capability this kernel knows. */
static int last_cap(void) {
    char buf[16];
    if (harden_read_file("/proc/sys/kernel/cap_last_cap", buf, sizeof buf) > 0 && buf[0] >= '0' && buf[0] <= '9') {
        int v = 0;
        for (const char *p = buf; *p >= '0' && *p <= '9'; p++) v = v * 10 + (*p - '0');
        if (v < 64) return v;
    }
    /* Not readable (no /proc?): probe the bounding set, which answers EINVAL past the end. */
    int c = 0;
    while (c < 63 && prctl(PR_CAPBSET_READ, c + 1, 0, 0, 0) >= 0) c++;
    return c;
}

static int drop_bounding(uint64_t keep, int last, char *msg, int msglen) {
    for (int c = 0; c <= last; c++) {
        if (keep & ((uint64_t)1 << c)) continue;
        if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 0) continue; /* already gone */
        if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) {
            char num[24];
            return harden_fail(msg, msglen, errno, "drop capability ", harden_num(num, (unsigned)c),
                               " from the bounding set", NULL);
        }
    }
    return 0;
}

/* The permitted set this process holds now: a container cannot get more (privileged means
 * "every capability there is to have", e.g. fewer under a host that dropped some). */
static uint64_t held_caps(void) {
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capget, &hdr, data) < 0) return ~(uint64_t)0;
    return (uint64_t)data[0].permitted | ((uint64_t)data[1].permitted << 32);
}

static int set_caps(uint64_t permitted, uint64_t effective, char *msg, int msglen) {
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    data[0].permitted = (uint32_t)permitted;
    data[1].permitted = (uint32_t)(permitted >> 32);
    data[0].effective = (uint32_t)effective;
    data[1].effective = (uint32_t)(effective >> 32);
    if (syscall(SYS_capset, &hdr, data) < 0) return harden_fail(msg, msglen, errno, "capset", NULL);
    return 0;
}

/* With a single-id map, /proc/self/setgroups says "deny" and setgroups() cannot work. */
static int setgroups_denied(void) {
    char buf[16];
    return harden_read_file("/proc/self/setgroups", buf, sizeof buf) > 0 && strncmp(buf, "deny", 4) == 0;
}

static int install_seccomp(const struct bunker_spec *s, char *msg, int msglen) {
    char num[24];
    if (s->seccomp_len == 0 || s->seccomp_len % sizeof(struct sock_filter) != 0 ||
        s->seccomp_len / sizeof(struct sock_filter) > BPF_MAXINSNS)
        return harden_fail(msg, msglen, EINVAL, "seccomp filter of ", harden_num(num, s->seccomp_len),
                           " bytes (want a multiple of 8, at most 4096 instructions)", NULL);
    struct sock_fprog prog = {
        .len = (unsigned short)(s->seccomp_len / sizeof(struct sock_filter)),
        .filter = (struct sock_filter *)(uintptr_t)s->seccomp,
    };
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
        return harden_fail(msg, msglen, errno, "install seccomp filter", NULL);
    return 0;
}

int bunker_process_setup(const struct bunker_spec *s, char *msg, int msglen) {
    char num[24], num2[24];
    int rc;
    int nnp = (s->flags & BUNKER_F_NO_NEW_PRIVS) != 0;
    int seccomp = s->seccomp != NULL && s->seccomp_len > 0;
    int last = last_cap();
    uint64_t known = last >= 63 ? ~(uint64_t)0 : (((uint64_t)1 << (last + 1)) - 1);
    uint64_t caps = s->caps & known & held_caps();

    if ((rc = set_rlimits(s, msg, msglen)) < 0) return rc;
    if (s->has_caps && (rc = drop_bounding(caps, last, msg, msglen)) < 0) return rc;

    if (!setgroups_denied()) {
        gid_t groups[BUNKER_MAX_GROUPS];
        uint32_t n = s->ngroups < BUNKER_MAX_GROUPS ? s->ngroups : BUNKER_MAX_GROUPS;
        for (uint32_t i = 0; i < n; i++) groups[i] = s->groups[i];
        if (syscall(SYS_setgroups, (long)n, groups) < 0)
            return harden_fail(msg, msglen, errno, "setgroups (", harden_num(num, n), " groups)", NULL);
    }
    if (syscall(SYS_setresgid, (long)s->gid, (long)s->gid, (long)s->gid) < 0)
        return harden_fail(msg, msglen, errno, "setresgid ", harden_num(num, s->gid), NULL);

    if (seccomp && !nnp && (rc = install_seccomp(s, msg, msglen)) < 0) return rc;

    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return harden_fail(msg, msglen, errno, "clear ambient capabilities", NULL);
    if (s->uid != 0 && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
        return harden_fail(msg, msglen, errno, "prctl(PR_SET_KEEPCAPS, 0)", NULL);
    if (syscall(SYS_setresuid, (long)s->uid, (long)s->uid, (long)s->uid) < 0)
        return harden_fail(msg, msglen, errno, "setresuid ", harden_num(num, s->uid), " (gid ",
                           harden_num(num2, s->gid), ")", NULL);
    /* uid 0 keeps CAPS; another uid lost permitted/effective in setresuid (as Docker shows
     * CapEff 0 for non-root users). Inheritable is emptied either way. */
    if (s->uid == 0 && s->has_caps) {
        if ((rc = set_caps(caps, caps, msg, msglen)) < 0) return rc;
    } else if (s->uid != 0) {
        if ((rc = set_caps(0, 0, msg, msglen)) < 0) return rc;
    }

    if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return harden_fail(msg, msglen, errno, "prctl(PR_SET_NO_NEW_PRIVS)", NULL);
    if (seccomp && nnp && (rc = install_seccomp(s, msg, msglen)) < 0) return rc;
    return 0;
}
