#!/usr/bin/env bash
# daemon_behaviour.sh — what keepvipd does with a bad configuration, a missing interface,
# SIGHUP / SIGUSR2 and no_accept, and what `keepvip check` reports (run as root).
. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

KEEPVIP=${KEEPVIP:-$KVI_REPO_ROOT/.build/release/keepvip}
T=daemon
kvi_topology_up lb1 client || { kvi_fail "$T setup" "topology"; kvi_summary; exit 1; }

# --- versions
kvi_check "$T keepvipd --version" "no version line" \
    bash -c "'$KEEPVIPD' --version | grep -qE '^keepvipd [0-9]+\.[0-9]+\.[0-9]+$'"
kvi_check "$T keepvip --version" "no version line" \
    bash -c "'$KEEPVIP' --version | grep -qE '^[0-9]+\.[0-9]+\.[0-9]+$'"

# --- a configuration error: refused with file:line:column, nothing applied
bad=$KVI_RUN_DIR/bad.conf
kvi_gen_conf loadbalancer1 MASTER 101 192.0.2.11 192.0.2.12 | sed 's/virtual_router_id 101/virtual_router_id 256/' >"$bad"
kvi_check "$T check refuses VRID 256" "keepvip check did not exit 1 naming bad.conf:4:23" \
    bash -c "'$KEEPVIP' check -f '$bad' | grep -q 'bad.conf:4:23: error: .*virtual_router_id'; [[ \${PIPESTATUS[0]} -eq 1 ]]"
kvi_start_node lb1 keepvip "$bad"
pid=${KVI_NODE_PID[lb1]}
if kvi_wait 5 kvi_exited "$pid"; then
    wait "$pid"; rc=$?
    kvi_check "$T keepvipd refuses a bad file" "exit status $rc, expected 1" [ "$rc" -eq 1 ]
else
    kvi_fail "$T keepvipd refuses a bad file" "still running after 5 s"
    kvi_kill_node lb1
fi
KVI_NODE_PID[lb1]=
kvi_check "$T refusal names the position" "no bad.conf:4:23 in the log" kvi_log_has lb1 0 "bad.conf:4:23: error:"
kvi_check "$T refusal applies nothing" "the VIP appeared" kvi_hold 1 kvi_no_vip lb1

# --- a good file checks clean
good=$KVI_RUN_DIR/good.conf
kvi_gen_conf loadbalancer1 MASTER 101 192.0.2.11 192.0.2.12 >"$good"
kvi_check "$T check accepts the reference" "keepvip check did not exit 0" \
    kvi_exec lb1 "$KEEPVIP" check -f "$good" -q

# --- a missing interface holds its instance out of service; the others run
two=$KVI_RUN_DIR/two.conf
{
    kvi_gen_conf loadbalancer1 MASTER 101 192.0.2.11 192.0.2.12
    cat <<'CONF'
vrrp_instance late {
    interface ens9
    virtual_router_id 102
    priority 150
    advert_int 1
    virtual_ipaddress {
        198.51.100.200/24
    }
}
CONF
} >"$two"
mark=$(kvi_log_mark lb1)
kvi_start_node lb1 keepvip "$two"
kvi_check "$T missing interface is logged" "no 'held out of service' line" \
    kvi_wait_log lb1 "$mark" "(late) interface ens9 does not exist; instance held out of service until it appears" 3
kvi_check "$T other instances run" "loadbalancer1 did not take the VIP" kvi_wait_vip lb1 6
ip -n "$(kvi_ns lb1)" link add ens9 type veth peer name ens9p
ip -n "$(kvi_ns lb1)" addr add 198.51.100.1/24 dev ens9
ip -n "$(kvi_ns lb1)" link set ens9p up
ip -n "$(kvi_ns lb1)" link set ens9 up
kvi_check "$T instance starts when the interface appears" "no start line" \
    kvi_wait_log lb1 "$mark" "(late) interface ens9 is present; starting" 3
kvi_check "$T late instance becomes master" "198.51.100.200 not on ens9" \
    kvi_wait 6 bash -c "ip -n '$(kvi_ns lb1)' -4 -o addr show dev ens9 | grep -qF ' 198.51.100.200/24'"

# --- SIGHUP reloads the same file: nothing changes (reload.sh tests real changes)
mark=$(kvi_log_mark lb1)
kill -HUP "${KVI_NODE_PID[lb1]}"
kvi_check "$T SIGHUP reloads" "no reload summary line" kvi_wait_log lb1 "$mark" "0 changed, 0 added, 0 removed" 3
kvi_check "$T SIGHUP keeps the daemon and the VIP" "daemon or VIP gone" \
    kvi_hold 1 bash -c "kill -0 ${KVI_NODE_PID[lb1]} && ip -n '$(kvi_ns lb1)' -4 -o addr show dev ens5 | grep -qF ' $KVI_VIP/24'"

