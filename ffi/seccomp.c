/*
 * Seccomp: turn a rule list into a classic BPF program (struct sock_filter[]) with libseccomp,
 * in the Bun process, so the bytes can travel in a container spec (BUNKER_T_SECCOMP) and be
 * installed right before exec. Plus a test-only self-test that installs a filter in a forked
 * child and reports the errno one chosen system call saw under it.
 *
 * ---- The rule list (encoded by src/sys/seccomp-compile.ts) --------------------------------
 * All integers little-endian. Names are not NUL-terminated.
 *
 *   header, 20 bytes:
 *     u8[4]  magic "BKSC"
 *     u32    version (1)
 *     u32    default action (an action word, below)
 *     u32    number of architectures (A)
 *     u32    number of rules (R)
 *   A times:
 *     u8     name length (1..31), then the name as libseccomp spells it ("x86_64", "x86",
 *            "x32", "aarch64", "arm", ...). The first one is the filter's main architecture
 *            (the native one when A is 0); the others are added beside it.
 *   R times:
 *     u32    action word
 *     u8     syscall name length (1..63)
 *     u8     number of argument comparisons (0..6)
 *     u16    zero
 *     bytes  the syscall name
 *     comparisons, 24 bytes each:
 *       u8   argument index (0..5)
 *       u8   operator: 1 ne, 2 lt, 3 le, 4 eq, 5 ge, 6 gt, 7 masked_eq (libseccomp's SCMP_CMP_*)
 *       u16  zero
 *       u32  zero
 *       u64  value (masked_eq: the mask)
 *       u64  valueTwo (masked_eq: the value the masked argument must equal)
 *
 *   action word: (kind << 16) | data, kind in bits 16..23, data in bits 0..15:
 *     1 allow, 2 errno (data = errno, 0..4095), 3 kill thread, 4 kill process, 5 trap,
 *     6 log, 7 trace (data = the value the tracer sees)
 *
 * Semantics: every comparison of a rule must hold (AND). A syscall name libseccomp does not
 * know is skipped, not an error (a profile may name syscalls newer than the library, as
 * Docker's do). A rule whose action is the default action is skipped (libseccomp refuses it and
 * it would change nothing). Two rules for the same syscall and the same comparisons but
 * different actions: libseccomp keeps the first one silently, so a profile must not rely on order.
 *
 * Result: the program's length in bytes (a multiple of 8), or -errno with the reason in msg;
 * -ENOSPC when it does not fit in outcap (msg says how many bytes it needs). On success msg
 * says how many rules were added and which syscall names were skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bunker.h"

int bunker_seccomp_compile(const uint8_t *rules, uint32_t len, uint8_t *out, uint32_t outcap,
                           char *msg, int msglen);
int bunker_seccomp_selftest(const uint8_t *bpf, uint32_t len, int which, char *msg, int msglen);
int bunker_seccomp_resolve(const char *arch, const char *name, char *msg, int msglen);

#define RULES_MAGIC "BKSC"
#define RULES_VERSION 1u
#define MAX_ARCHES 16u
#define MAX_ARCH_NAME 31u
#define MAX_SYSCALL_NAME 63u
#define MAX_COMPARISONS 6u

enum action_kind {
    ACT_ALLOW = 1,
    ACT_ERRNO = 2,
    ACT_KILL_THREAD = 3,
    ACT_KILL_PROCESS = 4,
    ACT_TRAP = 5,
    ACT_LOG = 6,
    ACT_TRACE = 7,
};

/* A bounds-checked little-endian reader over the rule list. */
struct reader {
    const uint8_t *p;
    uint32_t left;
};

static int take(struct reader *r, void *dst, uint32_t n) {
    if (r->left < n) return -1;
    memcpy(dst, r->p, n);
    r->p += n;
    r->left -= n;
    return 0;
}

static int take_u8(struct reader *r, uint8_t *v) { return take(r, v, 1); }

static int take_u16(struct reader *r, uint16_t *v) {
    uint8_t b[2];
    if (take(r, b, 2) < 0) return -1;
    *v = (uint16_t)(b[0] | (b[1] << 8));
    return 0;
}

