/*
 * Joining the container's cgroups (container-init.c and exec-join.c): the daemon makes the
 * cgroups and writes their limits; the process moves itself in before it runs anything.
 * Async-signal-safe only.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "container.h"
#include "safe-fmt.h"

int bunker_join_cgroups(const struct bunker_spec *s, char *msg, int msglen) {
    for (uint32_t i = 0; i < s->ncgroup_procs; i++) {
        const char *path = s->cgroup_procs[i];
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        int err = 0;
        if (fd < 0) err = errno;
        else {
            ssize_t n;
            do n = write(fd, "0", 1);
            while (n < 0 && errno == EINTR);
            if (n < 0) err = errno;
            close(fd);
        }
        if (err != 0) {
            bunker_scat(msg, (size_t)msglen, "join cgroup ", path, ": ", bunker_strerror(err), (const char *)NULL);
            return -err;
        }
    }
    return 0;
}
