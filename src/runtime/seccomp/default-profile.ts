/**
 * Bunker's default seccomp profile, in Docker's JSON format: an allow-list. Anything not listed
 * fails with EPERM. It aims at the same effect as Docker's default profile:
 *
 * - Allowed for everyone: what ordinary programs use (file and directory I/O, memory, signals,
 *   time, processes and threads, sockets, polling, futexes, SysV and POSIX IPC, AIO). Calls
 *   whose privileged uses the kernel itself checks against a capability (chown, setuid,
 *   mknod, raw sockets, …) are allowed here and left to the kernel, as Docker does.
 * - Allowed only with a capability (`includes.caps`): namespaces and mounts (CAP_SYS_ADMIN),
 *   bpf (CAP_SYS_ADMIN or CAP_BPF), perf_event_open (CAP_SYS_ADMIN or CAP_PERFMON), module
 *   loading (CAP_SYS_MODULE), reboot (CAP_SYS_BOOT), setting the clock (CAP_SYS_TIME), acct
 *   (CAP_SYS_PACCT), iopl/ioperm (CAP_SYS_RAWIO), open_by_handle_at (CAP_DAC_READ_SEARCH),
 *   vhangup (CAP_SYS_TTY_CONFIG), syslog (CAP_SYSLOG), chroot (CAP_SYS_CHROOT), NUMA policy
 *   (CAP_SYS_NICE), ptrace and friends (CAP_SYS_PTRACE).
 * - ptrace, process_vm_readv/writev and pidfd_getfd are also allowed on kernels ≥ 4.8, where
 *   seccomp can no longer be bypassed through ptrace (as Docker does for the first three).
 * - clone only without namespace flags (a masked comparison on the flags argument; argument 1
 *   on s390, whose clone takes the stack first); clone3 fails with ENOSYS so that libc falls
 *   back to clone, whose flags can be checked (clone3 passes them in memory).
 * - personality only with the harmless personas: 0 (PER_LINUX), 8 (PER_LINUX32), 0x20000
 *   (UNAME26), 0x20008 and 0xffffffff (a query).
 * - Never: keyrings (keyctl, add_key, request_key: not namespaced), kexec, swapon/swapoff,
 *   userfaultfd without CAP_SYS_PTRACE, io_uring, obsolete calls (uselib, ustat, sysfs,
 *   _sysctl, nfsservctl, vm86, …).
 *
 * Where it differs from Docker's (v25+) default, on purpose:
 * - io_uring_setup/enter/register fail with ENOSYS instead of EPERM: like current Docker, no
 *   io_uring (a frequent source of kernel bugs), but ENOSYS is the answer every program that
 *   can live without io_uring already handles.
 * - pidfd_getfd sits with ptrace (≥ 4.8 or CAP_SYS_PTRACE): the kernel guards it with the same
 *   ptrace access check.
 * - adjtimex/clock_adjtime are allowed: reading the clock's discipline is harmless and the kernel
 *   refuses every change without CAP_SYS_TIME in the initial user namespace.
 * - landlock_*, mseal, map_shadow_stack, cachestat, fchmodat2, futex_waitv and futex2 calls are
 *   allowed: they only restrict the caller or read its own state. (Names the linked libseccomp
 *   does not know yet are skipped, as Docker skips them; those calls then get EPERM.)
 */
import type { SeccompProfile } from "./profile.ts";