static int take_u32(struct reader *r, uint32_t *v) {
    uint8_t b[4];
    if (take(r, b, 4) < 0) return -1;
    *v = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
    return 0;
}

static int take_u64(struct reader *r, uint64_t *v) {
    uint32_t lo, hi;
    if (take_u32(r, &lo) < 0 || take_u32(r, &hi) < 0) return -1;
    *v = ((uint64_t)hi << 32) | lo;
    return 0;
}

/* A length-prefixed name into a NUL-terminated buffer of cap bytes. */
static int take_name(struct reader *r, uint32_t n, char *dst, uint32_t cap) {
    if (n == 0 || n >= cap) return -1;
    if (take(r, dst, n) < 0) return -1;
    dst[n] = '\0';
    if (memchr(dst, '\0', n) != NULL) return -1;
    return 0;
}

/* Action word → libseccomp action; 0 on success, -1 when the word is invalid. */
static int decode_action(uint32_t word, uint32_t *action) {
    uint32_t kind = (word >> 16) & 0xff, data = word & 0xffff;
    if (word >> 24) return -1;
    switch (kind) {
    case ACT_ALLOW: *action = SCMP_ACT_ALLOW; return data == 0 ? 0 : -1;
    case ACT_ERRNO: *action = SCMP_ACT_ERRNO(data); return data <= 4095 ? 0 : -1;
    case ACT_KILL_THREAD: *action = SCMP_ACT_KILL_THREAD; return data == 0 ? 0 : -1;
    case ACT_KILL_PROCESS: *action = SCMP_ACT_KILL_PROCESS; return data == 0 ? 0 : -1;
    case ACT_TRAP: *action = SCMP_ACT_TRAP; return data == 0 ? 0 : -1;
    case ACT_LOG: *action = SCMP_ACT_LOG; return data == 0 ? 0 : -1;
    case ACT_TRACE: *action = SCMP_ACT_TRACE(data); return 0;
    default: return -1;
    }
}

/* Appends ", name" (or "name") to the skipped list, marking truncation with "...". */
static void note_skipped(char *list, size_t cap, const char *name) {
    size_t used = strlen(list);
    if (used + 4 >= cap) return;
    if (strcmp(list + (used >= 3 ? used - 3 : 0), "...") == 0) return;
    int n = snprintf(list + used, cap - used, "%s%s", used ? ", " : "", name);
    if (n < 0 || (size_t)n >= cap - used) {
        list[used] = '\0';
        snprintf(list + used, cap - used, "%s...", used ? ", " : "");
    }
}

/* Exports the filter through a memfd and copies it into out. */
static int export_bpf(scmp_filter_ctx ctx, uint8_t *out, uint32_t outcap, char *msg, int msglen) {
    int fd = memfd_create("bunker-seccomp", MFD_CLOEXEC);
    if (fd < 0) return bunker_fail(msg, msglen, errno, "memfd_create");
    int rc = seccomp_export_bpf(ctx, fd);
    if (rc < 0) {
        close(fd);
        return bunker_fail(msg, msglen, -rc, "seccomp_export_bpf");
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int err = errno;
        close(fd);
        return bunker_fail(msg, msglen, err, "fstat of the exported filter");
    }
    if (st.st_size <= 0 || st.st_size % 8 != 0 || st.st_size > INT32_MAX) {
        close(fd);
        bunker_msg(msg, msglen, "libseccomp exported %lld bytes, not a whole number of instructions",
                   (long long)st.st_size);
        return -EPROTO;
    }
    if ((uint64_t)st.st_size > outcap) {
        close(fd);
        bunker_msg(msg, msglen, "the filter needs %lld bytes, the buffer holds %u",
                   (long long)st.st_size, outcap);
        return -ENOSPC;
    }
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = pread(fd, out + got, (size_t)st.st_size - got, (off_t)got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            close(fd);
            return bunker_fail(msg, msglen, err, "read back the exported filter");
        }
        got += (size_t)n;
    }
    close(fd);
    return (int)st.st_size;
}

