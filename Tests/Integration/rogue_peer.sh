#!/usr/bin/env bash
# rogue_peer.sh IMPL — a third host (rogue, 192.0.2.13, not in unicast_peer)
# sends valid VRRPv2 adverts (VRID 101, priority 254, PASS "password", TTL 255,
# correct checksum) unicast to lb1 and lb2 every second. lb1 must keep the VIP
# and lb2 must stay backup for at least ROGUE_HOLD_S (6) seconds.
#
# IMPL=keepvip: the hold is a test (PASS/FAIL).
# IMPL=keepalived: keepalived accepts adverts from any unicast source unless
#   check_unicast_src is set, so it is expected to give the VIP up; the outcome
#   is only reported (INFO lines), never failed. The check that the rogue
#   adverts reached the wire and are valid runs for both.
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

IMPL=${1:-keepvip}
T="rogue[$IMPL]"
HOLD_S=${ROGUE_HOLD_S:-6}

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

why=$(kvi_impl_available "$IMPL") || fatal "$T setup" "$why"
kvi_topology_up lb1 lb2 rogue || fatal "$T setup" "could not build the namespace topology"
kvi_reference_confs
kvi_capture_start all br0 vrrp || fatal "$T setup" "tcpdump did not start on the bridge"

kvi_start_node lb1 "$IMPL" || fatal "$T start lb1" "could not start $IMPL"
kvi_wait_vip lb1 6 || fatal "$T lb1 holds the VIP after start" "no $KVI_VIP on lb1 within 6s"
kvi_start_node lb2 "$IMPL" || fatal "$T start lb2" "could not start $IMPL"
kvi_wait_log lb2 0 "(loadbalancer2) Entering BACKUP STATE" 5 ||
    fatal "$T lb2 starts as backup" "no '(loadbalancer2) Entering BACKUP STATE' within 5s"
sleep 1.5 # lb2 has now heard lb1's adverts
normal() { kvi_has_vip lb1 && kvi_no_vip lb2; }
normal || fatal "$T pair settled before the rogue starts" "lb1 vip=$(kvi_has_vip lb1 && echo yes || echo no) lb2 vip=$(kvi_has_vip lb2 && echo yes || echo no)"
kvi_pass "$T pair settled: lb1 master, lb2 backup"

m1=$(kvi_log_mark lb1)
m2=$(kvi_log_mark lb2)
t_rogue=$(kvi_now_us)
kvi_bg rogue python3 "$KVI_LIB_DIR/vrrp_send.py" --src 192.0.2.13 --to 192.0.2.11 --to 192.0.2.12 \
    --vrid 101 --prio 254 --password password >"$KVI_RUN_DIR/rogue.out" 2>&1
rogue_pid=$KVI_BG_PID

if kvi_hold "$HOLD_S" normal; then
    held=yes
else
    held=no
    broke_after=$KVI_WAITED_US
    # keep the rogue going for the full period, to report where things end up
    kvi_wait "$(kvi_fmt_s $((HOLD_S * 1000000 - broke_after)))" false
fi
kvi_bg_stop "$rogue_pid"
sleep 0.3
kvi_capture_stop all

# The rogue adverts must have reached the wire, valid (tcpdump -v checks the
# VRRP checksum and shows the TTL), or the hold proves nothing.
read -r n_lb1 n_lb2 n_bad < <(kvi_capture_text all -v | awk '
    /^[0-9]/ { hdr = $0; next }
    hdr ~ / IP \(/ && $1 == "192.0.2.13" && /VRRPv2, Advertisement, vrid 101, prio 254/ {
        ok = (hdr ~ /ttl 255,/) && ($0 !~ /bad/) && /auth "password"/
        if (!ok) bad++
        else if ($3 == "192.0.2.11:") a++
        else if ($3 == "192.0.2.12:") b++
    }
    END { print a + 0, b + 0, bad + 0 }')
min=$((HOLD_S - 1))
if ((n_lb1 >= min && n_lb2 >= min && n_bad == 0)); then
    kvi_pass "$T rogue adverts on the wire and valid ($n_lb1 to lb1, $n_lb2 to lb2, TTL 255, checksum ok)"
else
    kvi_fail "$T rogue adverts on the wire and valid" "$n_lb1 to lb1, $n_lb2 to lb2, $n_bad malformed (want >= $min each, 0 malformed): $(head -1 "$KVI_RUN_DIR/rogue.out")"
fi

state() { echo "lb1 vip=$(kvi_has_vip lb1 && echo yes || echo no), lb2 vip=$(kvi_has_vip lb2 && echo yes || echo no)"; }
if [[ $IMPL == keepalived ]]; then
    if [[ $held == yes ]]; then
        kvi_info "$T keepalived ignored the rogue for ${HOLD_S}s ($(state))"
    else
        kvi_info "$T keepalived accepted the rogue: the pair changed $(kvi_fmt_s "$broke_after")s after the first rogue advert; now $(state)"
    fi
    for h in lb1 lb2; do
        m=$([[ $h == lb1 ]] && echo "$m1" || echo "$m2")
        lines=$(tail -n +"$((m + 1))" "$(kvi_logfile "$h")" | grep -E 'STATE|VIPs|192\.0\.2\.13|priority' | head -4 |
            sed -e 's/^[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* [0-9]*: //')
        [[ -n $lines ]] || lines="(no state change logged)"
        printf '%s\n' "$lines" | sed "s/^/INFO $T   $h log: /"
    done
else
    if [[ $held == yes ]]; then
        kvi_pass "$T lb1 keeps the VIP and lb2 stays backup for ${HOLD_S}s of rogue adverts"
    else
        kvi_fail "$T lb1 keeps the VIP and lb2 stays backup" "changed $(kvi_fmt_s "$broke_after")s after the first rogue advert: $(state)"
    fi
    kvi_check "$T lb1 never left MASTER" "lb1 logged a state change during the rogue adverts" \
        eval "! kvi_log_has lb1 $m1 'Entering BACKUP STATE'"
fi

finish