/** Allowed for every container. */
const allowed: string[] = [
  // files: open/close/read/write
  "open", "openat", "openat2", "creat", "close", "close_range", "read", "write", "readv", "writev",
  "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2", "lseek", "_llseek",
  "dup", "dup2", "dup3", "fcntl", "fcntl64", "flock", "ioctl",
  "fsync", "fdatasync", "sync", "syncfs", "sync_file_range",
  "truncate", "truncate64", "ftruncate", "ftruncate64", "fallocate", "fadvise64", "fadvise64_64", "readahead",
  "sendfile", "sendfile64", "splice", "tee", "vmsplice", "copy_file_range",
  // files: metadata and directories
  "stat", "stat64", "fstat", "fstat64", "lstat", "lstat64", "newfstatat", "fstatat64", "statx",
  "oldstat", "oldfstat", "oldlstat", "statfs", "statfs64", "fstatfs", "fstatfs64",
  "access", "faccessat", "faccessat2", "chdir", "fchdir", "getcwd",
  "mkdir", "mkdirat", "rmdir", "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat",
  "unlink", "unlinkat", "readlink", "readlinkat", "mknod", "mknodat",
  "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "chown32", "fchown", "fchown32", "fchownat", "lchown", "lchown32",
  "umask", "utime", "utimes", "utimensat", "utimensat_time64", "futimesat", "getdents", "getdents64", "readdir",
  "getxattr", "lgetxattr", "fgetxattr", "setxattr", "lsetxattr", "fsetxattr", "listxattr", "llistxattr", "flistxattr",
  "removexattr", "lremovexattr", "fremovexattr", "getxattrat", "setxattrat", "listxattrat", "removexattrat",
  // file-like descriptors and notifications
  "pipe", "pipe2", "eventfd", "eventfd2", "signalfd", "signalfd4", "memfd_create",
  "timerfd_create", "timerfd_settime", "timerfd_settime64", "timerfd_gettime", "timerfd_gettime64",
  "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "fanotify_mark",
  // memory
  "brk", "mmap", "mmap2", "munmap", "mremap", "mprotect", "madvise", "mincore", "msync", "remap_file_pages",
  "mlock", "mlock2", "munlock", "mlockall", "munlockall", "membarrier",
  "pkey_alloc", "pkey_free", "pkey_mprotect", "map_shadow_stack", "mseal", "cachestat",
  // processes and threads
  "fork", "vfork", "execve", "execveat", "exit", "exit_group", "wait4", "waitid", "waitpid",
  "getpid", "getppid", "gettid", "getpgid", "setpgid", "getpgrp", "getsid", "setsid",
  "set_tid_address", "set_robust_list", "get_robust_list", "rseq", "restart_syscall",
  "prctl", "capget", "capset", "seccomp", "getrandom", "uname", "olduname", "sysinfo", "getcpu",
  "getrlimit", "setrlimit", "ugetrlimit", "prlimit64", "getrusage", "times",
  "getpriority", "setpriority", "nice", "ioprio_get", "ioprio_set",
  "sched_yield", "sched_getaffinity", "sched_setaffinity", "sched_getparam", "sched_setparam",
  "sched_getscheduler", "sched_setscheduler", "sched_get_priority_max", "sched_get_priority_min",
  "sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_getattr", "sched_setattr",
  "pidfd_open", "pidfd_send_signal", "process_mrelease", "uretprobe",
  "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self",
  // user and group ids (the kernel checks CAP_SETUID / CAP_SETGID)
  "getuid", "getuid32", "geteuid", "geteuid32", "getgid", "getgid32", "getegid", "getegid32",
  "getresuid", "getresuid32", "getresgid", "getresgid32", "getgroups", "getgroups32",
  "setuid", "setuid32", "setgid", "setgid32", "setreuid", "setreuid32", "setregid", "setregid32",
  "setresuid", "setresuid32", "setresgid", "setresgid32", "setfsuid", "setfsuid32", "setfsgid", "setfsgid32",
  "setgroups", "setgroups32",
  // signals
  "kill", "tkill", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending",
  "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
  "sigaltstack", "signal", "sigaction", "sigprocmask", "sigreturn", "sigpending", "sigsuspend",
  "sgetmask", "ssetmask", "pause", "alarm",
  // time (reading it, sleeping, timers; adjtimex changes need CAP_SYS_TIME in the kernel)
  "time", "gettimeofday", "clock_gettime", "clock_gettime64", "clock_getres", "clock_getres_time64",
  "clock_nanosleep", "clock_nanosleep_time64", "nanosleep", "getitimer", "setitimer",
  "timer_create", "timer_delete", "timer_settime", "timer_settime64", "timer_gettime", "timer_gettime64",
  "timer_getoverrun", "adjtimex", "clock_adjtime", "clock_adjtime64",
  // sockets
  "socket", "socketpair", "socketcall", "bind", "connect", "listen", "accept", "accept4",
  "getsockname", "getpeername", "getsockopt", "setsockopt", "shutdown",
  "send", "recv", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "recvmmsg_time64",
  // waiting: poll, select, epoll, futex
  "poll", "ppoll", "ppoll_time64", "select", "_newselect", "pselect6", "pselect6_time64",
  "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_wait", "epoll_wait_old",
  "epoll_pwait", "epoll_pwait2", "futex", "futex_time64", "futex_waitv", "futex_wake", "futex_wait", "futex_requeue",
  // SysV IPC, POSIX message queues (both namespaced by the IPC namespace), AIO
  "ipc", "shmget", "shmat", "shmdt", "shmctl", "semget", "semop", "semtimedop", "semtimedop_time64", "semctl",
  "msgget", "msgsnd", "msgrcv", "msgctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedsend_time64",
  "mq_timedreceive", "mq_timedreceive_time64", "mq_notify", "mq_getsetattr",
  "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents", "io_pgetevents_time64",
];

const CLONE_NAMESPACE_FLAGS =
  0x00020000 /* NEWNS */ | 0x02000000 /* NEWCGROUP */ | 0x04000000 /* NEWUTS */ | 0x08000000 /* NEWIPC */ |
  0x10000000 /* NEWUSER */ | 0x20000000 /* NEWPID */ | 0x40000000; /* NEWNET */

const ENOSYS = 38;

/** The personas personality() may set: Linux, 32-bit Linux, and both with UNAME26; 0xffffffff only asks. */
const safePersonas = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

