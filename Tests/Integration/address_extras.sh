#!/usr/bin/env bash
# address_extras.sh IMPL1 IMPL2 — what moves with the VIP besides it, on the reference pair: lb1
# (priority 101) runs IMPL1, lb2 (priority 100) runs IMPL2, both with the VIP $KVI_VIP, two
# virtual_ipaddress_excluded addresses of both families (2001:db8::210/64 and 198.51.100.210/24 on
# ens5), two virtual_routes (198.51.100.0/25 via 192.0.2.1 from the VIP, 2001:db8:1::/48 via
# 2001:db8::1) and a virtual_rules entry (from the VIP, table 100, priority 100).
# Checks: the Active router holds all three addresses and both routes, the Backup none; adverts list
# the VIP only (so a keepalived peer still accepts them and stays Backup); the client reaches the
# excluded IPv6 address; SIGTERM moves everything to lb2; lb1 restarted takes it back, and lb2 lets
# it go.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

IMPL1=${1:-keepvip}
IMPL2=${2:-keepvip}
T="extras[$IMPL1,$IMPL2]"
EX6=2001:db8::210
EX4=198.51.100.210
MARGIN_S=1.5

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

for impl in "$IMPL1" "$IMPL2"; do
    why=$(kvi_impl_available "$impl") || fatal "$T setup" "$why"
done
kvi_topology_up lb1 lb2 client || fatal "$T setup" "could not build the namespace topology"

# The reference configuration with the extra blocks before the instance's closing brace.
with_extras() {
    kvi_gen_conf "$@" | sed '$d'
    cat <<EOF
    virtual_ipaddress_excluded {
        $EX6/64
        $EX4/24
    }
    virtual_routes {
        src $KVI_VIP 198.51.100.0/25 via 192.0.2.1
        2001:db8:1::/48 via 2001:db8::1
    }
    virtual_rules {
        from $KVI_VIP table 100 priority 100
    }
}
EOF
}
with_extras loadbalancer1 MASTER 101 192.0.2.11 192.0.2.12 >"$KVI_RUN_DIR/lb1.conf"
with_extras loadbalancer2 BACKUP 100 192.0.2.12 192.0.2.11 >"$KVI_RUN_DIR/lb2.conf"
kvi_capture_start all br0 vrrp || fatal "$T setup" "tcpdump did not start on the bridge"

routes() { # HOST: its two virtual routes and its rule, as `ip route` / `ip rule` show them
    ip -n "$(kvi_ns "$1")" -4 route show 198.51.100.0/25
    ip -n "$(kvi_ns "$1")" -6 route show 2001:db8:1::/48
    ip -n "$(kvi_ns "$1")" rule show pref 100
}
has_routes() {
    local out; out=$(routes "$1")
    [[ $out == *"198.51.100.0/25 via 192.0.2.1 dev ens5"*"src $KVI_VIP"* && $out == *"2001:db8:1::/48 via 2001:db8::1 dev ens5"*
        && $out == *"from $KVI_VIP lookup 100"* ]]
}
holds_all() { kvi_has_vip "$1" && kvi_has_vip "$1" "$EX6" && kvi_has_vip "$1" "$EX4" && has_routes "$1"; }
holds_none() { kvi_no_vip "$1" && kvi_no_vip "$1" "$EX6" && kvi_no_vip "$1" "$EX4" && [[ -z $(routes "$1") ]]; }
wait_mdi=$(awk -v a="$(kvi_fmt_s $KVI_MDI_US)" -v b="$MARGIN_S" 'BEGIN{print a+b}')

kvi_start_node lb1 "$IMPL1" || fatal "$T start lb1" "could not start $IMPL1"
kvi_check "$T lb1 holds the VIP, both excluded addresses, both routes and the rule" "not all on lb1: $(routes lb1 | tr '\n' ';')" kvi_wait "$wait_mdi" holds_all lb1
kvi_start_node lb2 "$IMPL2" || fatal "$T start lb2" "could not start $IMPL2"
active_lb1() { holds_all lb1 && holds_none lb2; }
kvi_check "$T lb2 accepts lb1's adverts and stays Backup" "lb2 took an address or route within ${wait_mdi}s" \
    kvi_hold "$wait_mdi" active_lb1
kvi_check "$T client reaches the excluded IPv6 address" "no echo reply from $EX6" kvi_ping_vip client 3 "$EX6"

kill -TERM "${KVI_NODE_PID[lb1]}"
active_lb2() { holds_all lb2 && holds_none lb1; }
kvi_check "$T SIGTERM hands all of it to lb2" "lb1/lb2 addresses wrong after ${MARGIN_S}s + Skew_Time" \
    kvi_wait 3 active_lb2
kvi_term_node lb1 5
kvi_check "$T client reaches the excluded IPv6 address on lb2" "no echo reply from $EX6" kvi_ping_vip client 8 "$EX6"

kvi_start_node lb1 "$IMPL1" || fatal "$T restart lb1" "could not start $IMPL1"
kvi_check "$T lb1 preempts back with all of it; lb2 lets it go" "not back on lb1" \
    kvi_wait "$(awk -v a="$wait_mdi" 'BEGIN{print a+1}')" active_lb1
sleep 1.2 # one more advert each way into the capture
kvi_capture_stop all

# tcpdump -v prints an advert's address list as "addrs: A,B".
lists=$(kvi_capture_text all -v | grep -o 'addrs: [^ ]*' | sort -u | tr '\n' ' ')
kvi_check "$T adverts list the VIP only" "address lists seen: $lists" [ "$lists" = "addrs: $KVI_VIP " ]
# A keepvip Backup logs an advert whose list differs from its VIPs: the peer must not list excluded ones.
for host in lb1 lb2; do
    [[ ${KVI_NODE_IMPL[$host]} == keepvip ]] || continue
    kvi_check "$T $host logs no address-list mismatch" "a 'differ from ours' line" \
        bash -c "! grep -q 'differ from ours' '$(kvi_logfile $host)'"
done

finish
