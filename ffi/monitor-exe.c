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

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "userns-holder") == 0) return userns_holder(argc, argv);
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
