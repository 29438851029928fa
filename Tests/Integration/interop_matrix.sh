#!/usr/bin/env bash
# interop_matrix.sh [FILTER] — keepvip against keepalived, every VRRP version,
# family and transport, in both roles (run as root).
#
# Cells (VRRPv2 is IPv4-only, so there are no v2 x IPv6 cells):
#   v2 x {ipv4-unicast, ipv4-multicast}
#   v3 x {ipv4-unicast, ipv4-multicast, ipv6-multicast, ipv6-unicast}
#   x each pair in $PAIRS, "ACTIVE:BACKUP" (default "keepvip:keepalived
#   keepalived:keepvip"): lb1 (priority 101, state MASTER) runs ACTIVE, lb2
#   (priority 100, state BACKUP) runs BACKUP. PAIRS=keepalived:keepalived proves
#   the harness against keepalived alone.
# advert_int: 1 s for v2 (the reference), 0.2 s for v3 (sub-second, exercises
# the centisecond interval field, and keeps a v3 cell to a few seconds).
#
# Each cell checks, with the client's view after every change:
#   start:    lb1 takes the VIP; lb2 logs BACKUP and stays backup past its
#             Master_Down_Interval (MDI) plus a margin; the client pings the VIP
#   hard:     SIGKILL lb1 + link down -> lb2 has the VIP within MDI + margin,
#             logs MASTER; the client pings the VIP
#   preempt:  link up, restart lb1 -> lb1 has the VIP and lb2 not; lb2 logs
#             BACKUP; the client pings the VIP
#   graceful: SIGTERM lb1 -> exactly one priority-0 advert from lb1 on the
#             wire, lb1 exits 0 without the VIP, lb2 adds the VIP Skew_Time
#             after that advert (not later than halfway to the earliest takeover
#             by MDI expiry); the client pings the VIP
# Fast cells (v3, advert_int 0.1, every transport, each pair): hard failover
#   from lb1's last advert on the bridge to the VIP added on lb2 < 0.37 s
#   (MDI 0.361 s).
# Mixed-version cells (IPv4 unicast and multicast, advert_int 1, each pair, lb1
#   on v2 and lb2 on v3 and the reverse, same VRID, `version` in the instance):
#   both hold the VIP (neither takes the other's adverts) and each logs why:
#   keepalived "wrong version. Received P and expect O", keepvip
#   "VRRP version P, we run VRRPvO".
#
# FILTER: an extended regular expression on the cell name, e.g. 'v3 ipv6',
# 'fast', 'mixed', 'active=keepvip'. Prints PASS/FAIL lines (the cell in each
# name) and "N passed, M failed"; exits 1 on any failure. A step that leaves a
# cell in an unknown state ends that cell (FAIL) and the matrix goes on.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

FILTER=${1:-}
PAIRS=${PAIRS:-keepvip:keepalived keepalived:keepvip}
MARGIN_S=1.5   # allowance for scheduling and polling on waits (not on measurements)
FAST_LIMIT_S=0.37
TIMES="python3 $KVI_LIB_DIR/vrrp_times.py"
CAPFILTER="ip proto 112 or ip6 proto 112"

ncells=0

# s_add A B / s_mul A B: float arithmetic on seconds
s_add() { awk -v a="$1" -v b="$2" 'BEGIN{print a+b}'; }
s_us() { awk -v s="$1" 'BEGIN{printf "%d", s*1000000}'; }
# mdi_us VERSION ADVERT PRIO / skew_us VERSION ADVERT PRIO (RFC 3768 / RFC 5798)
skew_us() {
    if [[ $1 == 2 ]]; then awk -v p="$3" 'BEGIN{printf "%d", (256-p)*1000000/256}'
    else awk -v a="$2" -v p="$3" 'BEGIN{printf "%d", (256-p)*a*1000000/256}'; fi
}
mdi_us() { echo $(($(s_us "$(awk -v a="$2" 'BEGIN{print 3*a}')") + $(skew_us "$@"))); }