/* Reads the architectures and adds them; the first becomes the main one. */
static int add_arches(scmp_filter_ctx ctx, struct reader *r, uint32_t count, char *msg, int msglen) {
    if (count > MAX_ARCHES) {
        bunker_msg(msg, msglen, "seccomp rules: %u architectures, at most %u", count, MAX_ARCHES);
        return -EINVAL;
    }
    for (uint32_t i = 0; i < count; i++) {
        uint8_t n;
        char name[MAX_ARCH_NAME + 1];
        if (take_u8(r, &n) < 0 || take_name(r, n, name, sizeof name) < 0) {
            bunker_msg(msg, msglen, "seccomp rules: architecture %u is malformed", i);
            return -EINVAL;
        }
        uint32_t token = seccomp_arch_resolve_name(name);
        if (token == 0) {
            bunker_msg(msg, msglen, "seccomp rules: unknown architecture \"%s\"", name);
            return -EINVAL;
        }
        int rc;
        /* The main architecture replaces the native one that seccomp_init put in (first, since
         * libseccomp refuses to mix byte orders in one filter). */
        if (i == 0 && token != seccomp_arch_native()) {
            rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
            if (rc < 0) return bunker_fail(msg, msglen, -rc, "seccomp_arch_remove(native)");
        }
        rc = seccomp_arch_add(ctx, token);
        if (rc < 0 && rc != -EEXIST) return bunker_fail(msg, msglen, -rc, "seccomp_arch_add(%s)", name);
    }
    return 0;
}

/* Reads one rule and adds it; *added / the skipped list record what happened. */
static int add_rule(scmp_filter_ctx ctx, struct reader *r, uint32_t index, uint32_t default_action,
                    int *added, char *skipped, size_t skipped_cap, char *msg, int msglen) {
    uint32_t word, action;
    uint8_t name_len, ncmp;
    uint16_t zero;
    char name[MAX_SYSCALL_NAME + 1];
    if (take_u32(r, &word) < 0 || take_u8(r, &name_len) < 0 || take_u8(r, &ncmp) < 0 ||
        take_u16(r, &zero) < 0 || take_name(r, name_len, name, sizeof name) < 0) {
        bunker_msg(msg, msglen, "seccomp rules: rule %u is malformed", index);
        return -EINVAL;
    }
    if (decode_action(word, &action) < 0) {
        bunker_msg(msg, msglen, "seccomp rules: rule %u (%s) has an invalid action 0x%x", index, name, word);
        return -EINVAL;
    }
    if (ncmp > MAX_COMPARISONS || zero != 0) {
        bunker_msg(msg, msglen, "seccomp rules: rule %u (%s) has %u comparisons, at most %u",
                   index, name, ncmp, MAX_COMPARISONS);
        return -EINVAL;
    }
    struct scmp_arg_cmp cmp[MAX_COMPARISONS];
    for (unsigned i = 0; i < ncmp; i++) {
        uint8_t arg, op;
        uint16_t z16;
        uint32_t z32;
        uint64_t a, b;
        if (take_u8(r, &arg) < 0 || take_u8(r, &op) < 0 || take_u16(r, &z16) < 0 ||
            take_u32(r, &z32) < 0 || take_u64(r, &a) < 0 || take_u64(r, &b) < 0) {
            bunker_msg(msg, msglen, "seccomp rules: rule %u (%s) is cut short", index, name);
            return -EINVAL;
        }
        if (arg > 5 || op < SCMP_CMP_NE || op > SCMP_CMP_MASKED_EQ || z16 != 0 || z32 != 0) {
            bunker_msg(msg, msglen, "seccomp rules: rule %u (%s): comparison %u has argument %u, operator %u",
                       index, name, i, arg, op);
            return -EINVAL;
        }
        cmp[i] = (struct scmp_arg_cmp){ .arg = arg, .op = (enum scmp_compare)op, .datum_a = a, .datum_b = b };
    }
    if (action == default_action) return 0;
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) {
        note_skipped(skipped, skipped_cap, name);
        return 0;
    }
    int rc = seccomp_rule_add_array(ctx, action, nr, ncmp, cmp);
    if (rc < 0) return bunker_fail(msg, msglen, -rc, "seccomp rule %u for %s", index, name);
    (*added)++;
    return 0;
}

