#!/usr/bin/env bash
# Benchmarks/failover.sh [RUNS] — keepvip against keepalived (run as root).
#
# Both implementations run the same way in the same namespaces (reference
# config, lb1 priority 101, lb2 priority 100, advert_int 1 s), alternating run
# by run. One run:
#   start lb1, wait for the VIP; start lb2            -> idle RSS 10 s after each start
#   ADVERTS (20) adverts from the settled master      -> advert interval mean/stdev/max dev
#   SIGTERM lb1                                        -> graceful VIP gap (removed on lb1 ->
#                                                         added on lb2, `ip -ts monitor address`)
#                                                         and the client's outage (10 ms pings)
#   restart lb1, wait for preemption                   -> preempt time, client outage
#   SIGKILL lb1 + link down                            -> hard failover: lb1's last advert
#                                                         (tcpdump on the bridge) -> VIP added on
#                                                         lb2, minus Master_Down_Interval 3.609375 s
# Prints per-run figures, then a table of median [min..max] over RUNS (default 5).
# keepvip is benchmarked when $KEEPVIPD (default .build/release/keepvipd) exists;
# IMPLS="keepalived" or "keepvip" restricts the set.

. "$(dirname "$0")/../Tests/Integration/lib/netns.sh"
kvi_require_root

RUNS=${1:-5}
ADVERTS=${ADVERTS:-20}
FIG=$(cd "$(dirname "$0")" && pwd)/failover_figures.py
RESULTS=$KVI_RUN_DIR/results.tsv

kvi_bench_impls

kvi_topology_up lb1 lb2 client || { echo "could not build the namespace topology"; exit 1; }
kvi_reference_confs

err() { echo "  run failed: $*"; KVI_NFAIL=$((KVI_NFAIL + 1)); }
settled() { kvi_has_vip lb1 && kvi_no_vip lb2; }
mark() { echo "$1 ${2:-$(kvi_now_us)}" >>"$marks"; }

# wait_until EPOCH_US: poll until the wall clock passes it
wait_until() { while (($(kvi_now_us) < $1)); do sleep 0.05; done; }

one_run() { # IMPL RUN
    local impl=$1 r=$2 tag="$1-$2" t1 t2 tm
    marks=$KVI_RUN_DIR/$tag.marks
    : >"$marks"
    kvi_capture_start "$tag" br0 vrrp || { err "tcpdump"; return 1; }
    kvi_monitor_start lb1 "$KVI_RUN_DIR/$tag.lb1.addrmon"
    kvi_monitor_start lb2 "$KVI_RUN_DIR/$tag.lb2.addrmon"
    sleep 0.2

    t1=$(kvi_now_us)
    kvi_start_node lb1 "$impl" || { err "start lb1"; return 1; }
    kvi_wait_vip lb1 8 || { err "lb1 never took the VIP"; return 1; }
    tm=$(kvi_now_us)
    mark master1 "$tm"
    ip netns exec "$(kvi_ns client)" ping -D -n -i 0.01 -W 1 "$KVI_VIP" >"$KVI_RUN_DIR/$tag.ping" 2>&1 &
    local pinger=$!
    KVI_PIDS+=("$pinger")
    t2=$(kvi_now_us)
    kvi_start_node lb2 "$impl" || { err "start lb2"; return 1; }

    wait_until $((t1 + 10000000))
    mark rss_master_kb "$(kvi_rss_kb lb1)"
    wait_until $((t2 + 10000000))
    mark rss_backup_kb "$(kvi_rss_kb lb2)"
    wait_until $((tm + (ADVERTS + 1) * 1000000 + 500000)) # ADVERTS intervals
    settled || { err "not settled before SIGTERM"; return 1; }

    mark term
    kill -TERM "${KVI_NODE_PID[lb1]}"
    kvi_wait_vip lb2 5 || { err "no graceful takeover"; return 1; }
    kvi_term_node lb1 5

    kvi_link lb1 up
    mark restart
    kvi_start_node lb1 "$impl" || { err "restart lb1"; return 1; }
    kvi_wait 10 settled || { err "lb1 did not preempt"; return 1; }
    sleep 1.5 # a couple of adverts from the new master

    mark kill
    kill "$pinger" 2>/dev/null
    kvi_kill_node lb1
    kvi_link lb1 down
    kvi_wait_vip lb2 8 || { err "no hard takeover"; return 1; }
    sleep 0.3

    kvi_term_node lb2 5
    kvi_capture_stop "$tag"
    kvi_monitor_stop lb1
    kvi_monitor_stop lb2
    kvi_capture_text "$tag" >"$KVI_RUN_DIR/$tag.txt"
    local fig
    fig=$(python3 "$FIG" run "$KVI_RUN_DIR/$tag.txt" "$KVI_RUN_DIR/$tag.lb1.addrmon" \
        "$KVI_RUN_DIR/$tag.lb2.addrmon" "$marks" "$KVI_RUN_DIR/$tag.ping") || { err "parse"; return 1; }
    echo "$impl $r $fig" >>"$RESULTS"
    echo "  $impl run $r: $fig"
}

reset_hosts() { # back to a clean state whatever happened: no daemons, links up, no VIPs
    local h
    for h in lb1 lb2; do
        kvi_kill_node "$h"
        kvi_link "$h" up
        kvi_del_vip "$h"
    done
    kvi_capture_stop "${tag:-}" 2>/dev/null
    kvi_monitor_stop lb1
    kvi_monitor_stop lb2
}

echo "failover benchmark: ${impls[*]}, $RUNS runs each, $ADVERTS adverts per run (~40 s per run)"
: >"$RESULTS"
for ((r = 1; r <= RUNS; r++)); do
    for impl in "${impls[@]}"; do
        tag=$impl-$r
        one_run "$impl" "$r"
        reset_hosts
    done
done

echo
python3 "$FIG" table "$RESULTS"
echo "Master_Down_Interval 3609.375 ms, Skew_Time 609.375 ms (priority 100, advert_int 1 s)"
[[ $KVI_NFAIL -eq 0 ]]
