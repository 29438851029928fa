#ifndef CKEEPVIP_SHIM_H
#define CKEEPVIP_SHIM_H

// What Swift cannot import or cannot import safely: packed `epoll_event`, `CMSG_*`,
// `struct ifreq`'s unions, `sockaddr_ll`, signal set construction. Every function returns
// the syscall's result (-1 with errno set on failure) unless documented otherwise.

#include <stdint.h>
#include <stddef.h>

// SwiftPM uses this file as the umbrella header: other headers of the module are included here.
#include "CKeepvipCapture.h"
#include "CKeepvipSpawn.h"

#ifdef __cplusplus
extern "C" {
#endif

// epoll: `struct epoll_event` is packed on x86-64, which Swift imports poorly; keep it in C.
int kv_epoll_create(void);
int kv_epoll_add(int epfd, int fd, uint32_t events);
int kv_epoll_modify(int epfd, int fd, uint32_t events);
int kv_epoll_delete(int epfd, int fd);
/// Waits; fills `fds[i]`/`events[i]` for each ready descriptor. Returns the count, or -1.
int kv_epoll_wait(int epfd, int32_t *fds, uint32_t *events, int max, int timeout_ms);
uint32_t kv_epoll_in(void);
uint32_t kv_epoll_out(void);

/// accept4(2) of one connection, non-blocking and close-on-exec (accept4 is a GNU extension).
int kv_accept(int fd);

// timerfd on CLOCK_MONOTONIC, non-blocking, close-on-exec.
int kv_timerfd_create(void);
/// Arms at an absolute CLOCK_MONOTONIC time (TFD_TIMER_ABSTIME); `nanoseconds <= 0` is
/// clamped to 1 ns (0 would disarm). `disarm != 0` disarms instead.
int kv_timerfd_set_absolute(int fd, int64_t nanoseconds, int disarm);

/// Blocks `signals` with sigprocmask, then creates a non-blocking signalfd for them.
int kv_signalfd_create(const int *signals, int count);
/// Reads one `signalfd_siginfo`; returns the signal number, 0 when nothing is pending, -1 on error.
int kv_signalfd_read(int fd);
/// Unblocks `signals` (used when tearing down a signal source).
int kv_signals_unblock(const int *signals, int count);

int64_t kv_clock_monotonic_ns(void);

/// recvmsg with IP_PKTINFO: returns the byte count (or -1); `*ifindex` is the arrival interface
/// (0 if the kernel did not say), `*truncated` is non-zero when the datagram was longer than `len`.
long kv_recv_ipv4_pktinfo(int fd, uint8_t *buffer, size_t len, int32_t *ifindex, int *truncated);

/// sendmsg of `payload` to `destination` (network byte order). When `source` (network order)
/// is non-zero an IP_PKTINFO control message asks the kernel to use it as the source address
/// and `ifindex` as the outgoing interface, without binding the socket.
long kv_send_ipv4_pktinfo(int fd, const uint8_t *payload, size_t len, uint32_t destination,
                          uint32_t source, int ifindex);

/// sendmsg of `payload` to `destination` (16 bytes, network order) with `sin6_scope_id` =
/// `ifindex`. When `source` is non-NULL an IPV6_PKTINFO control message asks for it (16 bytes)
/// as the source address and `ifindex` as the outgoing interface.
long kv_send_ipv6_pktinfo(int fd, const uint8_t *payload, size_t len, const uint8_t *destination,
                          const uint8_t *source, int ifindex);

/// recvmsg on an AF_INET6 socket with IPV6_RECVPKTINFO and IPV6_RECVHOPLIMIT on. Returns the byte
/// count (or -1); fills `source` (from the sender's sockaddr_in6) and `destination`
/// (in6_pktinfo, all zero if absent), 16 bytes each; `*ifindex` (0 if absent), `*hoplimit`
/// (-1 if absent), and `*truncated` (non-zero when the datagram was longer than `len`).
long kv_recv_ipv6_pktinfo(int fd, uint8_t *buffer, size_t len, uint8_t *source, uint8_t *destination,
                          int32_t *ifindex, int32_t *hoplimit, int *truncated);

/// IPV6_JOIN_GROUP (`join` non-zero) or IPV6_LEAVE_GROUP for `group` (16 bytes) on `ifindex`.
int kv_ipv6_membership(int fd, const uint8_t *group, int ifindex, int join);

/// SIOCGIFHWADDR through a throwaway AF_INET datagram socket. Copies up to `capacity` bytes
/// and returns the address length for Ethernet-like (6) links, or -1 with errno.
int kv_hardware_address(const char *name, uint8_t *out, int capacity, uint16_t *arp_type);

/// An AF_PACKET SOCK_RAW socket for `protocol` (host order, e.g. 0x0806) bound to `ifindex`.
int kv_packet_socket(int ifindex, uint16_t protocol);
/// sendto on a packet socket: `frame` is a whole Ethernet frame; the destination link address
/// given in sockaddr_ll is `destination` (6 bytes).
long kv_packet_send(int fd, int ifindex, uint16_t protocol, const uint8_t *destination,
                    const uint8_t *frame, size_t len);

/// A NETLINK_ROUTE socket (non-blocking, close-on-exec) bound with the legacy group bitmask
/// `groups` (RTMGRP_*; 0 for a request-only socket), with a receive buffer of `rcvbuf` bytes
/// when non-zero. Returns the fd, and our port id in `*portid`.
int kv_netlink_route_socket(uint32_t groups, int rcvbuf, uint32_t *portid);
/// recv with MSG_DONTWAIT; `*truncated` non-zero when the message did not fit.
long kv_recv_truncating(int fd, uint8_t *buffer, size_t len, int *truncated);

/// setns(fd, CLONE_NEWNET) for the calling thread (setns needs _GNU_SOURCE; tests use it).
int kv_setns_net(int fd);

/// Asks the kernel to drop this program's own code pages from the resident set
/// (madvise MADV_PAGEOUT on the executable PT_LOAD segments of the main program). Code still in
/// use faults back in from the page cache. Returns 0, or -1 with errno.
int kv_release_program_text(void);

#ifdef __cplusplus
}
#endif

#endif
