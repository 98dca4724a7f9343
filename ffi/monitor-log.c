/*
 * The monitor's json-file log (runtime.h, "json-file log lines"), as Docker's json-file driver
 * writes it: one JSON object per line of output, rotation at LOG_MAX_SIZE keeping
 * LOG_MAX_FILES files. Async-signal-safe: static buffers, raw syscalls, own time formatting.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor.h"
#include "safe-fmt.h"

/* ---- time ---------------------------------------------------------------------------- */

/* Days since 1970-01-01 -> civil date (Howard Hinnant's civil_from_days). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static char *put_digits(char *p, unsigned long v, int width) {
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

size_t mon_format_time(char *out, int64_t sec, long nsec) {
    int64_t days = sec / 86400, rem = sec % 86400;
    if (rem < 0) rem += 86400, days--;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0) y = 0;
    if (y > 9999) y = 9999;
    char *p = out;
    p = put_digits(p, (unsigned long)y, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    *p++ = '-';
    p = put_digits(p, d, 2);
    *p++ = 'T';
    p = put_digits(p, (unsigned long)(rem / 3600), 2);
    *p++ = ':';
    p = put_digits(p, (unsigned long)(rem / 60 % 60), 2);
    *p++ = ':';
    p = put_digits(p, (unsigned long)(rem % 60), 2);
    if (nsec > 0 && nsec < 1000000000L) {
        char frac[9];
        put_digits(frac, (unsigned long)nsec, 9);
        int n = 9;
        while (n > 0 && frac[n - 1] == '0') n--;
        *p++ = '.';
        memcpy(p, frac, (size_t)n);
        p += n;
    }
    *p++ = 'Z';
    *p = '\0';
    return (size_t)(p - out);
}

size_t mon_format_ts(char *out, const struct timespec *ts) {
    if (ts->tv_sec == 0 && ts->tv_nsec == 0) {
        static const char zero[] = "0001-01-01T00:00:00Z";
        memcpy(out, zero, sizeof zero);
        return sizeof zero - 1;
    }
    return mon_format_time(out, (int64_t)ts->tv_sec, ts->tv_nsec);
}

/* ---- JSON strings ------------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid (Go's DecodeRune). */
static size_t utf8_len(const uint8_t *s, size_t n, uint32_t *rune) {
    uint8_t b = s[0];
    size_t len;
    uint8_t lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) len = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
    } else return 0;
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    uint32_t r = len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (size_t i = 1; i < len; i++) r = (r << 6) | (s[i] & 0x3Fu);
    *rune = r;
    return len;
}

size_t mon_json_string(char *out, const uint8_t *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    char *p = out;
    *p++ = '"';
    size_t i = 0;
    while (i < n) {
        uint8_t b = s[i];
        if (b < 0x80) {
            if (b >= 0x20 && b != '\\' && b != '"' && b != '<' && b != '>' && b != '&') {
                *p++ = (char)b;
            } else if (b == '\\' || b == '"') {
                *p++ = '\\';
                *p++ = (char)b;
            } else if (b == '\n') {
                *p++ = '\\';
                *p++ = 'n';
            } else if (b == '\r') {
                *p++ = '\\';
                *p++ = 'r';
            } else {
                memcpy(p, "\\u00", 4);
                p += 4;
                *p++ = hex[b >> 4];
                *p++ = hex[b & 0xF];
            }
            i++;
            continue;
        }
        uint32_t rune = 0;
        size_t len = utf8_len(s + i, n - i, &rune);
        if (len == 0) {
            memcpy(p, "\\ufffd", 6);
            p += 6;
            i++;
        } else if (rune == 0x2028 || rune == 0x2029) {
            memcpy(p, "\\u202", 5);
            p += 5;
            *p++ = hex[rune & 0xF];
            i += len;
        } else {
            memcpy(p, s + i, len);
            p += len;
            i += len;
        }
    }
    *p++ = '"';
    return (size_t)(p - out);
}

/* ---- the log file ------------------------------------------------------------------------- */

#define LINE_MAX_BYTES (16 * 1024) /* Docker splits longer lines */
#define OUT_CAP (256 * 1024)
#define ENTRY_MAX (6 * LINE_MAX_BYTES + 128)

static struct {
    int fd;
    char path[PATH_MAX];
    uint64_t max_size, size; /* size: bytes in the file plus buffered ones */
    uint32_t max_files;
    uint8_t line[2][LINE_MAX_BYTES];
    size_t line_len[2];
    char out[OUT_CAP];
    size_t out_len;
    char entry[ENTRY_MAX];
} lg = { .fd = -1 };

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return; /* nowhere to report it: the output is lost, the container goes on */
        p += w;
        n -= (size_t)w;
    }
}

void mon_log_flush(void) {
    if (lg.fd >= 0 && lg.out_len > 0) write_all(lg.fd, lg.out, lg.out_len);
    lg.out_len = 0;
}

static int open_log(int trunc) {
    return open(lg.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (trunc ? O_TRUNC : 0), 0640);
}

/* "path.N" into buf. */
static void numbered(char *buf, size_t cap, unsigned n) {
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, buf, (int)cap);
    bunker_sfmt_str(&f, lg.path);
    bunker_sfmt_str(&f, ".");
    bunker_sfmt_uint(&f, n);
}

/* log.N-2 -> log.N-1, ..., log -> log.1, then a new log (Docker's json-file rotation). */
static void rotate(void) {
    mon_log_flush();
    if (lg.max_files <= 1) {
        if (lg.fd >= 0 && ftruncate(lg.fd, 0) < 0) { /* keep appending */ }
        lg.size = 0;
        return;
    }
    static char from[PATH_MAX + 16], to[PATH_MAX + 16];
    for (unsigned i = lg.max_files - 1; i >= 2; i--) {
        numbered(from, sizeof from, i - 1);
        numbered(to, sizeof to, i);
        rename(from, to);
    }
    numbered(to, sizeof to, 1);
    rename(lg.path, to);
    if (lg.fd >= 0) close(lg.fd);
    lg.fd = open_log(1);
    lg.size = 0;
}

