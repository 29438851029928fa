#define _GNU_SOURCE
#include "CKeepvipShim.h"

#include <errno.h>
#include <link.h>
#include <sys/mman.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <net/ethernet.h>
#include <arpa/inet.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

int kv_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int kv_accept(int fd) { return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); }

static int kv_epoll_control(int epfd, int operation, int fd, uint32_t events) {
    struct epoll_event event;
    memset(&event, 0, sizeof event);
    event.events = events;
    event.data.fd = fd;
    return epoll_ctl(epfd, operation, fd, &event);
}

int kv_epoll_add(int epfd, int fd, uint32_t events) { return kv_epoll_control(epfd, EPOLL_CTL_ADD, fd, events); }

int kv_epoll_modify(int epfd, int fd, uint32_t events) { return kv_epoll_control(epfd, EPOLL_CTL_MOD, fd, events); }

int kv_epoll_delete(int epfd, int fd) {
    struct epoll_event event;
    memset(&event, 0, sizeof event);
    return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &event);
}

int kv_epoll_wait(int epfd, int32_t *fds, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event ready[64];
    if (max > 64) max = 64;
    int count = epoll_wait(epfd, ready, max, timeout_ms);
    for (int i = 0; i < count; i++) {
        fds[i] = ready[i].data.fd;
        events[i] = ready[i].events;
    }
    return count;
}

uint32_t kv_epoll_in(void) { return EPOLLIN; }
uint32_t kv_epoll_out(void) { return EPOLLOUT; }

int kv_timerfd_create(void) { return timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC); }

int kv_timerfd_set_absolute(int fd, int64_t nanoseconds, int disarm) {
    struct itimerspec spec;
    memset(&spec, 0, sizeof spec);
    if (!disarm) {
        if (nanoseconds <= 0) nanoseconds = 1;
        spec.it_value.tv_sec = nanoseconds / 1000000000;
        spec.it_value.tv_nsec = nanoseconds % 1000000000;
    }
    return timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL);
}

static int make_set(sigset_t *set, const int *signals, int count) {
    sigemptyset(set);
    for (int i = 0; i < count; i++) {
        if (sigaddset(set, signals[i]) != 0) return -1;
    }
    return 0;
}

int kv_signalfd_create(const int *signals, int count) {
    sigset_t set;
    if (make_set(&set, signals, count) != 0) return -1;
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int kv_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t got = read(fd, &info, sizeof info);
    if (got < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    if ((size_t)got != sizeof info) { errno = EIO; return -1; }
    return (int)info.ssi_signo;
}

int kv_signals_unblock(const int *signals, int count) {
    sigset_t set;
    if (make_set(&set, signals, count) != 0) return -1;
    return sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int64_t kv_clock_monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

long kv_recv_ipv4_pktinfo(int fd, uint8_t *buffer, size_t len, int32_t *ifindex, int *truncated) {
    struct iovec iov = { .iov_base = buffer, .iov_len = len };
    union { char bytes[CMSG_SPACE(sizeof(struct in_pktinfo))]; struct cmsghdr align; } control;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.bytes;
    msg.msg_controllen = sizeof control.bytes;
    *ifindex = 0;
    *truncated = 0;
    ssize_t got = recvmsg(fd, &msg, MSG_DONTWAIT);
    if (got < 0) return -1;
    if (msg.msg_flags & MSG_TRUNC) *truncated = 1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo info;
            memcpy(&info, CMSG_DATA(c), sizeof info);
            *ifindex = info.ipi_ifindex;
        }
    }
    return (long)got;
}

int kv_hardware_address(const char *name, uint8_t *out, int capacity, uint16_t *arp_type) {
    struct ifreq request;
    memset(&request, 0, sizeof request);
    if (strlen(name) >= IFNAMSIZ) { errno = ENAMETOOLONG; return -1; }
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int result = ioctl(fd, SIOCGIFHWADDR, &request);
    int saved = errno;
    close(fd);
    if (result != 0) { errno = saved; return -1; }
    *arp_type = request.ifr_hwaddr.sa_family;
    int length = ETH_ALEN;
    if (length > capacity) length = capacity;
    memcpy(out, request.ifr_hwaddr.sa_data, (size_t)length);
    return ETH_ALEN;
}

int kv_packet_socket(int ifindex, uint16_t protocol) {
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(protocol));
    if (fd < 0) return -1;
    struct sockaddr_ll address;
    memset(&address, 0, sizeof address);
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(protocol);
    address.sll_ifindex = ifindex;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

long kv_packet_send(int fd, int ifindex, uint16_t protocol, const uint8_t *destination,
                    const uint8_t *frame, size_t len) {
    struct sockaddr_ll address;
    memset(&address, 0, sizeof address);
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(protocol);
    address.sll_ifindex = ifindex;
    address.sll_halen = ETH_ALEN;
    memcpy(address.sll_addr, destination, ETH_ALEN);
    return (long)sendto(fd, frame, len, 0, (struct sockaddr *)&address, sizeof address);
}