vip_of() { [[ $1 == ipv6-* ]] && echo "$KVI_VIP6" || echo "$KVI_VIP"; }
family_of() { [[ $1 == ipv6-* ]] && echo 6 || echo 4; }
cast_of() { echo "${1#ipv?-}"; }
yn() { "$@" && echo yes || echo no; }

# reset: no daemons, captures or monitors; links up; no VIPs; clean neighbour
# caches; the cell's logs moved aside (kept with the run's logs).
reset_hosts() {
    local h tag=$1
    for h in lb1 lb2; do
        kvi_kill_node "$h"
        kvi_link "$h" up
        kvi_del_vip "$h" "$KVI_VIP"
        kvi_del_vip "$h" "$KVI_VIP6"
        [[ -f $(kvi_logfile "$h") ]] && mv "$(kvi_logfile "$h")" "$KVI_RUN_DIR/$tag.$h.log"
        [[ -f $KVI_RUN_DIR/$h.conf ]] && mv "$KVI_RUN_DIR/$h.conf" "$KVI_RUN_DIR/$tag.$h.conf"
    done
    kvi_capture_stop cell
    [[ -f $KVI_RUN_DIR/cell.pcap ]] && mv "$KVI_RUN_DIR/cell.pcap" "$KVI_RUN_DIR/$tag.pcap"
    kvi_monitor_stop lb2
    [[ -f $KVI_RUN_DIR/lb2.addrmon ]] && mv "$KVI_RUN_DIR/lb2.addrmon" "$KVI_RUN_DIR/$tag.lb2.addrmon"
    for h in lb1 lb2 client; do
        ip -n "$(kvi_ns "$h")" neigh flush dev ens5 2>/dev/null
    done
}

# cell_begin NAME TAG: 0 if the cell runs (FILTER matches); starts the capture
# on the bridge and the address monitor on lb2
cell_begin() {
    [[ -z $FILTER || $1 =~ $FILTER ]] || return 1
    ncells=$((ncells + 1))
    echo "-- $1"
    kvi_capture_start cell br0 "$CAPFILTER" || { kvi_fail "$1 setup" "tcpdump did not start"; return 1; }
    kvi_monitor_start lb2
    return 0
}
cap_text() { kvi_capture_text cell -e >"$KVI_RUN_DIR/cell.txt"; echo "$KVI_RUN_DIR/cell.txt"; }

