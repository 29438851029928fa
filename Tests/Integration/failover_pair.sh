#!/usr/bin/env bash
# failover_pair.sh IMPL1 IMPL2 — two load balancers with the reference config,
# lb1 (priority 101) runs IMPL1, lb2 (priority 100) runs IMPL2; IMPL is
# keepvip or keepalived. Checks, in order:
#   start:    lb1 takes the VIP; lb2 stays backup past its Master_Down_Interval
#   hard:     SIGKILL lb1 + link down -> lb2 has the VIP within MDI + margin,
#             logs "(loadbalancer2) Entering MASTER STATE", the client pings the VIP
#   restart:  link up, restart lb1 -> the leftover VIP is removed at start,
#             lb1 preempts back, lb2 drops the VIP
#   graceful: SIGTERM lb1 -> exactly one priority-0 advert from 192.0.2.11 on
#             the wire, lb1 removes the VIP and exits 0, lb2 takes over after
#             about Skew_Time and logs "(loadbalancer2) Entering MASTER STATE"
# Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure.
# A step that leaves the pair in an unknown state ends the scenario (FAIL).

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

IMPL1=${1:-keepvip}
IMPL2=${2:-keepvip}
T="pair[$IMPL1,$IMPL2]"
MARGIN_S=1.5 # allowance on top of MDI / Skew_Time for scheduling and polling

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

for impl in "$IMPL1" "$IMPL2"; do
    why=$(kvi_impl_available "$impl") || fatal "$T setup" "$why"
done

kvi_topology_up lb1 lb2 client || fatal "$T setup" "could not build the namespace topology"
kvi_reference_confs
kvi_capture_start all br0 vrrp || fatal "$T setup" "tcpdump did not start on the bridge"

mdi_s=$(kvi_fmt_s $KVI_MDI_US)
skew_s=$(kvi_fmt_s $KVI_SKEW_US)
wait_mdi=$(awk -v a="$mdi_s" -v b="$MARGIN_S" 'BEGIN{print a+b}')

# ---- start: lb1 first, so the check does not depend on the start-up race ----
kvi_start_node lb1 "$IMPL1" || fatal "$T start lb1" "could not start $IMPL1"
kvi_wait_vip lb1 "$wait_mdi" ||
    fatal "$T lb1 holds the VIP after start" "no $KVI_VIP on lb1 within ${wait_mdi}s"
kvi_pass "$T lb1 holds the VIP after start ($(kvi_fmt_s $KVI_WAITED_US)s)"

m2=$(kvi_log_mark lb2)
kvi_start_node lb2 "$IMPL2" || fatal "$T start lb2" "could not start $IMPL2"
kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering BACKUP STATE" 5 ||
    kvi_fail "$T lb2 logs BACKUP at start" "no '(loadbalancer2) Entering BACKUP STATE' within 5s"
both_ok() { kvi_has_vip lb1 && kvi_no_vip lb2; }
kvi_hold "$wait_mdi" both_ok ||
    fatal "$T lb2 stays backup" "after $(kvi_fmt_s $KVI_WAITED_US)s lb1 vip=$(kvi_has_vip lb1 && echo yes || echo no) lb2 vip=$(kvi_has_vip lb2 && echo yes || echo no)"
kvi_pass "$T lb2 stays backup for ${wait_mdi}s (lb1 keeps the VIP)"
kvi_check "$T client reaches the VIP on lb1" "no echo reply from $KVI_VIP within 3s" kvi_ping_vip client 3

# ---- hard failure ----
m2=$(kvi_log_mark lb2)
kvi_kill_node lb1
kvi_link lb1 down
t_kill=$(kvi_now_us)
if kvi_wait_vip lb2 "$wait_mdi"; then
    kvi_pass "$T lb2 takes over after SIGKILL+link down ($(kvi_fmt_s $KVI_WAITED_US)s after the kill; MDI ${mdi_s}s after the last advert)"
else
    fatal "$T lb2 takes over after SIGKILL+link down" "no VIP on lb2 within ${wait_mdi}s"
fi
kvi_check "$T lb2 logs MASTER after hard failure" "no '(loadbalancer2) Entering MASTER STATE' in lb2's log" \
    kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering MASTER STATE" 2
kvi_check "$T client reaches the VIP on lb2" "no echo reply from $KVI_VIP within 3s" kvi_ping_vip client 3

