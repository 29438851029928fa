#!/usr/bin/env bash
# Benchmarks/reload.sh [INSTANCES] — a reload of a large configuration, keepvip against keepalived
# (run as root). One namespace with four links (veth pairs whose other ends sit unused in a second
# namespace); INSTANCES (default 1000) VRRPv3
# multicast instances at advert_int 1 s, a quarter on each interface (the last quarter IPv6), each
# with one VIP; nobody else on the links, so every instance is Active. Once all VIPs are up, the
# file is rewritten with a new priority on every tenth instance and the daemon gets SIGHUP.
# Figures, from a capture of every advert and the daemon's log:
#   change on the wire  SIGHUP -> first / last changed instance advertising its new priority (ms)
#   longest advert gap  of any instance, from 2 s before to 5 s after the SIGHUP (ms; 1000 = on time)
#   late adverts        adverts more than 1.2 s after the instance's previous one, in that window
#   transitions         state changes logged after the SIGHUP (a reload should cause none)
#   reload (self)       keepvipd's own "reload: … (read in R ms, applied in A ms)" (keepalived logs
#                       no duration)
# IMPLS="keepalived" or "keepvip" restricts the set.

. "$(dirname "$0")/../Tests/Integration/lib/netns.sh"
kvi_require_root

N=${1:-1000}
QUARTER=$(((N + 3) / 4))
((QUARTER <= 250)) || { echo "at most 1000 instances (250 VRIDs on each of 4 interfaces)"; exit 1; }
kvi_bench_impls

ns=$(kvi_ns lb1)
sink=$(kvi_ns sink)
ip netns add "$ns" || exit 1
KVI_NETNS+=("$ns")
ip netns add "$sink" || exit 1
KVI_NETNS+=("$sink")
ip -n "$ns" link set lo up
prefixes=(192.0.2 198.51.100 203.0.113)
for d in 0 1 2 3; do
    ip -n "$ns" link add "d$d" type veth peer name "p$d" netns "$sink"
    ip -n "$sink" link set "p$d" up
    ip -n "$ns" link set "d$d" up
    if ((d < 3)); then ip -n "$ns" addr add "${prefixes[d]}.254/24" dev "d$d"; fi
done
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.d3.accept_dad=0 >/dev/null
ip -n "$ns" addr add 2001:db8:3::fe/64 dev d3 nodad
sleep 1 # link-local addresses

conf() { # RAISED_PRIORITY: every tenth instance gets it
    local raised=$1 d v i=0 vip
    printf 'global_defs {\n    vrrp_version 3\n}\n'
    for d in 0 1 2 3; do
        for ((v = 1; v <= QUARTER && i < N; v++, i++)); do
            if ((d < 3)); then vip="${prefixes[d]}.$v/24"; else vip="2001:db8:3::$v/64"; fi
            printf 'vrrp_instance VI_%d_%d {\n    interface d%d\n    virtual_router_id %d\n' "$d" "$v" "$d" "$v"
            printf '    priority %d\n    advert_int 1\n' "$((i % 10 == 0 ? raised : 100))"
            printf '    virtual_ipaddress {\n        %s\n    }\n}\n' "$vip"
        done
    done
}

vip_count() { ip -n "$ns" -o addr show | grep -c -E ' (192\.0\.2|198\.51\.100|203\.0\.113)\.([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|250)/| 2001:db8:3::[0-9a-f]+/64' ; }

one_run() { # IMPL
    local impl=$1 conf_file=$KVI_RUN_DIR/lb1.conf cap=$KVI_RUN_DIR/$1.pcap t_hup mark
    conf 100 >"$conf_file"
    kvi_start_node lb1 "$impl" "$conf_file" || { echo "$impl: did not start"; return 1; }
    kvi_wait 60 bash -c "(( \$(ip -n '$ns' -o addr show | wc -l) >= $N ))" || { echo "$impl: VIPs never all up"; return 1; }
    # Past keepvipd's settling step (it pages out run-once code 5 s after the last transition).
    sleep 7
    ip netns exec "$ns" tcpdump -i any -n -B 65536 -w "$cap" "ip proto 112 or ip6 proto 112" 2>"$KVI_RUN_DIR/$impl.err" &
    local cpid=$!
    KVI_PIDS+=("$cpid")
    kvi_wait 5 grep -qs "listening on" "$KVI_RUN_DIR/$impl.err"
    sleep 3
    conf 110 >"$conf_file"
    mark=$(kvi_log_mark lb1)
    t_hup=$(kvi_now_us)
    kill -HUP "${KVI_NODE_PID[lb1]}"
    sleep 6
    kvi_ours "$cpid" && kill -INT "$cpid"
    wait "$cpid" 2>/dev/null
    grep -E "dropped by kernel" "$KVI_RUN_DIR/$impl.err" | grep -v "^0 " | sed "s/^/$impl: capture: /"
    local transitions self
    transitions=$(tail -n +"$((mark + 1))" "$(kvi_logfile lb1)" | grep -c "Entering")
    self=$(tail -n +"$((mark + 1))" "$(kvi_logfile lb1)" | sed -n 's/.*reload: .*(read in \([0-9]*\) ms, applied in \([0-9]*\) ms).*/read \1 + applied \2/p' | tail -1)
    tcpdump -r "$cap" -n -tt 2>/dev/null | python3 -c '
import sys
t_hup = int(sys.argv[1]) / 1e6
raised = set()
last, gaps, late = {}, [], 0
first_new, last_new, changed = None, None, set()
for line in sys.stdin:
    f = line.split()
    if "vrid" not in f: continue
    t = float(f[0]); src = f[f.index("IP" if "IP" in f else "IP6") + 1]
    vrid = f[f.index("vrid") + 1].rstrip(","); prio = int(f[f.index("prio") + 1].rstrip(","))
    key = (src, vrid)
    if key in last and t_hup - 2 <= t <= t_hup + 5:
        gap = t - last[key]; gaps.append(gap)
        if gap > 1.2: late += 1
    last[key] = t
    if prio == 110 and t >= t_hup:
        first_new = first_new or t
        if key not in changed: changed.add(key); last_new = t
print("changed-on-wire first %.1f ms, last %.1f ms (%d instances)  longest-gap %.1f ms  late %d" % (
    ((first_new or t_hup) - t_hup) * 1e3, ((last_new or t_hup) - t_hup) * 1e3, len(changed),
    max(gaps) * 1e3 if gaps else 0, late))
' "$t_hup" | sed "s/^/$impl: /; s/\$/  transitions $transitions  reload(self) ${self:-n\/a} ms/"
    kvi_term_node lb1 20
    ip -n "$ns" -o addr show | awk '/ (192\.0\.2|198\.51\.100|203\.0\.113)\.[0-9]+\/24/ && $4 !~ /\.254\// { print $2, $4 }' |
        while read -r dev a; do ip -n "$ns" addr del "$a" dev "$dev"; done
    ip -n "$ns" -6 addr flush dev d3 scope global
    ip -n "$ns" addr add 2001:db8:3::fe/64 dev d3 nodad
}

echo "reload benchmark: $N instances (VRRPv3, 1 s), $((N / 10)) of them change priority 100 -> 110"
for impl in "${impls[@]}"; do one_run "$impl"; done