# ---------------------------------------------------------------- one matrix cell
# run_cell VERSION TRANSPORT ACTIVE BACKUP ADVERT
run_cell() {
    local ver=$1 tr=$2 ia=$3 ib=$4 adv=$5
    local C="[v$ver $tr active=$ia backup=$ib]" tag="v$ver-$tr-$ia-$ib"
    local vip fam mdi skew wait_mdi why m1 m2 t_kill t_start t_term took txt last add n0 p0 lo hi
    cell_begin "$C" "$tag" || return 0
    vip=$(vip_of "$tr") fam=$(family_of "$tr")
    mdi=$(mdi_us "$ver" "$adv" 100) skew=$(skew_us "$ver" "$adv" 100)
    wait_mdi=$(s_add "$(kvi_fmt_s "$mdi")" "$MARGIN_S")
    for i in "$ia" "$ib"; do why=$(kvi_impl_available "$i") || { kvi_fail "$C setup" "$why"; reset_hosts "$tag"; return; }; done
    kvi_gen_vrrp_conf loadbalancer1 MASTER 101 lb1 lb2 version="$ver" family="$fam" transport="$(cast_of "$tr")" advert="$adv" >"$KVI_RUN_DIR/lb1.conf"
    kvi_gen_vrrp_conf loadbalancer2 BACKUP 100 lb2 lb1 version="$ver" family="$fam" transport="$(cast_of "$tr")" advert="$adv" >"$KVI_RUN_DIR/lb2.conf"
    local mac1; mac1=$(kvi_mac lb1)

    # ---- start ----
    kvi_start_node lb1 "$ia" || { kvi_fail "$C start lb1" "could not start $ia"; reset_hosts "$tag"; return; }
    if ! kvi_wait_vip lb1 "$(s_add "$wait_mdi" 1)" "$vip"; then
        kvi_fail "$C lb1 holds the VIP after start" "no $vip on lb1 within $(s_add "$wait_mdi" 1)s"
        reset_hosts "$tag"; return
    fi
    kvi_pass "$C lb1 holds the VIP after start ($(kvi_fmt_s $KVI_WAITED_US)s)"
    m2=$(kvi_log_mark lb2)
    kvi_start_node lb2 "$ib" || { kvi_fail "$C start lb2" "could not start $ib"; reset_hosts "$tag"; return; }
    kvi_check "$C lb2 logs BACKUP at start" "no '(loadbalancer2) Entering BACKUP STATE' within 5s" \
        kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering BACKUP STATE" 5
    settled() { kvi_has_vip lb1 "$vip" && kvi_no_vip lb2 "$vip"; }
    if ! kvi_hold "$wait_mdi" settled; then
        kvi_fail "$C lb2 stays backup" "after $(kvi_fmt_s $KVI_WAITED_US)s lb1 vip=$(yn kvi_has_vip lb1 "$vip") lb2 vip=$(yn kvi_has_vip lb2 "$vip")"
        reset_hosts "$tag"; return
    fi
    kvi_pass "$C lb2 stays backup for ${wait_mdi}s (lb1 keeps the VIP)"
    kvi_check "$C client reaches the VIP on lb1" "no echo reply from $vip within 3s" kvi_ping_vip client 3 "$vip"

    # ---- hard failure ----
    m2=$(kvi_log_mark lb2)
    t_kill=$(kvi_now_us)
    kvi_kill_node lb1
    kvi_link lb1 down
    if ! kvi_wait_vip lb2 "$wait_mdi" "$vip"; then
        kvi_fail "$C lb2 takes over after SIGKILL+link down" "no $vip on lb2 within ${wait_mdi}s"
        reset_hosts "$tag"; return
    fi
    took=$KVI_WAITED_US
    sleep 0.1
    txt=$(cap_text)
    # lb1's last advert: the kill takes some ms, so it may come after t_kill;
    # lb1 sends nothing once dead, so take its last one in the capture so far.
    last=$($TIMES last-advert "$txt" "$mac1" "$(kvi_now_us)")
    add=$($TIMES vip-add "$KVI_RUN_DIR/lb2.addrmon" "$vip" "$t_kill")
    local detail="$(kvi_fmt_s "$took")s after the kill"
    [[ -n $last && -n $add ]] && detail+=", $(kvi_fmt_s $((add - last)))s after lb1's last advert; MDI $(kvi_fmt_s "$mdi")s"
    kvi_pass "$C lb2 takes over after SIGKILL+link down ($detail)"
    kvi_check "$C lb2 logs MASTER after hard failure" "no '(loadbalancer2) Entering MASTER STATE' in lb2's log" \
        kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering MASTER STATE" 2
    kvi_check "$C client reaches the VIP on lb2" "no echo reply from $vip within 3s" kvi_ping_vip client 3 "$vip"

    # ---- restart lb1 and preempt back ----
    kvi_link lb1 up
    m2=$(kvi_log_mark lb2)
    kvi_start_node lb1 "$ia" || { kvi_fail "$C restart lb1" "could not start $ia"; reset_hosts "$tag"; return; }
    t_start=$(kvi_now_us)
    if ! kvi_wait "$(s_add "$wait_mdi" 1)" settled; then
        kvi_fail "$C lb1 preempts back after restart" "lb1 vip=$(yn kvi_has_vip lb1 "$vip") lb2 vip=$(yn kvi_has_vip lb2 "$vip")"
        reset_hosts "$tag"; return
    fi
    kvi_pass "$C lb1 preempts back after restart ($(kvi_fmt_s $(($(kvi_now_us) - t_start)))s)"
    kvi_check "$C lb2 logs BACKUP after preemption" "no '(loadbalancer2) Entering BACKUP STATE' after lb1's restart" \
        kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering BACKUP STATE" 2
    kvi_check "$C client reaches the VIP on lb1 again" "no echo reply from $vip within 3s" kvi_ping_vip client 3 "$vip"

    # ---- graceful stop ----
    sleep "$(awk -v a="$adv" 'BEGIN{print 2*a+0.2}')" # regular adverts from lb1 first
    m1=$(kvi_log_mark lb1)
    m2=$(kvi_log_mark lb2)
    t_term=$(kvi_now_us)
    kill -TERM "${KVI_NODE_PID[lb1]}"
    kvi_wait_vip lb2 "$(s_add "$(kvi_fmt_s "$skew")" "$MARGIN_S")" "$vip"
    kvi_term_node lb1 5
    case $KVI_RC in
    0) kvi_pass "$C lb1 exits 0 after SIGTERM" ;;
    124) kvi_fail "$C lb1 exits 0 after SIGTERM" "still running 5s after SIGTERM" ;;
    *) kvi_fail "$C lb1 exits 0 after SIGTERM" "exit status $KVI_RC" ;;
    esac
    kvi_check "$C lb1 removes the VIP on SIGTERM" "$vip still on lb1 after exit" kvi_no_vip lb1 "$vip"
    sleep 0.2
    txt=$(cap_text)
    read -r n0 p0 <<<"$($TIMES prio0 "$txt" "$mac1" "$t_term")"
    if [[ $n0 -eq 1 ]]; then
        kvi_pass "$C exactly one priority-0 advert from lb1 on SIGTERM"
    else
        kvi_fail "$C exactly one priority-0 advert from lb1 on SIGTERM" "saw ${n0:-none} in the bridge capture"
    fi
    add=$($TIMES vip-add "$KVI_RUN_DIR/lb2.addrmon" "$vip" "$t_term")
    # Skew_Time after the priority-0 advert; 50 ms early at most; late at most
    # halfway to the earliest takeover that MDI expiry could give (MDI after
    # lb1's last regular advert, itself at most advert_int before the prio 0).
    lo=$((skew - 50000))
    hi=$((skew + (mdi - $(s_us "$adv") - skew) / 2))
    if [[ -z $add ]]; then
        kvi_fail "$C lb2 takes over Skew_Time after the priority-0 advert" "no $vip added on lb2 within $(s_add "$(kvi_fmt_s "$skew")" "$MARGIN_S")s of SIGTERM"
    elif [[ $n0 -lt 1 ]]; then
        kvi_fail "$C lb2 takes over Skew_Time after the priority-0 advert" "no priority-0 advert; VIP on lb2 $(kvi_fmt_s $((add - t_term)))s after SIGTERM"
    else
        took=$((add - p0))
        if ((took >= lo && took <= hi)); then
            kvi_pass "$C lb2 takes over Skew_Time after the priority-0 advert ($(kvi_fmt_s $took)s; Skew_Time $(kvi_fmt_s "$skew")s)"
        else
            kvi_fail "$C lb2 takes over Skew_Time after the priority-0 advert" "$(kvi_fmt_s $took)s, outside [$(kvi_fmt_s $lo), $(kvi_fmt_s $hi)]s (Skew_Time $(kvi_fmt_s "$skew")s, MDI $(kvi_fmt_s "$mdi")s)"
        fi
    fi
    kvi_check "$C lb2 logs MASTER after SIGTERM" "no '(loadbalancer2) Entering MASTER STATE' in lb2's log" \
        kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering MASTER STATE" 2
    kvi_check "$C client reaches the VIP on lb2 after the handover" "no echo reply from $vip within 3s" kvi_ping_vip client 3 "$vip"
    reset_hosts "$tag"
}

