#!/usr/bin/env bash
# reload.sh IMPL1 IMPL2 — a reload (SIGHUP) moves nothing that did not change.
# lb1 (priority 150, Active) runs IMPL1, lb2 (priority 100) runs IMPL2; at least
# one of them is keepvip. A client pings the VIP every 10 ms throughout.
#   rolling:  lb2 then lb1 reload a file that adds a VIP and raises the priority
#             by 10 -> no ping lost (when lb1 is keepvip), lb2 never takes a VIP,
#             the new VIP answers, the new priority is on the wire, keepvip logs
#             one summary line naming the change
#   broken:   a file with an error -> refused with file:line:column, the old
#             configuration keeps running (keepvip only)
#   removed:  the instance removed from the Active keepvip -> it resigns with
#             priority 0 and the peer takes over after Skew_Time
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

IMPL1=${1:-keepvip}
IMPL2=${2:-keepvip}
T="reload[$IMPL1,$IMPL2]"
VIP2=192.0.2.201

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

for impl in "$IMPL1" "$IMPL2"; do
    why=$(kvi_impl_available "$impl") || fatal "$T setup" "$why"
done

# conf NAME PRIORITY SELF PEER [EXTRA_VIP]: the reference instance (kvi_gen_conf), with one more VIP.
conf() {
    local extra=${5:-}
    kvi_gen_conf "$1" BACKUP "$2" "${KVI_HOST_IP[$3]}" "${KVI_HOST_IP[$4]}" |
        if [[ -n $extra ]]; then sed "s|^\( *\)$KVI_VIP/24\$|&\n\1$extra/24|"; else cat; fi
}

reload_node() { # HOST: SIGHUP the daemon (keepalived: its parent)
    kill -HUP "${KVI_NODE_PID[$1]}"
}

kvi_topology_up lb1 lb2 client || fatal "$T setup" "could not build the namespace topology"
conf loadbalancer1 150 lb1 lb2 >"$KVI_RUN_DIR/lb1.conf"
conf loadbalancer2 100 lb2 lb1 >"$KVI_RUN_DIR/lb2.conf"
kvi_capture_start all br0 vrrp || fatal "$T setup" "tcpdump did not start on the bridge"

kvi_start_node lb1 "$IMPL1" || fatal "$T start lb1" "could not start $IMPL1"
kvi_wait_vip lb1 6 || fatal "$T lb1 holds the VIP after start" "no $KVI_VIP on lb1 within 6s"
m2=$(kvi_log_mark lb2)
kvi_start_node lb2 "$IMPL2" || fatal "$T start lb2" "could not start $IMPL2"
kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering BACKUP STATE" 5 ||
    fatal "$T lb2 is Backup" "no '(loadbalancer2) Entering BACKUP STATE' within 5s"
kvi_pass "$T lb1 Active, lb2 Backup"
kvi_monitor_start lb2
sleep 1

# ---- rolling reload under a 10 ms ping ----
m1=$(kvi_log_mark lb1)
m2=$(kvi_log_mark lb2)
ping_out=$KVI_RUN_DIR/ping.out
ip netns exec "$(kvi_ns client)" ping -n -q -i 0.01 -W 0.2 -w 9 "$KVI_VIP" >"$ping_out" 2>&1 &
ping_pid=$!
KVI_PIDS+=("$ping_pid")
sleep 1
t_reload=$(kvi_now_us)
conf loadbalancer2 110 lb2 lb1 "$VIP2" >"$KVI_RUN_DIR/lb2.conf"
reload_node lb2
sleep 1
conf loadbalancer1 160 lb1 lb2 "$VIP2" >"$KVI_RUN_DIR/lb1.conf"
reload_node lb1
wait "$ping_pid"
read -r sent received < <(awk '/packets transmitted/ { print $1, $4 }' "$ping_out")
lost=$((${sent:-0} - ${received:-0}))
if [[ ${sent:-0} -lt 500 ]]; then
    kvi_fail "$T client pings during the rolling reload" "only ${sent:-0} sent: $(tail -2 "$ping_out" | head -1)"
elif [[ $IMPL1 == keepvip ]]; then
    kvi_check "$T no ping lost during the rolling reload ($sent sent)" "$lost of $sent lost" test "$lost" -eq 0
else
    kvi_info "$T $lost of $sent pings lost while $IMPL1 (Active) reloaded"
fi
kvi_monitor_stop lb2
if grep -qE "inet $KVI_VIP/|inet $VIP2/" "$KVI_RUN_DIR/lb2.addrmon"; then
    kvi_fail "$T lb2 never takes a VIP" "$(grep -E "$KVI_VIP/|$VIP2/" "$KVI_RUN_DIR/lb2.addrmon" | head -1)"
