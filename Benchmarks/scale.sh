#!/usr/bin/env bash
# Benchmarks/scale.sh [INSTANCES] [SECONDS] [RUNS] — many instances at a short interval, keepvip beside
# keepalived (run as root).
#
# Two hosts joined by four veth pairs (four segments); INSTANCES (default 200, at most 1000) VRRPv3
# multicast instances at advert_int 0.1 s, a quarter on each segment (the fourth one IPv6), one VIP
# each; lb1 has priority 200 and is Active for all of them, lb2 priority 100. Both start together;
# once lb1 holds every VIP and both have settled, for SECONDS (default 30):
#   CPU        each host's daemon processes (keepalived: parent + VRRP child), % of one core
#   takeovers  lb2 entering MASTER (a Backup that misses adverts), and lb1 leaving it
# then, with the daemons still running:
#   PSS, private and anonymous memory of each host (smaps_rollup, MB) and per instance
#   advert timing: 10 s captured on lb2's end of the first segment; each VRID's gaps minus 100 ms,
#   p50 / p99 / max over all of them (ms), and gaps over 300 ms
# RUNS (default 3) alternate the implementations; a table of median [min..max] follows.
# IMPLS="keepalived" or "keepvip" restricts the set.

. "$(dirname "$0")/../Tests/Integration/lib/netns.sh"
kvi_require_root

N=${1:-200}
SECONDS_MEASURED=${2:-30}
RUNS=${3:-3}
QUARTER=$(((N + 3) / 4))
((QUARTER <= 250)) || { echo "at most 1000 instances (250 VRIDs on each of 4 segments)"; exit 1; }
kvi_bench_impls

prefixes=(192.0.2 198.51.100 203.0.113)
declare -A host_octet=([lb1]=253 [lb2]=254)
for h in lb1 lb2; do
    ns=$(kvi_ns "$h")
    ip netns add "$ns" || exit 1
    KVI_NETNS+=("$ns")
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 >/dev/null
done
for d in 0 1 2 3; do
    ip -n "$(kvi_ns lb1)" link add "d$d" type veth peer name "d$d" netns "$(kvi_ns lb2)" || exit 1
    for h in lb1 lb2; do
        if ((d < 3)); then
            ip -n "$(kvi_ns "$h")" addr add "${prefixes[d]}.${host_octet[$h]}/24" dev "d$d"
        else
            ip -n "$(kvi_ns "$h")" addr add "2001:db8:3::${host_octet[$h]}/64" dev "d$d" nodad
        fi
        ip -n "$(kvi_ns "$h")" link set "d$d" up
    done
done
sleep 2 # IPv6 link-local addresses

conf() { # PRIORITY
    local d v i=0 vip
    printf 'global_defs {\n    vrrp_version 3\n}\n'
    for d in 0 1 2 3; do
        for ((v = 1; v <= QUARTER && i < N; v++, i++)); do
            if ((d < 3)); then vip="${prefixes[d]}.$v/24"; else vip="2001:db8:3::$v/64"; fi
            printf 'vrrp_instance VI_%d_%d {\n    interface d%d\n    virtual_router_id %d\n' "$d" "$v" "$d" "$v"
            printf '    priority %d\n    advert_int 0.1\n' "$1"
            printf '    virtual_ipaddress {\n        %s\n    }\n}\n' "$vip"
        done
    done
}
conf 200 >"$KVI_RUN_DIR/lb1.conf"
conf 100 >"$KVI_RUN_DIR/lb2.conf"

vip_count() { # HOST
    ip -n "$(kvi_ns "$1")" -o addr show | grep -c -E ' (192\.0\.2|198\.51\.100|203\.0\.113)\.([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|250)/| 2001:db8:3::[0-9a-f]{1,3}/64'
}
cpu_ticks() { # HOST: utime + stime of the daemon's processes, in clock ticks
    local pid sum=0 t
    for pid in $(kvi_node_pids "$1"); do
        t=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null)
        sum=$((sum + ${t:-0}))
    done
    echo "$sum"
}
memory_kb() { # HOST: "pss private anonymous" in kB, summed over the daemon's processes
    local pid
    for pid in $(kvi_node_pids "$1"); do cat "/proc/$pid/smaps_rollup"; done |
        awk '/^Pss:/ { p += $2 } /^Private_(Clean|Dirty):/ { v += $2 } /^Anonymous:/ { a += $2 }
             END { print p + 0, v + 0, a + 0 }'
}
count_log() { # HOST FROM STRING
    tail -n +"$(($2 + 1))" "$(kvi_logfile "$1")" | grep -cF -- "$3"
}

RESULTS=$KVI_RUN_DIR/scale.tsv
: >"$RESULTS"
hz=$(getconf CLK_TCK)

