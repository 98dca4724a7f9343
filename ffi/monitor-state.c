/*
 * state.json (runtime.h): replaced atomically, state.json.tmp written, fsync'd and renamed.
 * Async-signal-safe: static buffers only.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "monitor.h"
#include "safe-fmt.h"

#define ERROR_MAX 1024

static char state_buf[1024 + 6 * ERROR_MAX];
static char tmp_path[PATH_MAX + 32], final_path[PATH_MAX + 32];

static void put_int(struct bunker_sfmt *f, const char *key, long long v) {
    bunker_sfmt_str(f, key);
    bunker_sfmt_int(f, v);
}

static void put_time(struct bunker_sfmt *f, const char *key, const struct timespec *ts) {
    char t[48];
    mon_format_ts(t, ts);
    bunker_sfmt_str(f, key);
    bunker_sfmt_str(f, "\"");
    bunker_sfmt_str(f, t);
    bunker_sfmt_str(f, "\"");
}

int mon_state_write(const char *dir, const struct mon_state *st, char *msg, int msglen) {
    if (dir == NULL) return 0;
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, state_buf, sizeof state_buf);
    put_int(&f, "{\"monitorPid\":", st->monitor_pid);
    put_int(&f, ",\"pid\":", st->pid);
    bunker_sfmt_str(&f, ",\"status\":\"");
    bunker_sfmt_str(&f, st->status);
    bunker_sfmt_str(&f, "\"");
    put_int(&f, ",\"exitCode\":", st->exit_code);
    put_int(&f, ",\"signal\":", st->signal);
    put_time(&f, ",\"startedAt\":", &st->started);
    put_time(&f, ",\"finishedAt\":", &st->finished);
    bunker_sfmt_str(&f, ",\"error\":");
    {
        static char esc[6 * ERROR_MAX + 2];
        const char *e = st->error != NULL ? st->error : "";
        size_t n = strnlen(e, ERROR_MAX);
        esc[mon_json_string(esc, (const uint8_t *)e, n)] = '\0';
        bunker_sfmt_str(&f, esc);
    }
    bunker_sfmt_str(&f, "}\n");

    bunker_scat(tmp_path, sizeof tmp_path, dir, "/state.json.tmp", NULL);
    bunker_scat(final_path, sizeof final_path, dir, "/state.json", NULL);
    int fd = open(tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        int err = errno;
        return bunker_sfail(msg, msglen, err, "open state.json.tmp");
    }
    const char *p = state_buf;
    size_t left = (size_t)f.len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            close(fd);
            unlink(tmp_path);
            return bunker_sfail(msg, msglen, err, "write state.json.tmp");
        }
        p += n;
        left -= (size_t)n;
    }
    if (fsync(fd) < 0) {
        int err = errno;
        close(fd);
        unlink(tmp_path);
        return bunker_sfail(msg, msglen, err, "fsync state.json.tmp");
    }
    close(fd);
    if (rename(tmp_path, final_path) < 0) {
        int err = errno;
        unlink(tmp_path);
        return bunker_sfail(msg, msglen, err, "rename state.json");
    }
    return 0;
}