# ---------------------------------------------------------------- fast failover
# run_fast TRANSPORT ACTIVE BACKUP: v3, advert_int 0.1
run_fast() {
    local tr=$1 ia=$2 ib=$3 adv=0.1
    local C="[fast $tr v3 advert_int 0.1 active=$ia backup=$ib]" tag="fast-$tr-$ia-$ib"
    local vip fam mdi why t_kill txt last add mac1
    cell_begin "$C" "$tag" || return 0
    vip=$(vip_of "$tr") fam=$(family_of "$tr") mdi=$(mdi_us 3 "$adv" 100)
    for i in "$ia" "$ib"; do why=$(kvi_impl_available "$i") || { kvi_fail "$C setup" "$why"; reset_hosts "$tag"; return; }; done
    kvi_gen_vrrp_conf loadbalancer1 MASTER 101 lb1 lb2 version=3 family="$fam" transport="$(cast_of "$tr")" advert="$adv" >"$KVI_RUN_DIR/lb1.conf"
    kvi_gen_vrrp_conf loadbalancer2 BACKUP 100 lb2 lb1 version=3 family="$fam" transport="$(cast_of "$tr")" advert="$adv" >"$KVI_RUN_DIR/lb2.conf"
    mac1=$(kvi_mac lb1)
    kvi_start_node lb1 "$ia" && kvi_wait_vip lb1 3 "$vip" ||
        { kvi_fail "$C lb1 holds the VIP after start" "no $vip on lb1 within 3s"; reset_hosts "$tag"; return; }
    kvi_start_node lb2 "$ib" || { kvi_fail "$C start lb2" "could not start $ib"; reset_hosts "$tag"; return; }
    settled() { kvi_has_vip lb1 "$vip" && kvi_no_vip lb2 "$vip"; }
    if ! kvi_hold 1.5 settled; then
        kvi_fail "$C lb2 stays backup" "after $(kvi_fmt_s $KVI_WAITED_US)s lb1 vip=$(yn kvi_has_vip lb1 "$vip") lb2 vip=$(yn kvi_has_vip lb2 "$vip")"
        reset_hosts "$tag"; return
    fi
    t_kill=$(kvi_now_us)
    kvi_kill_node lb1
    kvi_link lb1 down
    if ! kvi_wait_vip lb2 2 "$vip"; then
        kvi_fail "$C hard failover < ${FAST_LIMIT_S}s" "no $vip on lb2 within 2s of the kill"
        reset_hosts "$tag"; return
    fi
    sleep 0.1
    txt=$(cap_text)
    # lb1's last advert: the kill takes some ms, so it may come after t_kill;
    # lb1 sends nothing once dead, so take its last one in the capture so far.
    last=$($TIMES last-advert "$txt" "$mac1" "$(kvi_now_us)")
    add=$($TIMES vip-add "$KVI_RUN_DIR/lb2.addrmon" "$vip" "$t_kill")
    if [[ -z $last || -z $add ]]; then
        kvi_fail "$C hard failover < ${FAST_LIMIT_S}s" "no measurement (last advert '${last}', VIP added '${add}')"
    elif (($(s_us "$FAST_LIMIT_S") > add - last)); then
        kvi_pass "$C hard failover < ${FAST_LIMIT_S}s ($(kvi_fmt_s $((add - last)))s from lb1's last advert; MDI $(kvi_fmt_s "$mdi")s)"
    else
        kvi_fail "$C hard failover < ${FAST_LIMIT_S}s" "$(kvi_fmt_s $((add - last)))s from lb1's last advert to the VIP on lb2 (MDI $(kvi_fmt_s "$mdi")s)"
    fi
    kvi_check "$C client reaches the VIP on lb2" "no echo reply from $vip within 3s" kvi_ping_vip client 3 "$vip"
    reset_hosts "$tag"
}