/* sendmsg(2) of one buffer to `to`, carrying one control message (level, type, data) when data is set. */
static long send_with_control(int fd, const uint8_t *payload, size_t len, void *to, socklen_t to_len,
                              int level, int type, const void *data, size_t data_len) {
    struct iovec iov = { .iov_base = (void *)payload, .iov_len = len };
    union { char bytes[CMSG_SPACE(sizeof(struct in6_pktinfo))]; struct cmsghdr align; } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = to;
    msg.msg_namelen = to_len;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (data != NULL) {
        if (CMSG_SPACE(data_len) > sizeof control.bytes) {
            errno = EINVAL;
            return -1;
        }
        msg.msg_control = control.bytes;
        msg.msg_controllen = CMSG_SPACE(data_len);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = level;
        c->cmsg_type = type;
        c->cmsg_len = CMSG_LEN(data_len);
        memcpy(CMSG_DATA(c), data, data_len);
    }
    return (long)sendmsg(fd, &msg, MSG_DONTWAIT);
}

long kv_send_ipv4_pktinfo(int fd, const uint8_t *payload, size_t len, uint32_t destination,
                          uint32_t source, int ifindex) {
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = destination;
    struct in_pktinfo info;
    memset(&info, 0, sizeof info);
    info.ipi_ifindex = ifindex;
    info.ipi_spec_dst.s_addr = source;
    return send_with_control(fd, payload, len, &to, sizeof to, IPPROTO_IP, IP_PKTINFO,
                             source != 0 ? &info : NULL, sizeof info);
}

long kv_send_ipv6_pktinfo(int fd, const uint8_t *payload, size_t len, const uint8_t *destination,
                          const uint8_t *source, int ifindex) {
    struct sockaddr_in6 to;
    memset(&to, 0, sizeof to);
    to.sin6_family = AF_INET6;
    memcpy(&to.sin6_addr, destination, 16);
    to.sin6_scope_id = (uint32_t)ifindex;
    struct in6_pktinfo info;
    memset(&info, 0, sizeof info);
    if (source != NULL) memcpy(&info.ipi6_addr, source, 16);
    info.ipi6_ifindex = (unsigned int)ifindex;
    return send_with_control(fd, payload, len, &to, sizeof to, IPPROTO_IPV6, IPV6_PKTINFO,
                             source != NULL ? &info : NULL, sizeof info);
}

long kv_recv_ipv6_pktinfo(int fd, uint8_t *buffer, size_t len, uint8_t *source, uint8_t *destination,
                          int32_t *ifindex, int32_t *hoplimit, int *truncated) {
    struct sockaddr_in6 from;
    memset(&from, 0, sizeof from);
    struct iovec iov = { .iov_base = buffer, .iov_len = len };
    union {
        char bytes[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.bytes;
    msg.msg_controllen = sizeof control.bytes;
    memset(source, 0, 16);
    memset(destination, 0, 16);
    *ifindex = 0;
    *hoplimit = -1;
    *truncated = 0;
    ssize_t got = recvmsg(fd, &msg, MSG_DONTWAIT);
    if (got < 0) return -1;
    if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) *truncated = 1;
    if (from.sin6_family == AF_INET6) memcpy(source, &from.sin6_addr, 16);
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != IPPROTO_IPV6) continue;
        if (c->cmsg_type == IPV6_PKTINFO && c->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
            struct in6_pktinfo info;
            memcpy(&info, CMSG_DATA(c), sizeof info);
            memcpy(destination, &info.ipi6_addr, 16);
            *ifindex = (int32_t)info.ipi6_ifindex;
        } else if (c->cmsg_type == IPV6_HOPLIMIT && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
            int hops;
            memcpy(&hops, CMSG_DATA(c), sizeof hops);
            *hoplimit = hops;
        }
    }
    return (long)got;
}

int kv_ipv6_membership(int fd, const uint8_t *group, int ifindex, int join) {
    struct ipv6_mreq request;
    memset(&request, 0, sizeof request);
    memcpy(&request.ipv6mr_multiaddr, group, 16);
    request.ipv6mr_interface = (unsigned int)ifindex;
    return setsockopt(fd, IPPROTO_IPV6, join ? IPV6_JOIN_GROUP : IPV6_LEAVE_GROUP, &request, sizeof request);
}

#include <sched.h>
int kv_setns_net(int fd) { return setns(fd, CLONE_NEWNET); }

#include <linux/netlink.h>
int kv_netlink_route_socket(uint32_t groups, int rcvbuf, uint32_t *portid) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) return -1;
    if (rcvbuf > 0) (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    struct sockaddr_nl address;
    memset(&address, 0, sizeof address);
    address.nl_family = AF_NETLINK;
    address.nl_groups = groups;
    socklen_t length = sizeof address;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0 ||
        getsockname(fd, (struct sockaddr *)&address, &length) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    *portid = address.nl_pid;
    return fd;
}

long kv_recv_truncating(int fd, uint8_t *buffer, size_t len, int *truncated) {
    *truncated = 0;
    ssize_t got = recv(fd, buffer, len, MSG_DONTWAIT | MSG_TRUNC);
    if (got < 0) return -1;
    if ((size_t)got > len) { *truncated = 1; return (long)len; }
    return (long)got;
}

static int kv_release_segments(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    int *result = context;
    // The main program is the first object reported, with an empty name.
    if (info->dlpi_name != NULL && info->dlpi_name[0] != '\0') return 1;
    long page = sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_X)) continue;
        uintptr_t start = (info->dlpi_addr + segment->p_vaddr) & ~(uintptr_t)(page - 1);
        uintptr_t end = info->dlpi_addr + segment->p_vaddr + segment->p_memsz;
        if (madvise((void *)start, end - start, MADV_PAGEOUT) != 0) *result = -1;
    }
    return 1;
}

int kv_release_program_text(void) {
    int result = 0;
    dl_iterate_phdr(kv_release_segments, &result);
    return result;
}
