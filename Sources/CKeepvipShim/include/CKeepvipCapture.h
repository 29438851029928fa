#ifndef CKEEPVIP_CAPTURE_H
#define CKEEPVIP_CAPTURE_H

// Packet capture and header-included sending for `keepvip peer`: what needs `sockaddr_ll`,
// `struct sock_fprog` or `struct packet_mreq`. Every function returns the syscall's result
// (-1 with errno set on failure) unless documented otherwise.

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An AF_PACKET SOCK_DGRAM socket (non-blocking, close-on-exec) on `ifindex` that receives every
/// IPv4 and IPv6 packet of IP protocol 112 (VRRP) that the interface sees, without the link
/// header. A classic BPF filter does the selection in the kernel; it is attached before the socket
/// is bound, so nothing else is ever queued. `promiscuous` non-zero also puts the interface in
/// promiscuous mode for as long as the socket is open (PACKET_MR_PROMISC), so unicast between
/// other hosts is seen too where the link delivers it.
int kv_capture_socket(int ifindex, int promiscuous);

/// One captured packet: the byte count (or -1); `*ethertype` (host order), `*packet_type`
/// (PACKET_HOST, PACKET_OTHERHOST, PACKET_OUTGOING…) and `*truncated` (non-zero when the packet
/// was longer than `len`).
long kv_capture_receive(int fd, uint8_t *buffer, size_t len, uint16_t *ethertype, uint8_t *packet_type,
                        int *truncated);

/// Whether `packet_type` is PACKET_OUTGOING: a packet this host sent.
int kv_capture_is_outgoing(uint8_t packet_type);

/// A raw IPv4 socket (IPPROTO_RAW: IP_HDRINCL, send only; non-blocking, close-on-exec) bound to
/// the interface `name`, sending multicast out of `ifindex` and never looping it back.
int kv_header_included_socket(const char *name, int ifindex);

/// sendto of a whole IPv4 packet (header included) to `destination` (network byte order).
long kv_send_header_included(int fd, const uint8_t *packet, size_t len, uint32_t destination);

#ifdef __cplusplus
}
#endif
#endif