one_run() { # IMPL
    local impl=$1 t0 c1 c2 m1 m2 a b cap=$KVI_RUN_DIR/$1.pcap cpid
    kvi_start_node lb1 "$impl" "$KVI_RUN_DIR/lb1.conf" && kvi_start_node lb2 "$impl" "$KVI_RUN_DIR/lb2.conf" ||
        { echo "$impl: did not start"; return 1; }
    kvi_wait 60 bash -c "(( \$(ip -n '$(kvi_ns lb1)' -o addr show | wc -l) >= $N ))" ||
        { echo "$impl: lb1 never held all VIPs"; kvi_term_node lb2 20; kvi_term_node lb1 20; return 1; }
    # Past keepvipd's settling step (it pages out run-once code 5 s after the last transition).
    sleep 8
    m1=$(kvi_log_mark lb1)
    m2=$(kvi_log_mark lb2)
    c1=$(cpu_ticks lb1)
    c2=$(cpu_ticks lb2)
    t0=$(kvi_now_us)
    sleep "$SECONDS_MEASURED"
    a=$((($(cpu_ticks lb1) - c1) * 100000000000 / hz / ($(kvi_now_us) - t0)))
    b=$((($(cpu_ticks lb2) - c2) * 100000000000 / hz / ($(kvi_now_us) - t0)))
    local takeovers left vips1 vips2
    takeovers=$(count_log lb2 "$m2" "Entering MASTER STATE")
    left=$(count_log lb1 "$m1" "Entering BACKUP STATE")
    vips1=$(vip_count lb1)
    vips2=$(vip_count lb2)
    read -r p1 v1 an1 <<<"$(memory_kb lb1)"
    read -r p2 v2 an2 <<<"$(memory_kb lb2)"
    ip netns exec "$(kvi_ns lb2)" tcpdump -i d0 -n -B 65536 -w "$cap" "ip proto 112" 2>"$KVI_RUN_DIR/$impl.err" &
    cpid=$!
    KVI_PIDS+=("$cpid")
    kvi_wait 5 grep -qs "listening on" "$KVI_RUN_DIR/$impl.err"
    sleep 10
    kvi_ours "$cpid" && kill -INT "$cpid"
    wait "$cpid" 2>/dev/null
    local timing
    timing=$(tcpdump -r "$cap" -n -tt 2>/dev/null | python3 -c '
import sys
last, errors, late = {}, [], 0
for line in sys.stdin:
    f = line.split()
    if "vrid" not in f: continue
    t = float(f[0]); vrid = f[f.index("vrid") + 1].rstrip(",")
    if vrid in last:
        gap = (t - last[vrid]) * 1e3
        errors.append(gap - 100)
        if gap > 300: late += 1
    last[vrid] = t
errors.sort()
q = lambda p: errors[min(len(errors) - 1, int(p * len(errors)))] if errors else float("nan")
print("%.3f %.3f %.3f %d %d" % (q(0.5), q(0.99), errors[-1] if errors else float("nan"), late, len(errors)))
')
    # impl cpu1 cpu2 pss1 priv1 anon1 pss2 priv2 anon2 takeovers left vips1 vips2 p50 p99 max late gaps
    echo "$impl $a $b $p1 $v1 $an1 $p2 $v2 $an2 $takeovers $left $vips1 $vips2 $timing" >>"$RESULTS"
    echo "  run: $impl $(tail -1 "$RESULTS" | cut -d' ' -f2-)"
    kvi_term_node lb2 20
    kvi_term_node lb1 20
}

echo "scale benchmark: $N instances, VRRPv3 multicast at 100 ms on 4 segments, $SECONDS_MEASURED s measured, $RUNS runs each"
echo "  (run lines: cpu1 cpu2 [% x1000]  pss/private/anonymous kB lb1, lb2  takeovers left vips1 vips2  p50 p99 max late gaps)"
for r in $(seq "$RUNS"); do
    for impl in "${impls[@]}"; do one_run "$impl" || echo "  run $r of $impl failed"; done
done

python3 - "$RESULTS" "$N" <<'EOF'
import statistics, sys
n = int(sys.argv[2])
runs = {}
for line in open(sys.argv[1]):
    f = line.split()
    runs.setdefault(f[0], []).append([float(x) for x in f[1:]])
impls = list(runs)
def cell(values, fmt):
    return (fmt % statistics.median(values)) + " [" + (fmt % min(values)) + ".." + (fmt % max(values)) + "]"
rows = [
    ("CPU, Active host (lb1), % of a core", 0, "%.1f", 1e-3),
    ("CPU, Backup host (lb2), % of a core", 1, "%.1f", 1e-3),
    ("PSS, Active host (MB)", 2, "%.1f", 1 / 1024),
    ("private, Active host (MB)", 3, "%.1f", 1 / 1024),
    ("anonymous, Active host (MB)", 4, "%.1f", 1 / 1024),
    ("PSS, Backup host (MB)", 5, "%.1f", 1 / 1024),
    ("private, Backup host (MB)", 6, "%.1f", 1 / 1024),
    ("PSS per instance, Active host (kB)", 2, "%.1f", 1 / n),
    ("Backup took over (times)", 8, "%.0f", 1),
    ("Active gave up (times)", 9, "%.0f", 1),
    ("VIPs on lb1 / lb2 at the end", None, None, None),
    ("advert gap - 100 ms, p50 (ms)", 12, "%+.3f", 1),
    ("advert gap - 100 ms, p99 (ms)", 13, "%+.3f", 1),
    ("advert gap - 100 ms, max (ms)", 14, "%+.3f", 1),
    ("advert gaps over 300 ms", 15, "%.0f", 1),
]
print("median [min..max]".ljust(40) + "".join(i.ljust(26) for i in impls))
for label, index, fmt, scale in rows:
    cells = []
    for impl in impls:
        if index is None:
            cells.append(" ".join("%d/%d" % (r[10], r[11]) for r in runs[impl]))
        else:
            cells.append(cell([r[index] * scale for r in runs[impl]], fmt))
    print(label.ljust(40) + "".join(c.ljust(26) for c in cells))
print("runs: " + ", ".join("%s %d" % (i, len(runs[i])) for i in impls))
EOF
kvi_summary >/dev/null