/* One log entry for `len` bytes of a line (with its newline when it has one). */
static void entry(int stream, const uint8_t *data, size_t len, const char *time, size_t tlen) {
    static const char pre[] = "{\"log\":";
    static const char out_mid[] = ",\"stream\":\"stdout\",\"time\":\"";
    static const char err_mid[] = ",\"stream\":\"stderr\",\"time\":\"";
    char *p = lg.entry;
    memcpy(p, pre, sizeof pre - 1);
    p += sizeof pre - 1;
    p += mon_json_string(p, data, len);
    const char *mid = stream == MON_STDERR ? err_mid : out_mid;
    memcpy(p, mid, sizeof out_mid - 1);
    p += sizeof out_mid - 1;
    memcpy(p, time, tlen);
    p += tlen;
    memcpy(p, "\"}\n", 3);
    p += 3;
    size_t n = (size_t)(p - lg.entry);
    if (lg.max_size > 0 && lg.size > 0 && lg.size + n > lg.max_size) rotate();
    if (lg.out_len + n > OUT_CAP) mon_log_flush();
    memcpy(lg.out + lg.out_len, lg.entry, n);
    lg.out_len += n;
    lg.size += n;
}

int mon_log_open(const char *path, uint64_t max_size, uint32_t max_files, char *msg, int msglen) {
    lg.line_len[0] = lg.line_len[1] = 0;
    lg.out_len = 0;
    lg.fd = -1;
    if (path == NULL) return 0;
    size_t n = strlen(path);
    if (n >= sizeof lg.path) return bunker_sfail(msg, msglen, ENAMETOOLONG, "log path");
    memcpy(lg.path, path, n + 1);
    lg.max_size = max_size;
    lg.max_files = max_files == 0 ? 1 : max_files;
    lg.fd = open_log(0);
    if (lg.fd < 0) {
        int err = errno;
        char stage[PATH_MAX + 16];
        bunker_scat(stage, sizeof stage, "open ", path, NULL);
        return bunker_sfail(msg, msglen, err, stage);
    }
    struct stat st;
    lg.size = fstat(lg.fd, &st) == 0 ? (uint64_t)st.st_size : 0;
    return 0;
}

void mon_log_output(int stream, const uint8_t *data, size_t len, const struct timespec *ts) {
    if (lg.fd < 0 || len == 0) return;
    char time[40];
    size_t tlen = mon_format_time(time, (int64_t)ts->tv_sec, ts->tv_nsec);
    uint8_t *line = lg.line[stream];
    size_t *ll = &lg.line_len[stream];
    while (len > 0) {
        const uint8_t *nl = memchr(data, '\n', len);
        size_t take = nl != NULL ? (size_t)(nl - data) + 1 : len;
        size_t room = LINE_MAX_BYTES - *ll;
        if (take > room) take = room, nl = NULL;
        if (*ll == 0 && (nl != NULL || take == LINE_MAX_BYTES)) {
            entry(stream, data, take, time, tlen); /* whole line straight from the input */
        } else {
            memcpy(line + *ll, data, take);
            *ll += take;
            if (nl != NULL || *ll == LINE_MAX_BYTES) {
                entry(stream, line, *ll, time, tlen);
                *ll = 0;
            }
        }
        data += take;
        len -= take;
    }
}

void mon_log_end(int stream, const struct timespec *ts) {
    if (lg.fd < 0 || lg.line_len[stream] == 0) return;
    char time[40];
    size_t tlen = mon_format_time(time, (int64_t)ts->tv_sec, ts->tv_nsec);
    entry(stream, lg.line[stream], lg.line_len[stream], time, tlen);
    lg.line_len[stream] = 0;
}

void mon_log_close(void) {
    mon_log_flush();
    if (lg.fd >= 0) close(lg.fd);
    lg.fd = -1;
}

/* ---- exported for tests (test/unit/sys/monitor-log.test.ts) ------------------------------- */

/* mon_format_time into out (>= 40 bytes); returns the length. */
int bunker_monitor_format_time(int64_t sec, int32_t nsec, char *out) {
    return (int)mon_format_time(out, sec, nsec);
}

/*
 * Feeds `records` through the log writer of this process, all stamped with (sec, nsec):
 * each record is u8 kind (0 stdout, 1 stderr, 2 end of stdout, 3 end of stderr), u32
 * little-endian length, bytes. Opens and closes the log; 0 or -errno with msg.
 */
int bunker_monitor_log_test(const char *path, uint64_t max_size, uint32_t max_files,
                            const uint8_t *records, uint32_t len, int64_t sec, int32_t nsec,
                            char *msg, int msglen) {
    int rc = mon_log_open(path, max_size, max_files, msg, msglen);
    if (rc < 0) return rc;
    struct timespec ts = { .tv_sec = (time_t)sec, .tv_nsec = nsec };
    uint32_t at = 0;
    while (at + 5 <= len) {
        uint8_t kind = records[at];
        uint32_t n = (uint32_t)records[at + 1] | (uint32_t)records[at + 2] << 8 |
                     (uint32_t)records[at + 3] << 16 | (uint32_t)records[at + 4] << 24;
        at += 5;
        if (n > len - at) {
            mon_log_close();
            return bunker_sfail(msg, msglen, EINVAL, "record length");
        }
        if (kind <= 1) mon_log_output(kind, records + at, n, &ts);
        else mon_log_end(kind - 2, &ts);
        at += n;
    }
    mon_log_close();
    return 0;
}
