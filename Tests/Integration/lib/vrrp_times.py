#!/usr/bin/env python3
"""Timings from a bridge capture and an address monitor, for the integration tests.

vrrp_times.py last-advert CAPTURE_TXT MAC BEFORE_US
    Epoch microseconds of the last advert with priority > 0 sent from MAC
    before BEFORE_US (empty output if none).
vrrp_times.py prio0 CAPTURE_TXT MAC AFTER_US
    "COUNT FIRST_US": priority-0 adverts sent from MAC at or after AFTER_US,
    and the time of the first one (FIRST_US is 0 when COUNT is 0).
vrrp_times.py vip-add ADDRMON VIP AFTER_US
    Epoch microseconds of the first time VIP was added at or after AFTER_US
    (empty output if never).

CAPTURE_TXT: `tcpdump -n -tt -e -r` output (the link-level header gives the
sender's MAC, which identifies a host whatever the family and transport:
IPv4 or IPv6, unicast or multicast from a link-local source).
ADDRMON: `ip -ts monitor address` output (local time, microseconds).
VRRPv2 and VRRPv3 lines are both understood.
"""
import re
import sys
from datetime import datetime

ADV = re.compile(r"^(\d+)\.(\d{6}) (\S+) > .*: VRRPv[23], Advertisement, .*?prio (\d+),")
MON = re.compile(r"^\[(\S+)\] (Deleted )?\d+: \S+\s+inet6? (\S+)/\d+")


def adverts(path):
    out = []
    with open(path) as f:
        for line in f:
            m = ADV.match(line)
            if m:
                out.append((int(m.group(1)) * 1000000 + int(m.group(2)), m.group(3).lower(), int(m.group(4))))
    return out


def main(argv):
    cmd = argv[1]
    if cmd == "last-advert":
        mac, before = argv[3].lower(), int(argv[4])
        ts = [t for t, s, p in adverts(argv[2]) if s == mac and p > 0 and t < before]
        if ts:
            print(ts[-1])
    elif cmd == "prio0":
        mac, after = argv[3].lower(), int(argv[4])
        ts = [t for t, s, p in adverts(argv[2]) if s == mac and p == 0 and t >= after]
        print(len(ts), ts[0] if ts else 0)
    elif cmd == "vip-add":
        vip, after = argv[3], int(argv[4])
        with open(argv[2]) as f:
            for line in f:
                m = MON.match(line)
                if not m or m.group(2) or m.group(3) != vip:
                    continue
                t = int(round(datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f").timestamp() * 1e6))
                if t >= after:
                    print(t)
                    break
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
