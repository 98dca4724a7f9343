/*
 * TAP devices for container network interfaces (ffi/net-tap.c). Async-signal-safe.
 */
#ifndef BUNKER_NET_TAP_H
#define BUNKER_NET_TAP_H

#include "bunker.h"
#include "runtime.h"

/* Every frame read from or written to the TAP starts with a struct virtio_net_hdr of this size. */
#define BUNKER_VNET_HDR_LEN 10

/* Creates the TAP `f->name` in the current network namespace and configures it (MAC, MTU,
 * IPv4/prefix, up, default route via the gateway). 0 with the device's fd (O_CLOEXEC,
 * blocking) in *fd_out, or -errno with "name: stage: reason" in msg. The device goes away when
 * the last fd on it closes. */
BUNKER_INTERNAL int bunker_tap_create(const struct bunker_net_iface *f, int *fd_out, char *msg, int msglen);

#endif
