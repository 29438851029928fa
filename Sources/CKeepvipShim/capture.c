#define _GNU_SOURCE
#include "CKeepvipCapture.h"

#include <errno.h>
#include <linux/filter.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { vrrp_protocol = 112 };

static int close_keeping_errno(int fd) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

// On a SOCK_DGRAM packet socket the filter sees the packet from its network header on.
// Accept IPv4 with protocol 112 and IPv6 with next header 112; drop everything else.
static struct sock_filter vrrp_filter[] = {
    BPF_STMT(BPF_LD | BPF_H | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL),   // 0: A = EtherType
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETHERTYPE_IP, 0, 2),            // 1: IPv4 ? 2 : 4
    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 9),                              // 2: A = IPv4 protocol
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, vrrp_protocol, 3, 4),           // 3: 112 ? 7 : 8
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETHERTYPE_IPV6, 0, 3),          // 4: IPv6 ? 5 : 8
    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 6),                              // 5: A = IPv6 next header
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, vrrp_protocol, 0, 1),           // 6: 112 ? 7 : 8
    BPF_STMT(BPF_RET | BPF_K, 0x40000),                                 // 7: accept (up to 256 KiB)
    BPF_STMT(BPF_RET | BPF_K, 0),                                       // 8: drop
};

int kv_capture_socket(int ifindex, int promiscuous) {
    // Protocol 0: nothing is queued until bind, so no packet slips in before the filter.
    int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct sock_fprog program = {
        .len = sizeof vrrp_filter / sizeof vrrp_filter[0],
        .filter = vrrp_filter,
    };
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0) return close_keeping_errno(fd);
    struct sockaddr_ll address;
    memset(&address, 0, sizeof address);
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(ETH_P_ALL);
    address.sll_ifindex = ifindex;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) return close_keeping_errno(fd);
    if (promiscuous) {
        struct packet_mreq membership;
        memset(&membership, 0, sizeof membership);
        membership.mr_ifindex = ifindex;
        membership.mr_type = PACKET_MR_PROMISC;
        if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &membership, sizeof membership) != 0) {
            return close_keeping_errno(fd);
        }
    }
    return fd;
}

long kv_capture_receive(int fd, uint8_t *buffer, size_t len, uint16_t *ethertype, uint8_t *packet_type,
                        int *truncated) {
    struct sockaddr_ll from;
    memset(&from, 0, sizeof from);
    struct iovec iov = { .iov_base = buffer, .iov_len = len };
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    ssize_t count = recvmsg(fd, &msg, MSG_DONTWAIT);
    if (count < 0) return -1;
    *ethertype = ntohs(from.sll_protocol);
    *packet_type = from.sll_pkttype;
    *truncated = (msg.msg_flags & MSG_TRUNC) != 0;
    return (long)count;
}

int kv_capture_is_outgoing(uint8_t packet_type) { return packet_type == PACKET_OUTGOING; }

int kv_header_included_socket(const char *name, int ifindex) {
    int fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_RAW);
    if (fd < 0) return -1;
    if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, (socklen_t)strlen(name) + 1) != 0) return close_keeping_errno(fd);
    struct ip_mreqn outgoing;
    memset(&outgoing, 0, sizeof outgoing);
    outgoing.imr_ifindex = ifindex;
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &outgoing, sizeof outgoing) != 0) return close_keeping_errno(fd);
    int off = 0;
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off, sizeof off) != 0) return close_keeping_errno(fd);
    return fd;
}

long kv_send_header_included(int fd, const uint8_t *packet, size_t len, uint32_t destination) {
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = destination;
    return (long)sendto(fd, packet, len, 0, (struct sockaddr *)&to, sizeof to);
}