export const defaultSeccompProfile: SeccompProfile = {
  defaultAction: "SCMP_ACT_ERRNO",
  defaultErrnoRet: 1,
  archMap: [
    { architecture: "SCMP_ARCH_X86_64", subArchitectures: ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
    { architecture: "SCMP_ARCH_AARCH64", subArchitectures: ["SCMP_ARCH_ARM"] },
    { architecture: "SCMP_ARCH_MIPS64", subArchitectures: ["SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64N32"] },
    { architecture: "SCMP_ARCH_MIPSEL64", subArchitectures: ["SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64N32"] },
    { architecture: "SCMP_ARCH_S390X", subArchitectures: ["SCMP_ARCH_S390"] },
    { architecture: "SCMP_ARCH_PPC64LE", subArchitectures: [] },
    { architecture: "SCMP_ARCH_RISCV64", subArchitectures: [] },
  ],
  syscalls: [
    { comment: "what ordinary programs use", names: allowed, action: "SCMP_ACT_ALLOW" },
    ...safePersonas.map((persona) => ({
      comment: "personality: only harmless personas",
      names: ["personality"],
      action: "SCMP_ACT_ALLOW" as const,
      args: [{ index: 0, value: persona, op: "SCMP_CMP_EQ" as const }],
    })),
    {
      comment: "clone without namespace flags (flags are argument 0)",
      names: ["clone"],
      action: "SCMP_ACT_ALLOW",
      args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }],
      excludes: { caps: ["CAP_SYS_ADMIN"], arches: ["s390", "s390x"] },
    },
    {
      comment: "clone without namespace flags (s390 passes the stack first, flags second)",
      names: ["clone"],
      action: "SCMP_ACT_ALLOW",
      args: [{ index: 1, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }],
      includes: { arches: ["s390", "s390x"] },
      excludes: { caps: ["CAP_SYS_ADMIN"] },
    },
    {
      comment: "clone3 hides its flags in memory: ENOSYS, so libc falls back to clone",
      names: ["clone3"],
      action: "SCMP_ACT_ERRNO",
      errnoRet: ENOSYS,
      excludes: { caps: ["CAP_SYS_ADMIN"] },
    },
    {
      comment: "no io_uring; ENOSYS is the answer programs fall back on",
      names: ["io_uring_setup", "io_uring_enter", "io_uring_register"],
      action: "SCMP_ACT_ERRNO",
      errnoRet: ENOSYS,
    },
    {
      comment: "x86: thread areas, LDT, arch_prctl",
      names: ["arch_prctl", "modify_ldt", "set_thread_area", "get_thread_area"],
      action: "SCMP_ACT_ALLOW",
      includes: { arches: ["amd64", "x32", "x86", "386"] },
    },
    {
      comment: "arm",
      names: ["arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls"],
      action: "SCMP_ACT_ALLOW",
      includes: { arches: ["arm", "arm64"] },
    },
    {
      comment: "s390",
      names: ["s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"],
      action: "SCMP_ACT_ALLOW",
      includes: { arches: ["s390", "s390x"] },
    },
    {
      comment: "riscv",
      names: ["riscv_flush_icache", "riscv_hwprobe"],
      action: "SCMP_ACT_ALLOW",
      includes: { arches: ["riscv64"] },
    },
    {
      comment: "ptrace can no longer bypass seccomp on 4.8+",
      names: ["ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd"],
      action: "SCMP_ACT_ALLOW",
      includes: { minKernel: "4.8" },
    },
    {
      comment: "namespaces, mounts, and the other CAP_SYS_ADMIN operations",
      names: [
        "clone", "clone3", "unshare", "setns", "mount", "umount", "umount2", "pivot_root",
        "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr",
        "sethostname", "setdomainname", "quotactl", "quotactl_fd", "fanotify_init", "lookup_dcookie",
        "name_to_handle_at", "bpf", "perf_event_open",
      ],
      action: "SCMP_ACT_ALLOW",
      includes: { caps: ["CAP_SYS_ADMIN"] },
    },
    { names: ["bpf"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_BPF"] } },
    { names: ["perf_event_open"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_PERFMON"] } },
    { names: ["chroot"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_CHROOT"] } },
    { names: ["init_module", "finit_module", "delete_module"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_MODULE"] } },
    { names: ["reboot"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_BOOT"] } },
    { names: ["settimeofday", "stime", "clock_settime", "clock_settime64"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_TIME"] } },
    { names: ["acct"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_PACCT"] } },
    { names: ["iopl", "ioperm"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_RAWIO"] } },
    { names: ["open_by_handle_at", "name_to_handle_at"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_DAC_READ_SEARCH"] } },
    { names: ["vhangup"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_TTY_CONFIG"] } },
    { names: ["syslog"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYSLOG"] } },
    {
      comment: "NUMA memory policy and moving pages",
      names: ["get_mempolicy", "set_mempolicy", "set_mempolicy_home_node", "mbind", "move_pages", "migrate_pages"],
      action: "SCMP_ACT_ALLOW",
      includes: { caps: ["CAP_SYS_NICE"] },
    },
    {
      comment: "tracing and inspecting other processes, on any kernel",
      names: ["ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "process_madvise", "kcmp", "userfaultfd"],
      action: "SCMP_ACT_ALLOW",
      includes: { caps: ["CAP_SYS_PTRACE"] },
    },
  ],
};

/** The default profile as JSON text, e.g. to start a custom profile from. */
export function defaultSeccompProfileJson(): string {
  return `${JSON.stringify(defaultSeccompProfile, null, 2)}\n`;
}
