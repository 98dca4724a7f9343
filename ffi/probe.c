/*
 * Capability probes: can this process create a user namespace, and can it mount overlayfs
 * (inside a user namespace with "userxattr", or as root without one)? Each probe forks a
 * child that tries, reports the failed stage and errno through a pipe, and exits; whatever
 * it mounted dies with its mount namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "bunker.h"

/* Turns a child's report into the return value and message. */
static int finish(const struct bunker_report *r, const char *const *stages, int nstages,
                  const char *ok, char *msg, int msglen) {
    if (r->stage < 0) {
        bunker_msg(msg, msglen, "%s", ok);
        return 0;
    }
    const char *stage = r->stage < nstages ? stages[r->stage] : "unknown stage";
    return bunker_fail(msg, msglen, r->err > 0 ? r->err : EIO, "%s", stage);
}

/* ---- user namespace ---------------------------------------------------------------- */

static void userns_child(int fd, void *arg) {
    (void)arg;
    if (unshare(CLONE_NEWUSER) < 0) bunker_child_report(fd, 0, errno);
    else bunker_child_report(fd, -1, 0);
}

int bunker_probe_userns(char *msg, int msglen) {
    static const char *const stages[] = { "unshare(CLONE_NEWUSER)" };
    struct bunker_report r;
    int rc = bunker_run_child(userns_child, NULL, &r, msg, msglen);
    if (rc < 0) return rc;
    return finish(&r, stages, 1, "user namespace created", msg, msglen);
}

/* ---- overlayfs ------------------------------------------------------------------- */

enum { ST_UNSHARE, ST_SETGROUPS, ST_UIDMAP, ST_GIDMAP, ST_PRIVATE, ST_MOUNT, ST_COUNT };

struct overlay_job {
    int in_userns;
    char uid_map[64];
    char gid_map[64];
    char merged[PATH_MAX];
    char options[3 * PATH_MAX + 64];
};

/* Async-signal-safe: open, write, close. Returns 0 or errno. */
static int write_file(const char *path, const char *data) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    size_t len = strlen(data);
    ssize_t n = write(fd, data, len);
    int err = n < 0 ? errno : (size_t)n != len ? EIO : 0;
    close(fd);
    return err;
}

static void overlay_child(int fd, void *arg) {
    const struct overlay_job *job = arg;
    int err;
    if (job->in_userns) {
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) { bunker_child_report(fd, ST_UNSHARE, errno); return; }
        if ((err = write_file("/proc/self/setgroups", "deny"))) { bunker_child_report(fd, ST_SETGROUPS, err); return; }
        if ((err = write_file("/proc/self/uid_map", job->uid_map))) { bunker_child_report(fd, ST_UIDMAP, err); return; }
        if ((err = write_file("/proc/self/gid_map", job->gid_map))) { bunker_child_report(fd, ST_GIDMAP, err); return; }
    } else if (unshare(CLONE_NEWNS) < 0) {
        bunker_child_report(fd, ST_UNSHARE, errno);
        return;
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) { bunker_child_report(fd, ST_PRIVATE, errno); return; }
    if (mount("overlay", job->merged, "overlay", 0, job->options) < 0) { bunker_child_report(fd, ST_MOUNT, errno); return; }
    bunker_child_report(fd, -1, 0);
}

int bunker_probe_overlay(const char *dir, int in_userns, char *msg, int msglen) {
    if (dir == NULL || dir[0] != '/')
        return bunker_fail(msg, msglen, EINVAL, "overlay probe dir must be an absolute path");
    /* overlayfs splits its options on ',' and its layer lists on ':'; '\\' escapes. */
    if (strpbrk(dir, ",:\\") != NULL)
        return bunker_fail(msg, msglen, EINVAL, "overlay probe dir %s contains ',', ':' or '\\'", dir);
    if (strlen(dir) + sizeof "/merged" > PATH_MAX)
        return bunker_fail(msg, msglen, ENAMETOOLONG, "overlay probe dir");

    struct overlay_job job; /* ~17 KiB of stack: the child gets its own copy */
    static const char *const unshare_names[2] = { "unshare(CLONE_NEWNS)", "unshare(CLONE_NEWUSER|CLONE_NEWNS)" };
    memset(&job, 0, sizeof job);
    job.in_userns = in_userns != 0;
    snprintf(job.uid_map, sizeof job.uid_map, "0 %u 1", (unsigned)getuid());
    snprintf(job.gid_map, sizeof job.gid_map, "0 %u 1", (unsigned)getgid());
    snprintf(job.merged, sizeof job.merged, "%s/merged", dir);
    snprintf(job.options, sizeof job.options, "lowerdir=%s/lower,upperdir=%s/upper,workdir=%s/work%s",
             dir, dir, dir, job.in_userns ? ",userxattr" : "");

    char mount_stage[PATH_MAX + 32];
    snprintf(mount_stage, sizeof mount_stage, "mount overlay on %s", job.merged);
    const char *stages[ST_COUNT] = {
        [ST_UNSHARE] = unshare_names[job.in_userns],
        [ST_SETGROUPS] = "write \"deny\" to /proc/self/setgroups",
        [ST_UIDMAP] = "write /proc/self/uid_map",
        [ST_GIDMAP] = "write /proc/self/gid_map",
        [ST_PRIVATE] = "make / recursively private",
        [ST_MOUNT] = mount_stage,
    };
    struct bunker_report r;
    int rc = bunker_run_child(overlay_child, &job, &r, msg, msglen);
    if (rc < 0) return rc;
    return finish(&r, stages, ST_COUNT, job.in_userns ? "overlay mounted in a user namespace" : "overlay mounted", msg, msglen);
}