# --- SIGUSR2 logs each instance's state and drop counters
mark=$(kvi_log_mark lb1)
kill -USR2 "${KVI_NODE_PID[lb1]}"
kvi_check "$T SIGUSR2 logs statistics" "no statistics line" \
    kvi_wait_log lb1 "$mark" "(loadbalancer1) state MASTER, dropped adverts: none" 3

kvi_term_node lb1
kvi_check "$T SIGTERM exits 0 and releases both VIPs" "exit $KVI_RC or a VIP left" \
    bash -c "[ $KVI_RC -eq 0 ] && ! ip -n '$(kvi_ns lb1)' -4 -o addr | grep -qE ' (192.0.2.200|198.51.100.200)/'"
# --- no_accept (RFC 9568 §6.1 Accept_Mode false): the master answers ARP for the VIP but does not
# accept packets addressed to it; the nftables table goes away with the daemon.
noacc=$KVI_RUN_DIR/noaccept.conf
kvi_gen_conf loadbalancer1 MASTER 101 192.0.2.11 192.0.2.12 | sed 's/^    advert_int 1$/    advert_int 1\n    no_accept/' >"$noacc"
mark=$(kvi_log_mark lb1)
kvi_start_node lb1 keepvip "$noacc"
kvi_check "$T no_accept master holds the VIP" "no VIP" kvi_wait_vip lb1 6
kvi_check "$T no_accept drops packets to the VIP" "the VIP answered ping" \
    bash -c "! ip netns exec '$(kvi_ns client)' ping -n -q -c 2 -W 0.5 $KVI_VIP >/dev/null 2>&1"
kvi_check "$T no_accept still answers ARP" "no neighbour entry for the VIP" \
    bash -c "ip -n '$(kvi_ns client)' neigh show $KVI_VIP | grep -q lladdr"
kvi_check "$T no_accept is logged" "no log line" kvi_log_has lb1 "$mark" "no_accept: packets addressed to 192.0.2.200 are dropped on input"
kvi_term_node lb1
kvi_check "$T no_accept table removed at exit" "table inet keepvip left behind" \
    bash -c "! ip netns exec '$(kvi_ns lb1)' nft list tables | grep -q keepvip"

# --- a link flap flushes IPv6 addresses: the Active router puts its IPv6 VIP back
ip -n "$(kvi_ns lb1)" addr add 2001:db8::11/64 dev ens5 nodad
six=$KVI_RUN_DIR/six.conf
cat >"$six" <<'CONF'
vrrp_instance six {
    interface ens5
    dont_track_primary
    virtual_router_id 106
    priority 200
    version 3
    advert_int 0.5
    virtual_ipaddress {
        2001:db8::206/64
    }
}
CONF
has6() { ip -n "$(kvi_ns lb1)" -6 -o addr show dev ens5 | grep -qF " 2001:db8::206/64"; }
mark=$(kvi_log_mark lb1)
kvi_start_node lb1 keepvip "$six"
kvi_check "$T IPv6 master holds its VIP" "no 2001:db8::206" kvi_wait 6 has6
# With its interface tracked (the default) a link down is a FAULT (tracking.sh); with
# dont_track_primary the instance stays Active through a flap, and:
# The kernel removes the VIP when the link goes down (the Linux default, keep_addr_on_down=0, which
# the harness turns off for its own addresses); keepvipd hears it over netlink and adds it back (the
# log line proves the flush happened), so it is there when the link returns.
ip netns exec "$(kvi_ns lb1)" sysctl -qw net.ipv6.conf.ens5.keep_addr_on_down=0 net.ipv6.conf.all.keep_addr_on_down=0
kvi_link lb1 down
sleep 0.5
kvi_link lb1 up
kvi_check "$T link up: the VIP is put back" "not restored" kvi_wait 5 has6
kvi_check "$T the restore is logged" "no log line" kvi_log_has lb1 "$mark" "(six) VIP 2001:db8::206 was missing"
kvi_check "$T send failures while down are rate-limited" "more than 4 send-failure lines" \
    bash -c "[ \$(tail -n +$((mark + 1)) '$(kvi_logfile lb1)' | grep -c 'cannot send advert') -le 4 ]"
kvi_term_node lb1

kvi_summary
