/*
 * What container setup (container-init.c) and exec (exec-join.c) share: the sync socket,
 * failure reports, the pty, the session and the final exec. Async-signal-safe only.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "container.h"
#include "fd-pass.h"
#include "safe-fmt.h"

int bunker_sync_send(int sock, int kind, int err, int code, const char *text, int fd) {
    struct bunker_sync m;
    memset(&m, 0, sizeof m);
    m.kind = kind;
    m.err = err;
    m.code = code;
    if (text != NULL) {
        size_t n = strlen(text);
        if (n > sizeof m.msg - 1) n = sizeof m.msg - 1;
        memcpy(m.msg, text, n);
    }
    ssize_t n = bunker_send_fd(sock, &m, sizeof m, fd, MSG_NOSIGNAL);
    if (n < 0) return (int)n;
    return n == (ssize_t)sizeof m ? 0 : -EPROTO;
}

int bunker_sync_recv(int sock, struct bunker_sync *m, int *fd) {
    int got;
    memset(m, 0, sizeof *m);
    ssize_t n = bunker_recv_fd(sock, m, sizeof *m, 0, &got);
    if (fd != NULL) *fd = got;
    else if (got >= 0) close(got);
    if (n < 0) return (int)n;
    if (n == 0) return 0;
    if (n != (ssize_t)sizeof *m) {
        if (fd != NULL && *fd >= 0) { close(*fd); *fd = -1; }
        return -EPROTO;
    }
    m->msg[sizeof m->msg - 1] = '\0';
    return 1;
}

void bunker_ct_die(int sync_fd, int code, int err, const char *msg) {
    bunker_sync_send(sync_fd, BUNKER_SYNC_ERROR, err, code, msg, -1);
    _exit(code);
}

void bunker_ct_die_errno(int sync_fd, const char *stage, int err) {
    char msg[sizeof ((struct bunker_sync *)0)->msg];
    bunker_sfail(msg, sizeof msg, err, stage);
    bunker_ct_die(sync_fd, 125, err, msg);
}

int bunker_ct_open_pty(const char *ptmx, uint16_t rows, uint16_t cols, int *master, int *slave,
                       int *index, char *msg, int msglen) {
    int m = open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) {
        int err = errno;
        bunker_scat(msg, msglen, "open ", ptmx, ": ", bunker_strerror(err), (const char *)NULL);
        return -err;
    }
    int unlock = 0;
    unsigned int n = 0;
    if (ioctl(m, TIOCSPTLCK, &unlock) < 0) { int err = errno; close(m); return bunker_sfail(msg, msglen, err, "unlock the pty (TIOCSPTLCK)"); }
    if (ioctl(m, TIOCGPTN, &n) < 0) { int err = errno; close(m); return bunker_sfail(msg, msglen, err, "pty number (TIOCGPTN)"); }
    if (rows != 0 && cols != 0) {
        struct winsize ws = { .ws_row = rows, .ws_col = cols };
        if (ioctl(m, TIOCSWINSZ, &ws) < 0) { int err = errno; close(m); return bunker_sfail(msg, msglen, err, "set the console size (TIOCSWINSZ)"); }
    }
    int sl = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (sl < 0) { int err = errno; close(m); return bunker_sfail(msg, msglen, err, "open the pty peer (TIOCGPTPEER)"); }
    *master = m;
    *slave = sl;
    *index = (int)n;
    return 0;
}

void bunker_ct_session(int sync_fd, int slave) {
    if (setsid() < 0 && errno != EPERM) bunker_ct_die_errno(sync_fd, "setsid", errno);
    if (slave < 0) return;
    if (ioctl(slave, TIOCSCTTY, 0) < 0) bunker_ct_die_errno(sync_fd, "make the pty the controlling terminal (TIOCSCTTY)", errno);
    for (int fd = 0; fd < 3; fd++)
        if (dup2(slave, fd) < 0) bunker_ct_die_errno(sync_fd, "dup2 the pty onto stdio", errno);
    if (slave > 2) close(slave);
}

void bunker_ct_reset_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (int sig = 1; sig < _NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        sigaction(sig, &sa, NULL); /* glibc refuses its own internal signals: fine */
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* The exit code Docker uses for an exec failure. */
static int exec_code(int err) {
    switch (err) {
    case ENOENT: case ENOTDIR: return 127;
    case EACCES: case EPERM: case ENOEXEC: case EISDIR: case ELOOP: case ETXTBSY: return 126;
    default: return 125;
    }
}

/* strerror in Go's style, as Docker prints it: "no such file or directory". */
static void lower_reason(struct bunker_sfmt *f, int err) {
    const char *d = bunker_strerror(err);
    if (d[0] >= 'A' && d[0] <= 'Z' && d[1] >= 'a' && d[1] <= 'z') {
        char first[2] = { (char)(d[0] - 'A' + 'a'), '\0' };
        bunker_sfmt_str(f, first);
        d++;
    }
    bunker_sfmt_str(f, d);
}

static void exec_failed(int sync_fd, const char *path, int err) {
    char msg[sizeof ((struct bunker_sync *)0)->msg];
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, msg, sizeof msg);
    bunker_sfmt_str(&f, "exec ");
    bunker_sfmt_str(&f, path);
    bunker_sfmt_str(&f, ": ");
    lower_reason(&f, err);
    bunker_ct_die(sync_fd, exec_code(err), err, msg);
}

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

void bunker_ct_exec(const struct bunker_spec *s, int sync_fd) {
    const char *file = s->argv[0];
    if (s->argc == 0 || file == NULL || file[0] == '\0') bunker_ct_die(sync_fd, 125, EINVAL, "exec: no command");
    char *const *argv = (char *const *)s->argv;
    char *const *envp = (char *const *)s->envp;
    bunker_ct_reset_signals();

    if (strchr(file, '/') != NULL) {
        execve(file, argv, envp);
        exec_failed(sync_fd, file, errno);
    }

    const char *path = DEFAULT_PATH;
    for (uint32_t i = 0; i < s->envc; i++)
        if (strncmp(s->envp[i], "PATH=", 5) == 0) path = s->envp[i] + 5;

    size_t flen = strlen(file);
    char buf[PATH_MAX];
    int eacces = 0;
    for (const char *p = path;; p++) {
        const char *end = strchrnul(p, ':');
        size_t dlen = (size_t)(end - p);
        const char *dir = p;
        if (dlen == 0) { dir = "."; dlen = 1; } /* an empty entry means the working directory */
        if (dlen + 1 + flen + 1 <= sizeof buf) {
            memcpy(buf, dir, dlen);
            buf[dlen] = '/';
            memcpy(buf + dlen + 1, file, flen + 1);
            execve(buf, argv, envp);
            int err = errno;
            switch (err) {
            case EACCES: eacces = 1; break;
            case ENOENT: case ENOTDIR: case ESTALE: case ENODEV: case ETIMEDOUT: case ENAMETOOLONG: case ELOOP: break;
            default: exec_failed(sync_fd, buf, err);
            }
        }
        if (*end == '\0') break;
        p = end;
    }

    char msg[sizeof ((struct bunker_sync *)0)->msg];
    struct bunker_sfmt f;
    bunker_sfmt_init(&f, msg, sizeof msg);
    bunker_sfmt_str(&f, "exec: ");
    bunker_sfmt_quote(&f, file);
    if (eacces) {
        bunker_sfmt_str(&f, ": permission denied");
        bunker_ct_die(sync_fd, 126, EACCES, msg);
    }
    bunker_sfmt_str(&f, ": executable file not found in $PATH");
    bunker_ct_die(sync_fd, 127, ENOENT, msg);
}
