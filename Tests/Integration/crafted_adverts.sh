#!/usr/bin/env bash
# crafted_adverts.sh IMPL — adverts keepalived drops must not move the VIP: the Active host (lb1,
# priority 101) gets, from the Backup's own address (192.0.2.12, a configured peer, right
# password), priority-254 adverts that are wrong in one way each:
#   8 bytes after the message (checksum over the message only)      -> length
#   another address list / one VIP more / none                       -> address_list
#   sent to 224.0.0.1, the subnet broadcast, 255.255.255.255         -> destination (unicast mode)
#   sent to 224.0.0.1, lb1's own address, the subnet broadcast       -> destination (multicast mode)
# After each kind lb1 must still hold the VIP (keepalived 2.2.7 drops all of these too); for keepvip
# the SIGUSR2 line must count the drops.
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

IMPL=${1:-keepvip}
T="crafted[$IMPL]"
SEND=$KVI_LIB_DIR/vrrp_send.py

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

why=$(kvi_impl_available "$IMPL") || fatal "$T setup" "$why"
kvi_topology_up lb1 lb2 || fatal "$T setup" "could not build the namespace topology"

# send LABEL COUNTER DESTINATION... -- vrrp_send.py options: 4 adverts from lb2's namespace
send() {
    local label=$1 counter=$2 dests=() opts=()
    shift 2
    while [[ $1 != -- ]]; do dests+=(--to "$1"); shift; done
    shift
    kvi_exec lb2 python3 "$SEND" --src 192.0.2.12 "${dests[@]}" --prio 254 --password passwordgoeshere \
        --count 4 "$@" >/dev/null 2>&1 &
    local pid=$!
    KVI_PIDS+=("$pid")
    if kvi_hold 5 kvi_has_vip lb1; then
        kvi_pass "$T $label: lb1 keeps the VIP"
    else
        kvi_fail "$T $label: lb1 keeps the VIP" "the VIP left lb1"
    fi
    wait "$pid" 2>/dev/null
    if [[ $IMPL == keepvip ]]; then
        local mark
        mark=$(kvi_log_mark lb1)
        kill -USR2 "${KVI_NODE_PID[lb1]}"
        kvi_check "$T $label: counted as $counter" "no '$counter=' in the statistics line" \
            kvi_wait_log lb1 "$mark" "$counter=" 3
    fi
    kvi_has_vip lb1 || fatal "$T $label" "the pair is no longer in its start state"
}

run_pair() { # MODE: unicast|multicast
    kvi_gen_vrrp_conf loadbalancer1 MASTER 101 lb1 lb2 transport="$1" >"$KVI_RUN_DIR/lb1.conf"
    kvi_start_node lb1 "$IMPL" || fatal "$T start lb1" "could not start $IMPL"
    kvi_wait_vip lb1 6 || fatal "$T $1: lb1 holds the VIP after start" "no $KVI_VIP on lb1 within 6s"
}

run_pair unicast
send "unicast, 8 trailing bytes" length 192.0.2.11 -- --trailing 8
send "unicast, another address list" address_list 192.0.2.11 -- --vip 192.0.2.201
send "unicast, one VIP more" address_list 192.0.2.11 -- --vip 192.0.2.200 --vip 192.0.2.201
send "unicast, no VIP" address_list 192.0.2.11 -- --no-vip
send "unicast, to 224.0.0.1" destination 224.0.0.1 -- 
send "unicast, to the subnet broadcast" destination 192.0.2.255 --
send "unicast, to 255.255.255.255" destination 255.255.255.255 --
kvi_term_node lb1 5

run_pair multicast
send "multicast, to 224.0.0.1" destination 224.0.0.1 --
send "multicast, to lb1's address" destination 192.0.2.11 --
send "multicast, to the subnet broadcast" destination 192.0.2.255 --
kvi_term_node lb1 5
finish
