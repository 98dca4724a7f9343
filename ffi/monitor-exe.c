/*
 * The monitor as a program of its own (ffi/build/bunker-monitor, embedded in the compiled
 * binary and written out at daemon start): bunker_spawn_exe runs it with the spec on fd 3 and
 * the report pipe on fd 4, in a new session. It forks the monitor proper and exits, so the
 * monitor is reparented to init and outlives the daemon. Built only with -DBUNKER_MONITOR_EXE.
 */
#ifdef BUNKER_MONITOR_EXE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "monitor.h"
#include "safe-fmt.h"

static struct bunker_spec spec;

static void __attribute__((noreturn)) fail(int err, const char *what, const char *detail) {
    static struct mon_report r;
    r.rc = -err;
    r.exit_code = 125;
    bunker_scat(r.msg, sizeof r.msg, what, detail, (const char *)NULL);
    mon_write_report(4, &r);
    _exit(1);
}

/* Run newuidmap/newgidmap for `pid` with the "inside outside count" words in maps[0..n). */
static int run_map_tool(const char *tool, pid_t pid, char **maps, int n) {
    char pid_text[24];
    snprintf(pid_text, sizeof pid_text, "%d", (int)pid);
    char *argv[3 + 64];
    int argc = 0;
    argv[argc++] = (char *)tool;
    argv[argc++] = pid_text;
    for (int i = 0; i < n && argc < 2 + 63; i++) argv[argc++] = maps[i];
    argv[argc] = NULL;
    pid_t child = fork();
    if (child == 0) {
        execv(tool, argv);
        _exit(127);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child) return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/*
 * `bunker-monitor userns-holder NEWUIDMAP NEWGIDMAP UIDWORDS... -- GIDWORDS...`: make the user
 * namespace that the daemon's rootless containers share (as podman's pause process does), map
 * it once with newuidmap/newgidmap, print the holder's pid and leave it waiting. Containers join
 * it (BUNKER_T_USERNS_PATH), so starting one needs no setuid helper run.
 */
static int userns_holder(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: bunker-monitor userns-holder NEWUIDMAP NEWGIDMAP UIDMAP... -- GIDMAP...\n");
        return 2;
    }
    int sep = 4;
    while (sep < argc && strcmp(argv[sep], "--") != 0) sep++;
    int ready[2], go[2];
    if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0) return perror("pipe"), 1;
    pid_t holder = fork();
    if (holder < 0) return perror("fork"), 1;
    if (holder == 0) {
        int devnull = open("/dev/null", O_RDWR);
        for (int fd = 0; fd < 3; fd++) dup2(devnull, fd);
        setsid();
        char b = 'x';
        if (unshare(CLONE_NEWUSER) < 0) _exit(1);
        if (write(ready[1], "u", 1) != 1 || read(go[0], &b, 1) != 1 || b != 'g') _exit(1);
        close(ready[1]);
        close(go[0]);
        for (;;) pause();
    }
    close(ready[1]);
    close(go[0]);
    char b = 0;
    if (read(ready[0], &b, 1) != 1 || b != 'u') {
        fprintf(stderr, "userns-holder: the holder could not create a user namespace\n");
        return 1;
    }
    if (run_map_tool(argv[2], holder, argv + 4, sep - 4) < 0 ||
        run_map_tool(argv[3], holder, argv + sep + 1, argc - sep - 1) < 0) {
        fprintf(stderr, "userns-holder: %s/%s failed for pid %d\n", argv[2], argv[3], (int)holder);
        kill(holder, SIGKILL);
        return 1;
    }
    if (write(go[1], "g", 1) != 1) return 1;
    printf("%d\n", (int)holder);
    return 0;
}

/*
 * `bunker-monitor userns-exec HOLDER_PID -- PROGRAM ARGS...`: join the user namespace of
 * HOLDER_PID (a userns-holder; only the user namespace), become uid and gid 0 there, and exec
 * PROGRAM (a path, or a name looked up in PATH) with ARGS and this environment. The engine
 * runs a layer unpack this way, as container root: what it creates and lchown()s lands on the
 * subordinate ids on the host. Exit status 125 when joining fails, 127/126 when the exec does.
 * The ids change through raw syscalls, as everywhere in ffi/ (glibc's wrappers would signal
 * threads this program does not have, but the habit is kept).
 */
static int userns_exec(int argc, char **argv) {
    if (argc < 5 || strcmp(argv[3], "--") != 0) {
        fprintf(stderr, "usage: bunker-monitor userns-exec HOLDER_PID -- PROGRAM [ARGS...]\n");
        return 125;
    }
    char *end = NULL;
    errno = 0;
    long pid = strtol(argv[2], &end, 10);
    if (errno != 0 || end == argv[2] || *end != '\0' || pid <= 0 || pid > 0x3fffffff) {
        fprintf(stderr, "userns-exec: not a pid: \"%s\"\n", argv[2]);
        return 125;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/ns/user", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "userns-exec: open %s: %s\n", path, strerror(errno));
        return 125;
    }
    if (setns(fd, CLONE_NEWUSER) < 0) {
        fprintf(stderr, "userns-exec: join the user namespace of pid %ld: %s\n", pid, strerror(errno));
        return 125;
    }
    close(fd);
    if (syscall(SYS_setresgid, 0L, 0L, 0L) < 0) {
        fprintf(stderr, "userns-exec: setresgid(0) in the user namespace of pid %ld: %s (is gid 0 mapped?)\n", pid, strerror(errno));
        return 125;
    }
    /* No supplementary groups of the host's (they show as the overflow gid inside). Refused
     * when the namespace's setgroups is "deny" (a map written without newgidmap): keep them. */
    if (syscall(SYS_setgroups, 0L, NULL) < 0 && errno != EPERM) {
        fprintf(stderr, "userns-exec: setgroups: %s\n", strerror(errno));
        return 125;
    }
    if (syscall(SYS_setresuid, 0L, 0L, 0L) < 0) {
        fprintf(stderr, "userns-exec: setresuid(0) in the user namespace of pid %ld: %s (is uid 0 mapped?)\n", pid, strerror(errno));
        return 125;
    }
    execvp(argv[4], argv + 4);
    int err = errno;
    fprintf(stderr, "userns-exec: exec %s: %s\n", argv[4], strerror(err));
    return err == ENOENT ? 127 : 126;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "userns-holder") == 0) return userns_holder(argc, argv);
    if (argc > 1 && strcmp(argv[1], "userns-exec") == 0) return userns_exec(argc, argv);
    struct stat st;
    if (fstat(3, &st) < 0) fail(errno, "monitor: no spec on fd 3", "");
    if (st.st_size <= 0 || st.st_size > (64 << 20)) fail(EINVAL, "monitor: bad spec size", "");
    uint8_t *buf = malloc((size_t)st.st_size);
    if (buf == NULL) fail(ENOMEM, "monitor: spec buffer", "");
    for (off_t done = 0; done < st.st_size;) {
        ssize_t n = pread(3, buf + done, (size_t)(st.st_size - done), done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(errno ? errno : EIO, "monitor: read spec", "");
        done += n;
    }
    close(3);
    static char msg[512];
    if (bunker_spec_parse(buf, (uint32_t)st.st_size, &spec, msg, sizeof msg) < 0) fail(EINVAL, "monitor: ", msg);
    pid_t pid = fork();
    if (pid < 0) fail(errno, "monitor: fork", "");
    if (pid == 0) mon_main(&spec, 4);
    return 0;
}
#endif
