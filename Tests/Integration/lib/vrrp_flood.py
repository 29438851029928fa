#!/usr/bin/env python3
"""Flood a host with VRRPv2 packets at a fixed rate (a hostile segment).

vrrp_flood.py --to 192.0.2.11 [--to 224.0.0.18] --rate 20000 --seconds 10 --kind junk|password \
    [--src 192.0.2.12] [--vrid 101]

junk:     every packet from a random source in 198.51.100.0/24 with a random VRID and priority
          (a valid VRRPv2 message otherwise);
password: from --src (a configured peer), VRID --vrid, priority 254, a wrong password.
The IP header is written here (IP_HDRINCL, TTL 255) so the source can be any address; the kernel
fills in the IP checksum. Prints the number of packets sent.
"""
import argparse
import random
import socket
import struct
import time

from vrrp_send import checksum


def vrrp(vrid: int, prio: int, password: bytes) -> bytes:
    head = struct.pack("!BBBBBBH", 0x21, vrid, prio, 1, 1, 1, 0)
    msg = head + socket.inet_aton("192.0.2.200") + password[:8].ljust(8, b"\0")
    return msg[:6] + struct.pack("!H", checksum(msg)) + msg[8:]


def ip(src: str, dst: str, payload: bytes) -> bytes:
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0, 255, 112, 0,
                         socket.inet_aton(src), socket.inet_aton(dst))
    return header + payload


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--to", action="append", required=True)
    ap.add_argument("--rate", type=int, default=20000)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--kind", choices=["junk", "password"], default="junk")
    ap.add_argument("--src", default="192.0.2.12")
    ap.add_argument("--vrid", type=int, default=101)
    a = ap.parse_args()
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    rng = random.Random(7)
    # A pool of packets made in advance, so the rate is not limited by building them.
    pool = []
    for i in range(4096):
        dst = a.to[i % len(a.to)]
        if a.kind == "junk":
            src = "198.51.100.%d" % rng.randrange(1, 255)
            pool.append((ip(src, dst, vrrp(rng.randrange(1, 256), rng.randrange(1, 255), b"password")), dst))
        else:
            pool.append((ip(a.src, dst, vrrp(a.vrid, 254, b"wrongpwd")), dst))
    sent = 0
    start = time.monotonic()
    tick = max(0.001, 1.0 / a.rate)
    per_tick = max(1, round(a.rate * tick))
    next_tick = start
    while time.monotonic() - start < a.seconds:
        for _ in range(per_tick):
            packet, dst = pool[sent % len(pool)]
            try:
                s.sendto(packet, (dst, 0))
            except OSError:
                pass
            sent += 1
        next_tick += tick
        delay = next_tick - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print(sent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