# ---------------------------------------------------------------- mixed versions
# reason IMPL PEER_VERSION OWN_VERSION: the log line that says why an advert was dropped
reason() {
    case $1 in
    keepalived) echo "wrong version. Received $2 and expect $3" ;;
    keepvip) echo "VRRP version $2, we run VRRPv$3" ;;
    esac
}
# run_mixed TRANSPORT ACTIVE BACKUP V1 V2: lb1 (ACTIVE) on V1, lb2 (BACKUP) on V2
run_mixed() {
    local tr=$1 ia=$2 ib=$3 v1=$4 v2=$5 adv=1
    local C="[mixed $tr lb1=v$v1 lb2=v$v2 active=$ia backup=$ib]" tag="mixed-v$v1-v$v2-$tr-$ia-$ib"
    local vip=$KVI_VIP cast why wait both
    cell_begin "$C" "$tag" || return 0
    cast=$(cast_of "$tr")
    for i in "$ia" "$ib"; do why=$(kvi_impl_available "$i") || { kvi_fail "$C setup" "$why"; reset_hosts "$tag"; return; }; done
    kvi_gen_vrrp_conf loadbalancer1 MASTER 101 lb1 lb2 version="$v1" where=instance transport="$cast" advert="$adv" >"$KVI_RUN_DIR/lb1.conf"
    kvi_gen_vrrp_conf loadbalancer2 BACKUP 100 lb2 lb1 version="$v2" where=instance transport="$cast" advert="$adv" >"$KVI_RUN_DIR/lb2.conf"
    kvi_start_node lb1 "$ia" || { kvi_fail "$C start lb1" "could not start $ia"; reset_hosts "$tag"; return; }
    kvi_start_node lb2 "$ib" || { kvi_fail "$C start lb2" "could not start $ib"; reset_hosts "$tag"; return; }
    wait=$(s_add "$(kvi_fmt_s "$(mdi_us 2 1 100)")" "$MARGIN_S")
    both() { kvi_has_vip lb1 "$vip" && kvi_has_vip lb2 "$vip"; }
    if kvi_wait "$wait" both && kvi_hold 2 both; then
        kvi_pass "$C both hold the VIP (neither elects the other)"
    else
        kvi_fail "$C both hold the VIP (neither elects the other)" "lb1 vip=$(yn kvi_has_vip lb1 "$vip") lb2 vip=$(yn kvi_has_vip lb2 "$vip")"
    fi
    why=$(reason "$ia" "$v2" "$v1")
    kvi_check "$C lb1 ($ia, v$v1) logs why it drops v$v2 adverts" "no '$why' in lb1's log" kvi_wait_log lb1 0 "$why" 2
    why=$(reason "$ib" "$v1" "$v2")
    kvi_check "$C lb2 ($ib, v$v2) logs why it drops v$v1 adverts" "no '$why' in lb2's log" kvi_wait_log lb2 0 "$why" 2
    reset_hosts "$tag"
}

