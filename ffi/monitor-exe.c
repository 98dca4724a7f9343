/*
 * The monitor as a program of its own (ffi/build/bunker-monitor, embedded in the compiled
 * binary and written out at daemon start): bunker_spawn_exe runs it with the spec on fd 3 and
 * the report pipe on fd 4, in a new session. It forks the monitor proper and exits, so the
 * monitor is reparented to init and outlives the daemon. Built only with -DBUNKER_MONITOR_EXE.
 */
#ifdef BUNKER_MONITOR_EXE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int main(void) {
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
