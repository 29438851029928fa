#!/usr/bin/env bash
# start_order.sh — two hosts started together never put the VIP on the lower priority first.
# lb2 (priority 100) is started first and lb1 (priority 150) right after it (a few ms later),
# RUNS times (default 10) for each case; the VIP must go to lb1 and lb2 must never enter MASTER:
#   keepvip / keepvip, VRRPv3 at 50 ms and at 10 ms
#   keepvip (lb2, the lower) / keepalived (lb1, the higher), VRRPv3 at 50 ms
# (keepalived as the lower router grabs the VIP on its own timer: not ours to fix, not run here.)
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

RUNS=${RUNS:-10}
T=start-order
finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }
for impl in keepvip keepalived; do why=$(kvi_impl_available "$impl") || fatal "$T setup" "$why"; done
kvi_topology_up lb1 lb2 || fatal "$T setup" "could not build the namespace topology"

# one_case HIGHER_IMPL INTERVAL: RUNS starts; counts the runs where lb2 took the VIP first
one_case() {
    local higher=$1 interval=$2 run flips=0 misses=0 m2
    kvi_gen_vrrp_conf loadbalancer1 BACKUP 150 lb1 lb2 version=3 advert="$interval" >"$KVI_RUN_DIR/lb1.conf"
    kvi_gen_vrrp_conf loadbalancer2 BACKUP 100 lb2 lb1 version=3 advert="$interval" >"$KVI_RUN_DIR/lb2.conf"
    for ((run = 1; run <= RUNS; run++)); do
        m2=$(kvi_log_mark lb2)
        kvi_start_node lb2 keepvip || fatal "$T start lb2" "could not start keepvipd"
        kvi_start_node lb1 "$higher" || fatal "$T start lb1" "could not start $higher"
        kvi_wait_vip lb1 3 || misses=$((misses + 1))
        sleep 0.5
        kvi_log_has lb2 "$m2" "(loadbalancer2) Entering MASTER STATE" && flips=$((flips + 1))
        kvi_term_node lb1
        kvi_term_node lb2
        kvi_del_vip lb1
        kvi_del_vip lb2
    done
    kvi_check "$T keepvip lower, $higher higher, v3 ${interval}s: lb1 first in $RUNS of $RUNS starts" \
        "lb2 entered MASTER in $flips runs, lb1 never got the VIP in $misses" test "$flips" -eq 0 -a "$misses" -eq 0
}

one_case keepvip 0.05
one_case keepvip 0.01
one_case keepalived 0.05
finish
