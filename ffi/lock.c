/* Advisory whole-file locks (flock: per open file description). */
#include <errno.h>
#include <sys/file.h>

#include "bunker.h"

int bunker_flock(int fd, char *msg, int msglen) {
    int rc;
    do rc = flock(fd, LOCK_EX | LOCK_NB);
    while (rc < 0 && errno == EINTR);
    if (rc < 0) return bunker_fail(msg, msglen, errno, "flock(fd %d, LOCK_EX|LOCK_NB)", fd);
    bunker_msg(msg, msglen, "locked");
    return 0;
}
