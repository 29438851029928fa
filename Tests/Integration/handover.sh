#!/usr/bin/env bash
# handover.sh PEER — make-before-break: lb1 (keepvip, priority 150) hands the VIP to lb2 (PEER:
# keepvip or keepalived, priority 100) while a client pings it every 10 ms:
#   stop:         SIGTERM lb1 -> lb2 takes over; lb1 removed the VIP only after lb2 had it
#   preempt back: lb1 starts again and preempts
#   maintenance:  `keepvip handover` on lb1 -> lb2 takes over; status shows maintenance; a restart
#                 of lb1 keeps it in maintenance (lb2 stays Active); `keepvip handover --cancel`
#                 -> lb1 preempts back
# Each step loses at most MAX_LOST pings (default 5: 50 ms, generous for CI; the benchmark prints
# the tight figure). Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

PEER=${1:-keepvip}
T="handover[$PEER]"
MAX_LOST=${MAX_LOST:-5}
KEEPVIP=${KEEPVIP:-$KVI_REPO_ROOT/.build/release/keepvip}

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }
for impl in keepvip "$PEER"; do why=$(kvi_impl_available "$impl") || fatal "$T setup" "$why"; done

kvi_topology_up lb1 lb2 client || fatal "$T setup" "could not build the namespace topology"
kvi_gen_conf loadbalancer1 BACKUP 150 192.0.2.11 192.0.2.12 >"$KVI_RUN_DIR/lb1.conf"
kvi_gen_conf loadbalancer2 BACKUP 100 192.0.2.12 192.0.2.11 >"$KVI_RUN_DIR/lb2.conf"
kvi_start_node lb1 keepvip || fatal "$T start lb1" "could not start keepvipd"
kvi_wait_vip lb1 6 || fatal "$T lb1 Active" "no VIP on lb1"
kvi_start_node lb2 "$PEER" || fatal "$T start lb2" "could not start $PEER"
sleep 2
sock=$(kvi_control_socket lb1)

# during SECONDS STEP…: ping the VIP every 10 ms for SECONDS while STEP runs (after 1 s); sets LOST, SENT
during() {
    local seconds=$1 out=$KVI_RUN_DIR/ping.out pid
    shift
    ip netns exec "$(kvi_ns client)" ping -n -q -i 0.01 -W 0.2 -w "$seconds" "$KVI_VIP" >"$out" 2>&1 &
    pid=$!
    KVI_PIDS+=("$pid")
    sleep 1
    "$@"
    wait "$pid"
    read -r SENT received < <(awk '/packets transmitted/ { print $1, $4 }' "$out")
    LOST=$((${SENT:-0} - ${received:-0}))
}
# lost_at_most STEP: a check that the last `during` lost at most MAX_LOST pings
lost_at_most() {
    if ((${SENT:-0} < 200)); then
        kvi_fail "$T $1: client outage" "only ${SENT:-0} pings sent"
    else
        kvi_check "$T $1: $LOST of $SENT pings lost (at most $MAX_LOST)" "$LOST lost" test "$LOST" -le "$MAX_LOST"
    fi
}

# ---- planned stop ----
m1=$(kvi_log_mark lb1)
during 6 kvi_term_node lb1
lost_at_most "SIGTERM of the Active host"
kvi_check "$T lb2 holds the VIP" "no VIP on lb2" kvi_has_vip lb2
kvi_check "$T lb1 released it after lb2 took over" "no hand-over line in lb1's log" \
    kvi_log_has lb1 "$m1" "(loadbalancer1) 192.0.2.12 took over; releasing the VIPs held for the handover"

# ---- preempt back ----
start_lb1() { kvi_start_node lb1 keepvip && kvi_wait_vip lb1 8; }
during 8 start_lb1
lost_at_most "lb1 preempts back after a restart"
kvi_check "$T lb1 Active again" "no VIP on lb1" kvi_has_vip lb1
sleep 1

# ---- maintenance ----
handover() { "$KEEPVIP" handover --control-socket "$sock" >"$KVI_RUN_DIR/handover.out" 2>&1 && kvi_wait_vip lb2 5; }
during 6 handover
lost_at_most "keepvip handover"
kvi_check "$T it says what it did" "$(cat "$KVI_RUN_DIR/handover.out")" \
    grep -qx "loadbalancer1: maintenance on: priority 0 sent, VIPs held until a peer takes over" "$KVI_RUN_DIR/handover.out"
status=$("$KEEPVIP" status --control-socket "$sock" | grep -m1 '^loadbalancer1 ')
kvi_check "$T status shows Backup in maintenance" "$status" bash -c '[[ $0 == *"Backup (BACKUP), maintenance"* ]]' "$status"
kvi_term_node lb1
kvi_start_node lb1 keepvip || fatal "$T restart lb1" "could not start keepvipd"
stays_backup() { kvi_has_vip lb2 && kvi_no_vip lb1; }
kvi_check "$T a restarted lb1 stays in maintenance (lb2 keeps the VIP for 6 s)" "lb1 took the VIP" kvi_hold 6 stays_backup
cancel() { "$KEEPVIP" handover --cancel --control-socket "$sock" >/dev/null && kvi_wait_vip lb1 8; }
during 9 cancel
lost_at_most "keepvip handover --cancel: lb1 preempts back"
kvi_check "$T lb1 Active again after --cancel" "no VIP on lb1" kvi_has_vip lb1
finish