int bunker_seccomp_compile(const uint8_t *rules, uint32_t len, uint8_t *out, uint32_t outcap,
                           char *msg, int msglen) {
    struct reader r = { rules, len };
    char magic[4];
    uint32_t version, default_word, narches, nrules, default_action;
    if (rules == NULL || take(&r, magic, 4) < 0 || memcmp(magic, RULES_MAGIC, 4) != 0 ||
        take_u32(&r, &version) < 0 || take_u32(&r, &default_word) < 0 ||
        take_u32(&r, &narches) < 0 || take_u32(&r, &nrules) < 0) {
        bunker_msg(msg, msglen, "seccomp rules: bad header");
        return -EINVAL;
    }
    if (version != RULES_VERSION) {
        bunker_msg(msg, msglen, "seccomp rules: version %u, this helper reads version %u", version, RULES_VERSION);
        return -EINVAL;
    }
    if (decode_action(default_word, &default_action) < 0) {
        bunker_msg(msg, msglen, "seccomp rules: invalid default action 0x%x", default_word);
        return -EINVAL;
    }
    if (out == NULL && outcap != 0) {
        bunker_msg(msg, msglen, "seccomp rules: no output buffer");
        return -EINVAL;
    }

    scmp_filter_ctx ctx = seccomp_init(default_action);
    if (ctx == NULL) {
        bunker_msg(msg, msglen, "seccomp_init failed");
        return -ENOMEM;
    }
    /* A binary tree of syscall numbers instead of one long if-chain: a container's every
     * syscall that the kernel's action cache does not answer walks this program. Optional:
     * an older libseccomp without the attribute builds the chain. */
    (void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    int rc = add_arches(ctx, &r, narches, msg, msglen);
    char skipped[512] = "";
    int added = 0;
    for (uint32_t i = 0; rc >= 0 && i < nrules; i++)
        rc = add_rule(ctx, &r, i, default_action, &added, skipped, sizeof skipped, msg, msglen);
    if (rc >= 0 && r.left != 0) {
        bunker_msg(msg, msglen, "seccomp rules: %u bytes after the last rule", r.left);
        rc = -EINVAL;
    }
    if (rc >= 0) rc = export_bpf(ctx, out, outcap, msg, msglen);
    seccomp_release(ctx);
    if (rc >= 0) {
        if (skipped[0]) bunker_msg(msg, msglen, "%d rules, %d instructions; unknown syscalls skipped: %s", added, rc / 8, skipped);
        else bunker_msg(msg, msglen, "%d rules, %d instructions", added, rc / 8);
    }
    return rc;
}

/*
 * The number of syscall `name` on architecture `arch` (a libseccomp name; NULL or "" = native):
 * >= 0, -ENOSYS when libseccomp knows the name but not on that architecture, -ENOENT when
 * libseccomp does not know it at all, -EINVAL for an unknown architecture.
 */
int bunker_seccomp_resolve(const char *arch, const char *name, char *msg, int msglen) {
    uint32_t token = seccomp_arch_native();
    if (arch != NULL && arch[0] != '\0') {
        token = seccomp_arch_resolve_name(arch);
        if (token == 0) {
            bunker_msg(msg, msglen, "unknown architecture \"%s\"", arch);
            return -EINVAL;
        }
    }
    if (name == NULL || name[0] == '\0') {
        bunker_msg(msg, msglen, "no syscall name");
        return -EINVAL;
    }
    if (seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR) {
        bunker_msg(msg, msglen, "libseccomp does not know the syscall %s", name);
        return -ENOENT;
    }
    int nr = seccomp_syscall_resolve_name_arch(token, name);
    if (nr < 0) {
        bunker_msg(msg, msglen, "%s does not exist on %s", name, arch != NULL && arch[0] ? arch : "this architecture");
        return -ENOSYS;
    }
    bunker_msg(msg, msglen, "%s is %d", name, nr);
    return nr;
}

/* ---- self-test (tests only) ---------------------------------------------------------------
 * which: the system call the child makes once the filter is installed.
 *   0 unshare(CLONE_NEWUSER)
 *   1 mount("none", "/nonexistent/bunker-seccomp-selftest", "tmpfs") (the kernel says ENOENT)
 *   2 keyctl(0x7fffffff) (an operation that does not exist: the kernel says EOPNOTSUPP)
 *   3 getpid()
 *   4 personality(0xffffffff) (a query: changes nothing)
 *   5 clone(CLONE_NEWNS | CLONE_FS) (an invalid pair: the kernel says EINVAL, creates nothing)
 *   6 clone(SIGCHLD) (a plain fork; the new child exits at once and is reaped)
 *   7 clone3(NULL, 0) (the kernel says EINVAL)
 *   8 personality(READ_IMPLIES_EXEC) (not one of the safe personas)
 *   9 io_uring_setup(0, NULL) (the kernel says EINVAL)
 * Returns the errno the call failed with, 0 when it succeeded, or -errno when the child could
 * not set the filter up (stage in msg). The child sets no_new_privs first, so no privilege is
 * needed; it makes only async-signal-safe calls, and the filter must allow write and exit_group
 * for the child to report.
 */
enum { SELFTEST_COUNT = 10 };

struct selftest_job {
    struct sock_fprog prog;
    int which;
};

static long selftest_call(int which) {
    switch (which) {
    case 0: return syscall(SYS_unshare, CLONE_NEWUSER);
    case 1: return syscall(SYS_mount, "none", "/nonexistent/bunker-seccomp-selftest", "tmpfs", 0UL, NULL);
    case 2: return syscall(SYS_keyctl, 0x7fffffffUL, 0UL, 0UL, 0UL, 0UL);
    case 3: return syscall(SYS_getpid);
    case 4: return syscall(SYS_personality, 0xffffffffUL);
    case 5: return syscall(SYS_clone, (unsigned long)(CLONE_NEWNS | CLONE_FS), 0UL, 0UL, 0UL, 0UL);
    case 6: {
        long pid = syscall(SYS_clone, (unsigned long)SIGCHLD, 0UL, 0UL, 0UL, 0UL);
        if (pid == 0) _exit(0);
        if (pid > 0) {
            int status;
            while (waitpid((pid_t)pid, &status, 0) < 0 && errno == EINTR) {}
            return 0;
        }
        return pid;
    }
#ifdef SYS_clone3
    case 7: return syscall(SYS_clone3, NULL, 0UL);
#endif
    case 8: return syscall(SYS_personality, 0x0400000UL);
#ifdef SYS_io_uring_setup
    case 9: return syscall(SYS_io_uring_setup, 0UL, NULL);
#endif
    default: errno = ENOSYS; return -1;
    }
}

static void selftest_child(int fd, void *arg) {
    const struct selftest_job *job = arg;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL) < 0) { bunker_child_report(fd, 0, errno); return; }
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &job->prog, 0UL, 0UL) < 0) { bunker_child_report(fd, 1, errno); return; }
    errno = 0;
    long rc = selftest_call(job->which);
    if (rc < 0) bunker_child_report(fd, 2, errno ? errno : EIO);
    else bunker_child_report(fd, -1, 0);
}

