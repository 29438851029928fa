#!/usr/bin/env python3
"""Send VRRPv2 advertisements (RFC 3768) from a raw socket, once per interval.

vrrp_send.py --src 192.0.2.13 --to 192.0.2.11 --to 192.0.2.12 \
    [--vrid 101] [--prio 254] [--vip 192.0.2.200] [--no-vip] [--password password] \
    [--interval 1] [--count 0 (forever)] [--trailing N]

IP header by the kernel (protocol 112, TTL 255, also for multicast; broadcast
allowed); the VRRP checksum is computed here: 16-bit one's complement of the
one's complement sum of the VRRP message. --trailing N appends N zero bytes
after the message, outside the checksum (a crafted packet).
"""
import argparse
import socket
import struct
import sys
import time

IPPROTO_VRRP = 112


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def advert(vrid: int, prio: int, vips: list, password: bytes, interval: int) -> bytes:
    # version 2, type 1 (advertisement); auth type 1 (simple text password)
    head = struct.pack("!BBBBBBH", 0x21, vrid, prio, len(vips), 1, interval, 0)
    body = b"".join(socket.inet_aton(v) for v in vips) + password[:8].ljust(8, b"\0")
    msg = head + body
    c = checksum(msg)
    msg = msg[:6] + struct.pack("!H", c) + msg[8:]
    assert checksum(msg) == 0
    return msg


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--to", action="append", required=True)
    ap.add_argument("--vrid", type=int, default=101)
    ap.add_argument("--prio", type=int, default=254)
    ap.add_argument("--vip", action="append")
    ap.add_argument("--password", default="password")
    ap.add_argument("--interval", type=int, default=1)
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--no-vip", action="store_true")
    ap.add_argument("--trailing", type=int, default=0)
    a = ap.parse_args()
    vips = [] if a.no_vip else (a.vip or ["192.0.2.200"])
    pkt = advert(a.vrid, a.prio, vips, a.password.encode(), a.interval) + bytes(a.trailing)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_VRRP)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 255)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.bind((a.src, 0))
    print("sending %s to %s every %ds" % (pkt.hex(), ",".join(a.to), a.interval), flush=True)
    n = 0
    deadline = time.monotonic()
    while a.count == 0 or n < a.count:
        for dst in a.to:
            s.sendto(pkt, (dst, 0))
        n += 1
        deadline += a.interval
        time.sleep(max(0.0, deadline - time.monotonic()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