else
    kvi_pass "$T lb2 never takes a VIP"
fi
kvi_check "$T lb2 never logs MASTER" "lb2 logged MASTER during the reload" \
    bash -c "! grep -qF '(loadbalancer2) Entering MASTER STATE' <(tail -n +$((m2 + 1)) '$(kvi_logfile lb2)')"
kvi_check "$T the new VIP is on lb1" "$VIP2 not on lb1" kvi_wait_vip lb1 3 "$VIP2"
kvi_check "$T the new VIP answers" "no echo reply from $VIP2" kvi_ping_vip client 3 "$VIP2"
sleep 1.5
kvi_capture_stop all
prio=$(kvi_capture_text all | awk -v t0="$t_reload" '
    { split($1, a, "."); us = a[1] * 1000000 + a[2] }
    us >= t0 && $3 == "192.0.2.11" && /prio 160,/ { n++ } END { print n + 0 }')
kvi_check "$T priority 160 on the wire after the reload" "no advert with prio 160 from 192.0.2.11" test "$prio" -gt 0
for h in lb1 lb2; do
    [[ ${KVI_NODE_IMPL[$h]} == keepvip ]] || continue
    n=${h#lb}
    want="reload: 0 unchanged, 1 changed (loadbalancer$n: priority $((50 * (2 - n) + 100))→$((50 * (2 - n) + 110)), +1 VIP), 0 added, 0 removed"
    mark=$m1; [[ $h == lb2 ]] && mark=$m2
    kvi_check "$T $h logs the reload summary" "no '$want' in $h's log" kvi_wait_log "$h" "$mark" "$want" 3
done

# ---- a broken file is refused; the running configuration stays ----
for h in lb1 lb2; do
    [[ ${KVI_NODE_IMPL[$h]} == keepvip ]] || continue
    mark=$(kvi_log_mark "$h")
    cp "$KVI_RUN_DIR/$h.conf" "$KVI_RUN_DIR/$h.good"
    printf 'vrrp_instance broken {\n    interface ens5\n    virtual_router_id 300\n}\n' >>"$KVI_RUN_DIR/$h.conf"
    reload_node "$h"
    kvi_check "$T $h refuses a broken file" "no 'reload refused: N error(s); still running the configuration loaded at' line" \
        kvi_wait_log "$h" "$mark" "error(s); still running the configuration loaded at" 3
    kvi_check "$T $h names the error's position" "no '$h.conf:' position in the error" \
        kvi_log_has "$h" "$mark" "$h.conf:"
    cp "$KVI_RUN_DIR/$h.good" "$KVI_RUN_DIR/$h.conf"
done
still() { kvi_has_vip lb1 && kvi_has_vip lb1 "$VIP2" && kvi_no_vip lb2; }
kvi_check "$T after a refused reload lb1 keeps both VIPs" "the VIPs moved" kvi_hold 2 still

# ---- an instance removed from the Active keepvip: the peer takes over ----
if [[ $IMPL1 == keepvip ]]; then
    m2=$(kvi_log_mark lb2)
    cat >"$KVI_RUN_DIR/lb1.conf" <<EOF
vrrp_instance other {
    interface ens5
    virtual_router_id 102
    priority 100
    unicast_src_ip 192.0.2.11
    unicast_peer {
        192.0.2.13
    }
    virtual_ipaddress {
        203.0.113.1/24
    }
}
EOF
    reload_node lb1
    if kvi_wait_vip lb2 2.5; then
        kvi_pass "$T removed instance: lb2 takes over in $(kvi_fmt_s $KVI_WAITED_US)s (Skew_Time of priority 110: 0.570s)"
    else
        kvi_fail "$T removed instance: lb2 takes over" "no VIP on lb2 within 2.5s"
    fi
    kvi_check "$T removed instance releases its VIPs on lb1" "a VIP is still on lb1" \
        kvi_wait 2 bash -c "! ip -n '$(kvi_ns lb1)' -4 -o addr show dev ens5 | grep -qE ' ($KVI_VIP|$VIP2)/'"
    kvi_check "$T lb1 logs the removal" "no 'removed from the configuration' line" \
        kvi_log_has lb1 "$m1" "(loadbalancer1) removed from the configuration; leaving service"
fi

for h in lb1 lb2; do
    kvi_term_node "$h" 5
    kvi_check "$T $h exits 0" "exit status $KVI_RC" test "$KVI_RC" -eq 0
done
finish
