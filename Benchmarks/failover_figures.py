#!/usr/bin/env python3
"""Figures for Benchmarks/failover.sh.

failover_figures.py run CAPTURE_TXT LB1_ADDRMON LB2_ADDRMON MARKS PING
    One run: prints "key=value" pairs (ms unless named otherwise).
    CAPTURE_TXT: `tcpdump -n -tt -r` output of the bridge capture (vrrp)
    *_ADDRMON:   `ip -ts monitor address` output in lb1's / lb2's namespace
    MARKS:       lines "name epoch_us" written by failover.sh
    PING:        `ping -D -i 0.01` output of the client pinging the VIP
failover_figures.py table RESULTS_TSV
    Side-by-side table, median [min..max] per implementation.
"""
import re
import statistics
import sys
from datetime import datetime

VIP = "192.0.2.200"
LB1 = "192.0.2.11"
MDI_MS = (3 * 1 + (256 - 100) / 256) * 1000.0  # 3609.375 ms

PING = re.compile(r"^\[(\d+\.\d+)\] \d+ bytes from ")
ADV = re.compile(r"^(\d+\.\d+) IP (\S+) > (\S+): VRRPv2, Advertisement, vrid (\d+), prio (\d+),")
MON = re.compile(r"^\[(\S+)\] (Deleted )?\d+: \S+\s+inet (\S+)/")


def adverts(path):
    out = []
    for line in open(path):
        m = ADV.match(line)
        if m:
            out.append((float(m.group(1)), m.group(2), int(m.group(5))))
    return out


def addr_events(path):
    """[(epoch_s, 'add'|'del')] for the VIP."""
    out = []
    for line in open(path):
        m = MON.match(line)
        if m and m.group(3) == VIP:
            t = datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f").timestamp()
            out.append((t, "del" if m.group(2) else "add"))
    return out


def replies(path):
    """Epoch seconds of each ping reply."""
    return [float(m.group(1)) for m in map(PING.match, open(path)) if m]


def outage(times, start, end, interval=0.01):
    """The longest time without a reply in [start, end], beyond the ping interval (ms)."""
    inside = [t for t in times if start <= t <= end]
    gaps = [b - a for a, b in zip(inside, inside[1:])]
    return max(0.0, (max(gaps, default=0.0) - interval) * 1000.0)


def first(events, kind, after):
    for t, k in events:
        if k == kind and t >= after:
            return t
    return None


def run(cap, mon1, mon2, marks_path, ping_path):
    marks = {}  # epoch seconds; keys ending in _kb are kilobytes
    for line in open(marks_path):
        k, v = line.split()
        marks[k] = int(v) if k.endswith("_kb") else int(v) / 1e6
    adv = [a for a in adverts(cap) if a[1] == LB1]
    e1, e2 = addr_events(mon1), addr_events(mon2)
    res = {}

    # (4) advert interval while lb1 is the settled master
    ts = [t for t, _, p in adv if p > 0 and marks["master1"] <= t < marks["term"]]
    iv = [(b - a) * 1000.0 for a, b in zip(ts, ts[1:])]
    if len(iv) >= 2:
        res["adv_n"] = len(iv)
        res["adv_mean"] = statistics.mean(iv)
        res["adv_stdev"] = statistics.stdev(iv)
        res["adv_maxdev"] = max(abs(x - 1000.0) for x in iv)

    # (2) graceful: VIP removed on lb1 -> VIP added on lb2
    d1 = first(e1, "del", marks["term"])
    a2 = first(e2, "add", marks["term"])
    if d1 is not None and a2 is not None:
        res["graceful_gap"] = (a2 - d1) * 1000.0
    prio0 = [t for t, _, p in adv if p == 0 and t >= marks["term"]]
    res["prio0_adverts"] = len(prio0)
    # Client outage (10 ms pings): planned stop, and preempt back after the restart.
    pings = replies(ping_path)
    res["stop_outage"] = outage(pings, marks["term"] - 0.5, marks["restart"])
    res["preempt_outage"] = outage(pings, marks["restart"], marks["kill"])

    # (1) hard: lb1's last advert before the kill -> VIP added on lb2, minus MDI
    last = [t for t, _, p in adv if p > 0 and t < marks["kill"]]
    a2 = first(e2, "add", marks["kill"])
    if last and a2 is not None:
        res["hard_over_mdi"] = (a2 - last[-1]) * 1000.0 - MDI_MS

    # preemption after restart: lb1 started -> VIP added on lb1
    a1 = first(e1, "add", marks["restart"])
    if a1 is not None:
        res["preempt_s"] = a1 - marks["restart"]
    for k in ("rss_master_kb", "rss_backup_kb"):
        if k in marks:
            res[k] = marks[k]
    print(" ".join("%s=%.3f" % kv for kv in res.items()))


ROWS = [
    ("hard_over_mdi", "hard failover: last advert -> VIP on backup, minus MDI (ms)", "%.1f"),
    ("graceful_gap", "graceful handover VIP gap (ms; negative: both held it)", "%.1f"),
    ("stop_outage", "planned stop: client outage, 10 ms pings (ms)", "%.0f"),
    ("preempt_outage", "preempt back: client outage, 10 ms pings (ms)", "%.0f"),
    ("prio0_adverts", "priority-0 adverts sent on SIGTERM", "%.0f"),
    ("preempt_s", "preempt back after restart (s)", "%.2f"),
    ("rss_master_kb", "idle RSS after 10 s, master (MB)", "%.1f"),
    ("rss_backup_kb", "idle RSS after 10 s, backup (MB)", "%.1f"),
    ("adv_mean", "advert interval mean (ms)", "%.2f"),
    ("adv_stdev", "advert interval stdev (ms)", "%.2f"),
    ("adv_maxdev", "advert interval max |deviation| from 1 s (ms)", "%.2f"),
]


def table(path):
    data = {}  # impl -> key -> [values]
    order = []
    for line in open(path):
        f = line.split()
        if len(f) < 2:
            continue
        impl = f[0]
        if impl not in data:
            data[impl] = {}
            order.append(impl)
        for kv in f[2:]:
            k, v = kv.split("=")
            data[impl].setdefault(k, []).append(float(v))
    w = max(len(r[1]) for r in ROWS)
    cw = 30
    print("%-*s  %s" % (w, "median [min..max]", "".join("%-*s" % (cw, i) for i in order)))
    for key, label, fmt in ROWS:
        cells = []
        for impl in order:
            vals = data[impl].get(key, [])
            if key.startswith("rss"):
                vals = [v / 1024.0 for v in vals]
            if not vals:
                cells.append("n/a")
                continue
            med = statistics.median(vals)
            cell = (fmt % med) + " [" + (fmt % min(vals)) + ".." + (fmt % max(vals)) + "]"
            cells.append(cell)
        print("%-*s  %s" % (w, label, "".join("%-*s" % (cw, c) for c in cells)))
    runs = {i: max((len(v) for v in data[i].values()), default=0) for i in order}
    print("runs: " + ", ".join("%s %d" % (i, n) for i, n in runs.items()))


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "run":
        run(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "table":
        table(sys.argv[2])
    else:
        sys.exit(__doc__)
