#!/usr/bin/env bash
# demo.sh — what `make demo` runs (as root). Two load balancers in network
# namespaces share the virtual IP 192.0.2.200 using the reference
# keepalived.conf; we kill the master, watch the backup take over, bring the
# master back and watch it preempt. Everything is removed at the end.
#
#   DEMO_IMPL=keepvip (default) or keepalived;  KEEPVIPD=path/to/keepvipd

. "$(dirname "$0")/lib/netns.sh"

IMPL=${DEMO_IMPL:-keepvip}
if [[ -t 1 ]]; then B=$'\e[1m' G=$'\e[32m' D=$'\e[2m' N=$'\e[0m'; else B='' G='' D='' N=''; fi
T0=$(kvi_now_us)
say() { printf '\n%s==> %s%s\n' "$B" "$*" "$N"; }
note() { printf '    %s\n' "$*"; }
ok() { printf '    %s%s%s\n' "$G" "$*" "$N"; }
die() { printf '    demo failed: %s\n' "$*"; KVI_NFAIL=1; exit 1; }
elapsed() { kvi_fmt_s $(($(kvi_now_us) - T0)); }

[[ $(id -u) -eq 0 ]] || { echo "demo.sh needs root (it creates network namespaces)"; exit 1; }
why=$(kvi_impl_available "$IMPL") || { echo "$why"; exit 1; }

# Show a host's state transitions as they happen, prefixed with the host name
# and the time since the demo started.
follow() {
    local h=$1 line
    tail --pid=$$ -n +1 -F "$(kvi_logfile "$h")" 2>/dev/null | while IFS= read -r line; do
        line=${line#<[0-9]>}                                      # keepvip: syslog priority
        [[ $line =~ ^[A-Z][a-z]{2}\ .*\ [0-9]{4}:\ (.*)$ ]] && line=${BASH_REMATCH[1]} # keepalived: date
        case $line in
        *"Entering "*" STATE"* | *"advertisement timeout"* | *" VIPs."* | *"sent 0 priority"* | \
            *"higher priority"* | *"priority 0 advert"*)
            printf '    %s%7ss  [%s]%s %s\n' "$D" "$(elapsed)" "$h" "$N" "$line" ;;
        esac
    done
}
vips() { echo "lb1 $(kvi_has_vip lb1 && echo has || echo -) / lb2 $(kvi_has_vip lb2 && echo has || echo -) the VIP"; }

say "Building the network: a bridge and three hosts, each in its own network namespace"
kvi_topology_up lb1 lb2 client || die "could not create the namespaces"
kvi_reference_confs
note "lb1 192.0.2.11 (priority 101)   lb2 192.0.2.12 (priority 100)   client 192.0.2.100"
note "virtual IP 192.0.2.200, VRRP v2 unicast, advert_int 1 s. lb1's config:"
sed 's/^/        /' "$KVI_RUN_DIR/lb1.conf"
: >"$(kvi_logfile lb1)"
: >"$(kvi_logfile lb2)"
follow lb1 2>/dev/null &
KVI_PIDS+=("$!")
follow lb2 2>/dev/null &
KVI_PIDS+=("$!")

say "Starting $IMPL on both hosts"
note "both start as BACKUP; lb1 waits Master_Down_Interval (3 x 1 s + skew) to hear a master, then takes over"
kvi_start_node lb1 "$IMPL" || die "could not start lb1"
kvi_start_node lb2 "$IMPL" || die "could not start lb2"
settled() { kvi_has_vip lb1 && kvi_no_vip lb2; }
kvi_wait 10 settled || die "lb1 did not become master ($(vips))"
sleep 0.3
ok "lb1 is master after $(kvi_fmt_s $KVI_WAITED_US) s: $(vips)"
kvi_ping_vip client 3 && ok "client pings 192.0.2.200: reply" || note "client ping: no reply"

say "Killing the master: SIGKILL lb1's daemon and take its link down (a host crash)"
sleep 1
kvi_kill_node lb1
kvi_link lb1 down
kvi_wait_vip lb2 6 || die "lb2 did not take over ($(vips))"
took=$KVI_WAITED_US
sleep 0.3
ok "lb2 took over $(kvi_fmt_s $took) s after the crash"
note "(a backup declares the master dead Master_Down_Interval = 3.61 s after the last advert it heard;"
note " the crash came some time after that advert, so the visible gap is a little shorter)"
kvi_ping_vip client 3 && ok "client pings 192.0.2.200: reply (now from lb2)" || note "client ping: no reply"

say "Bringing lb1 back: link up, start $IMPL again"
note "lb1 removes the VIP the crash left on its interface, hears lb2's lower priority, and preempts"
kvi_link lb1 up
t=$(kvi_now_us)
kvi_start_node lb1 "$IMPL" || die "could not restart lb1"
kvi_wait 10 settled || die "lb1 did not preempt ($(vips))"
took=$(($(kvi_now_us) - t))
sleep 0.3
ok "lb1 is master again $(kvi_fmt_s $took) s after its restart: $(vips)"

say "Stopping lb1 gracefully (SIGTERM): it sends a priority-0 advert so lb2 need not wait"
sleep 1
kill -TERM "${KVI_NODE_PID[lb1]}"
t=$(kvi_now_us)
if kvi_wait_vip lb2 3; then
    took=$(($(kvi_now_us) - t))
    sleep 0.1
    ok "lb2 took over $(kvi_fmt_s $took) s after SIGTERM (Skew_Time = 0.61 s)"
else
    note "lb2 did not take over within 3 s"
fi
kvi_term_node lb1 5
say "Stopping lb2"
kvi_term_node lb2 5
sleep 0.3

say "Done in $(elapsed) s; removing the namespaces"