# ---------------------------------------------------------------- the matrix
kvi_topology_up lb1 lb2 client || { kvi_fail "matrix setup" "could not build the namespace topology"; kvi_summary; exit 1; }
echo "interop matrix: pairs (active:backup) $PAIRS; v2 x {ipv4-unicast, ipv4-multicast} + v3 x {ipv4-unicast, ipv4-multicast, ipv6-multicast, ipv6-unicast} (VRRPv2 is IPv4-only: no v2 x IPv6 cells); advert_int v2 1 s, v3 0.2 s; fast v3 0.1 s; mixed v2/v3"
t0=$SECONDS
for pair in $PAIRS; do
    ia=${pair%%:*} ib=${pair#*:}
    for tr in ipv4-unicast ipv4-multicast; do run_cell 2 "$tr" "$ia" "$ib" 1; done
    for tr in ipv4-unicast ipv4-multicast ipv6-multicast ipv6-unicast; do run_cell 3 "$tr" "$ia" "$ib" 0.2; done
    for tr in ipv4-unicast ipv4-multicast ipv6-multicast ipv6-unicast; do run_fast "$tr" "$ia" "$ib"; done
    for tr in ipv4-unicast ipv4-multicast; do
        run_mixed "$tr" "$ia" "$ib" 2 3
        run_mixed "$tr" "$ia" "$ib" 3 2
    done
done
[[ $ncells -gt 0 ]] || kvi_fail "matrix" "no cell matches '$FILTER'"
echo "== $ncells cells in $((SECONDS - t0))s"
kvi_summary
