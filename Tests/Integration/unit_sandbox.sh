#!/usr/bin/env bash
# unit_sandbox.sh — systemd/keepvip.service, checked without a running systemd:
#   verify:    `systemd-analyze verify` accepts the unit (its binaries pointed at this build)
#   security:  `systemd-analyze security --offline` rates its exposure 3.5 or lower
#   syscalls:  every system call keepvipd and its scripts make — start, Active, vrrp_script, notify
#              scripts, no_accept (libnftables), control socket, metrics, reload, stop, traced
#              with strace — is in the unit's SystemCallFilter (@system-service), so the filter
#              never kills the daemon
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

T=unit
UNIT=$KVI_REPO_ROOT/systemd/keepvip.service
KEEPVIP=${KEEPVIP:-$KVI_REPO_ROOT/.build/release/keepvip}

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }
command -v systemd-analyze >/dev/null || fatal "$T setup" "systemd-analyze is missing"
command -v strace >/dev/null || fatal "$T setup" "strace is missing (make deps installs it)"
why=$(kvi_impl_available keepvip) || fatal "$T setup" "$why"

# ---- verify and security ----
sed -e "s|/usr/local/sbin/keepvipd|$KEEPVIPD|" -e "s|/usr/local/bin/keepvip|$KEEPVIP|" "$UNIT" >"$KVI_RUN_DIR/keepvip.service"
out=$(systemd-analyze verify "$KVI_RUN_DIR/keepvip.service" 2>&1); rc=$?
kvi_check "$T systemd-analyze verify" "exit $rc: $out" test "$rc" -eq 0 -a -z "$out"
exposure=$(systemd-analyze security --offline=true "$UNIT" 2>&1 | awk '/Overall exposure level/ { print $(NF-2) }')
kvi_check "$T exposure $exposure ≤ 3.5 (systemd-analyze security)" "exposure '$exposure'" \
    awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 3.5) }'
filter=$(awk -F= '/^SystemCallFilter=/ { print $2 }' "$UNIT")
kvi_check "$T the unit filters system calls with @system-service" "SystemCallFilter=$filter" test "$filter" = "@system-service"

# expand GROUP: every system call name in a systemd syscall group, subgroups included
expand() {
    systemd-analyze syscall-filter "$1" 2>/dev/null | awk 'NR > 1 && $1 !~ /^#/ && NF { print $1 }' |
        while read -r name; do
            if [[ $name == @* ]]; then expand "$name"; else echo "$name"; fi
        done
}
expand @system-service | sort -u >"$KVI_RUN_DIR/allowed"

# ---- trace a day in the life ----
kvi_topology_up lb1 lb2 || fatal "$T setup" "could not build the namespace topology"
kvi_gen_conf loadbalancer2 BACKUP 100 192.0.2.12 192.0.2.11 >"$KVI_RUN_DIR/lb2.conf"
{
    cat <<EOF
global_defs {
    script_user nobody
    enable_script_security
}
vrrp_script chk {
    script "/bin/true"
    interval 1
}
EOF
    kvi_gen_conf loadbalancer1 BACKUP 150 192.0.2.11 192.0.2.12 |
        sed 's|^}$|    track_script {\n        chk\n    }\n    notify /bin/true\n    no_accept\n}|'
} >"$KVI_RUN_DIR/lb1.conf"
kvi_start_node lb2 keepvip || fatal "$T start lb2" "could not start keepvipd"
trace=$KVI_RUN_DIR/strace.out
ip netns exec "$(kvi_ns lb1)" strace -f -qq -o "$trace" "$KEEPVIPD" -f "$KVI_RUN_DIR/lb1.conf" \
    --control-socket "$(kvi_control_socket lb1)" --metrics-listen 192.0.2.11:9650 >"$(kvi_logfile lb1)" 2>&1 &
tracer=$!
KVI_PIDS+=("$tracer")
kvi_wait_vip lb1 8 || fatal "$T lb1 becomes Active under strace" "no VIP within 8s"
sleep 2
"$KEEPVIP" status --control-socket "$(kvi_control_socket lb1)" >/dev/null
kvi_exec lb1 curl -s -o /dev/null http://192.0.2.11:9650/metrics
"$KEEPVIP" reload --control-socket "$(kvi_control_socket lb1)" >/dev/null
sleep 1
pid=$(pgrep -P "$tracer" -x keepvipd || true)
[[ -n $pid ]] && kill -TERM "$pid"
kvi_wait 8 kvi_exited "$tracer" || fatal "$T keepvipd stops under strace" "still running"
awk '{ sub(/^[0-9]+ +/, ""); if (match($0, /^[a-z_0-9]+\(/)) print substr($0, 1, RLENGTH - 1) }' "$trace" | sort -u >"$KVI_RUN_DIR/used"
outside=$(comm -23 "$KVI_RUN_DIR/used" "$KVI_RUN_DIR/allowed" | tr '\n' ' ')
kvi_info "$T $(wc -l <"$KVI_RUN_DIR/used") distinct system calls traced"
kvi_check "$T every system call is in @system-service" "outside the filter: $outside" test -z "$outside"
kvi_check "$T the trace saw scripts run and the daemon stop" "no execve or no exit_group" \
    bash -c 'grep -q "^execve$" "$0" && grep -q "^exit_group$" "$0"' "$KVI_RUN_DIR/used"
finish
