/* Socket buffer sizes (src/sys/socket-buffers.ts): Bun's sockets do not expose setsockopt. */
#include <errno.h>
#include <sys/socket.h>

#include "bunker.h"

/* Sets SO_SNDBUF and SO_RCVBUF (bytes; 0 = leave it) on fd. Returns 0 or -errno. The kernel
 * caps them at net.core.wmem_max / rmem_max for an unprivileged process. */
int bunker_socket_buffers(int fd, int snd, int rcv) {
    if (snd > 0 && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &snd, sizeof snd) < 0) return -errno;
    if (rcv > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv) < 0) return -errno;
    return 0;
}
