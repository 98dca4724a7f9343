/*
 * A TAP device for a container's network interface (runtime.h, BUNKER_T_NET_IFACE): created in
 * the calling process's network namespace, with its MAC, MTU, IPv4 address and netmask, brought
 * up, and the default route via the gateway. Plain ioctls (no netlink): async-signal-safe, no
 * malloc, so it runs in the container's init (a descendant of a fork of the multi-threaded Bun)
 * and in the monitor program's `net-add` child alike. Needs CAP_NET_ADMIN over the namespace
 * (its owner user namespace) and permission to open /dev/net/tun (0666 where udev runs).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <net/route.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net-tap.h"
#include "safe-fmt.h"

/* "<name>: <stage>: <reason>" and -err. */
static int tap_fail(char *msg, int msglen, const char *name, const char *stage, int err) {
    bunker_scat(msg, msglen, name, ": ", stage, ": ", bunker_strerror(err), (const char *)NULL);
    return -err;
}

static void set_inet(struct sockaddr *sa, const uint8_t ip[4]) {
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    memcpy(&sin.sin_addr, ip, 4);
    memcpy(sa, &sin, sizeof sin);
}

static void ifreq_named(struct ifreq *ifr, const char *name) {
    memset(ifr, 0, sizeof *ifr);
    size_t n = strlen(name);
    if (n >= IFNAMSIZ) n = IFNAMSIZ - 1;
    memcpy(ifr->ifr_name, name, n);
}

/* Address, netmask, up, default route: on an AF_INET socket of the namespace. */
static int configure(int sock, const struct bunker_net_iface *f, char *msg, int msglen) {
    struct ifreq ifr;
    ifreq_named(&ifr, f->name);
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(ifr.ifr_hwaddr.sa_data, f->mac, 6);
    if (ioctl(sock, SIOCSIFHWADDR, &ifr) < 0) return tap_fail(msg, msglen, f->name, "set the MAC address (SIOCSIFHWADDR)", errno);

    ifreq_named(&ifr, f->name);
    ifr.ifr_mtu = (int)f->mtu;
    if (ioctl(sock, SIOCSIFMTU, &ifr) < 0) return tap_fail(msg, msglen, f->name, "set the MTU (SIOCSIFMTU)", errno);

    ifreq_named(&ifr, f->name);
    set_inet(&ifr.ifr_addr, f->ipv4);
    if (ioctl(sock, SIOCSIFADDR, &ifr) < 0) return tap_fail(msg, msglen, f->name, "set the IPv4 address (SIOCSIFADDR)", errno);

    uint32_t mask = f->prefix_len == 0 ? 0 : ~(uint32_t)0 << (32 - f->prefix_len);
    uint8_t m[4] = { (uint8_t)(mask >> 24), (uint8_t)(mask >> 16), (uint8_t)(mask >> 8), (uint8_t)mask };
    ifreq_named(&ifr, f->name);
    set_inet(&ifr.ifr_netmask, m);
    if (ioctl(sock, SIOCSIFNETMASK, &ifr) < 0) return tap_fail(msg, msglen, f->name, "set the netmask (SIOCSIFNETMASK)", errno);

    ifreq_named(&ifr, f->name);
    if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) return tap_fail(msg, msglen, f->name, "SIOCGIFFLAGS", errno);
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) return tap_fail(msg, msglen, f->name, "bring it up (SIOCSIFFLAGS)", errno);

    if (f->has_gateway) {
        static const uint8_t any[4] = { 0, 0, 0, 0 };
        struct rtentry rt;
        memset(&rt, 0, sizeof rt);
        set_inet(&rt.rt_dst, any);
        set_inet(&rt.rt_genmask, any);
        set_inet(&rt.rt_gateway, f->gateway);
        rt.rt_flags = RTF_UP | RTF_GATEWAY;
        rt.rt_dev = (char *)f->name;
        if (ioctl(sock, SIOCADDRT, &rt) < 0) return tap_fail(msg, msglen, f->name, "add the default route (SIOCADDRT)", errno);
    }
    return 0;
}

int bunker_tap_create(const struct bunker_net_iface *f, int *fd_out, char *msg, int msglen) {
    *fd_out = -1;
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        bunker_scat(msg, msglen, "cannot open /dev/net/tun: ", bunker_strerror(err),
                    err == EACCES || err == EPERM ? " (make it 0666 as udev does, or use --network none)" : "",
                    (const char *)NULL);
        return -err;
    }
    struct ifreq ifr;
    ifreq_named(&ifr, f->name);
    /* Every frame behind a virtio_net_hdr (BUNKER_VNET_HDR_LEN): frames written with
     * VIRTIO_NET_HDR_F_NEEDS_CSUM carry only the pseudo-header sum, so neither side checksums
     * payloads. No offloads are enabled, so frames read from it are complete (flags 0). */
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int err = errno;
        close(fd);
        return tap_fail(msg, msglen, f->name, "create the TAP device (TUNSETIFF)", err);
    }
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        int err = errno;
        close(fd);
        return tap_fail(msg, msglen, f->name, "socket", err);
    }
    int rc = configure(sock, f, msg, msglen);
    close(sock);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    *fd_out = fd;
    return 0;
}