# ---- restart lb1: link up, the daemon must clean the VIP SIGKILL left behind ----
if kvi_has_vip lb1; then leftover=yes; else leftover=no; fi
kvi_info "$T VIP left on lb1 by SIGKILL: $leftover"
kvi_link lb1 up
m1=$(kvi_log_mark lb1)
m2=$(kvi_log_mark lb2)
kvi_start_node lb1 "$IMPL1" || fatal "$T restart lb1" "could not start $IMPL1"
t_start=$(kvi_now_us)
if [[ $leftover == yes ]]; then
    # It must go before lb1 can become master again (>= MDI 3.6 s after start).
    kvi_check "$T lb1 removes the leftover VIP at start" "the VIP stayed on lb1 for 3s after start" \
        kvi_wait_no_vip lb1 3
fi
preempted() { kvi_has_vip lb1 && kvi_no_vip lb2; }
if kvi_wait "$(awk -v a="$wait_mdi" 'BEGIN{print a+1}')" preempted; then
    kvi_pass "$T lb1 preempts back after restart ($(kvi_fmt_s $(($(kvi_now_us) - t_start)))s)"
else
    fatal "$T lb1 preempts back after restart" "lb1 vip=$(kvi_has_vip lb1 && echo yes || echo no) lb2 vip=$(kvi_has_vip lb2 && echo yes || echo no)"
fi
kvi_check "$T lb2 logs BACKUP after preemption" "no '(loadbalancer2) Entering BACKUP STATE' after lb1's restart" \
    kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering BACKUP STATE" 2
kvi_check "$T client reaches the VIP on lb1 again" "no echo reply from $KVI_VIP within 3s" kvi_ping_vip client 3

# ---- graceful stop ----
# Let lb1 send at least one regular advert as the new master first.
sleep 1.2
m1=$(kvi_log_mark lb1)
m2=$(kvi_log_mark lb2)
t_term=$(kvi_now_us)
kill -TERM "${KVI_NODE_PID[lb1]}"
if kvi_wait_vip lb2 "$(awk -v a="$skew_s" -v b="$MARGIN_S" 'BEGIN{print a+b}')"; then
    took=$KVI_WAITED_US
    lo=$((KVI_SKEW_US - 300000))
    if ((took >= lo)); then
        kvi_pass "$T lb2 takes over after SIGTERM in $(kvi_fmt_s $took)s (Skew_Time ${skew_s}s)"
    else
        kvi_fail "$T lb2 takes over after SIGTERM" "after $(kvi_fmt_s $took)s, before Skew_Time ${skew_s}s - 0.3s"
    fi
else
    kvi_fail "$T lb2 takes over after SIGTERM" "no VIP on lb2 within ${skew_s}s + ${MARGIN_S}s (MDI would be ${mdi_s}s)"
fi
kvi_term_node lb1 5
case $KVI_RC in
0) kvi_pass "$T lb1 exits 0 after SIGTERM" ;;
124) kvi_fail "$T lb1 exits 0 after SIGTERM" "still running 5s after SIGTERM" ;;
*) kvi_fail "$T lb1 exits 0 after SIGTERM" "exit status $KVI_RC" ;;
esac
kvi_check "$T lb1 removes the VIP on SIGTERM" "$KVI_VIP still on lb1 after exit" kvi_no_vip lb1
kvi_check "$T lb1 logs 'sent 0 priority'" "no '(loadbalancer1) sent 0 priority' in lb1's log" \
    kvi_log_has lb1 "$m1" "(loadbalancer1) sent 0 priority"
kvi_check "$T lb2 logs MASTER after SIGTERM" "no '(loadbalancer2) Entering MASTER STATE' in lb2's log" \
    kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering MASTER STATE" 2

sleep 0.3 # let the last frames reach the capture file
kvi_capture_stop all
n0=$(kvi_capture_text all | awk -v t0="$t_term" '
    { split($1, a, "."); us = a[1] * 1000000 + a[2] }
    us >= t0 && $2 == "IP" && $3 == "192.0.2.11" && /VRRPv2, Advertisement/ && /prio 0,/ { n++ }
    END { print n + 0 }')
if [[ $n0 -eq 1 ]]; then
    kvi_pass "$T exactly one priority-0 advert from 192.0.2.11 on SIGTERM"
else
    kvi_fail "$T exactly one priority-0 advert from 192.0.2.11 on SIGTERM" "saw $n0 in the bridge capture"
fi

finish