int bunker_seccomp_selftest(const uint8_t *bpf, uint32_t len, int which, char *msg, int msglen) {
    if (bpf == NULL || len == 0 || len % 8 != 0 || len / 8 > BPF_MAXINSNS) {
        bunker_msg(msg, msglen, "seccomp self-test: %u bytes is not a filter (a multiple of 8, at most %d instructions)",
                   len, BPF_MAXINSNS);
        return -EINVAL;
    }
    if (which < 0 || which >= SELFTEST_COUNT) {
        bunker_msg(msg, msglen, "seccomp self-test: no probe %d", which);
        return -EINVAL;
    }
    struct selftest_job job = {
        .prog = { .len = (unsigned short)(len / 8), .filter = (struct sock_filter *)(uintptr_t)bpf },
        .which = which,
    };
    struct bunker_report r;
    int rc = bunker_run_child(selftest_child, &job, &r, msg, msglen);
    if (rc < 0) return rc;
    if (r.stage < 0) {
        bunker_msg(msg, msglen, "probe %d succeeded", which);
        return 0;
    }
    if (r.stage == 2) {
        bunker_msg(msg, msglen, "probe %d failed with errno %d", which, r.err);
        return r.err;
    }
    return bunker_fail(msg, msglen, r.err > 0 ? r.err : EIO, "%s",
                       r.stage == 0 ? "prctl(PR_SET_NO_NEW_PRIVS)" : "prctl(PR_SET_SECCOMP)");
}
