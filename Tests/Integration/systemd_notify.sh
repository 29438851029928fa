#!/usr/bin/env bash
# systemd_notify.sh — keepvipd speaks systemd's notify protocol (Type=notify, sd_notify(3)): a socket
# listener stands in for systemd (NOTIFY_SOCKET, WATCHDOG_USEC=400000: a ping every 200 ms).
#   READY=1 with STATUS once the instance is initialised; STATUS when it becomes Active;
#   WATCHDOG=1 from the loop; none while the process is stopped (SIGSTOP), again after SIGCONT;
#   RELOADING=1 + MONOTONIC_USEC, then READY=1 around a reload (SIGHUP); STOPPING=1 on SIGTERM.
# Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

T="systemd"
finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

why=$(kvi_impl_available keepvip) || fatal "$T setup" "$why"
kvi_topology_up lb1 || fatal "$T setup" "could not build the namespace topology"
kvi_gen_conf loadbalancer1 MASTER 101 192.0.2.11 192.0.2.12 >"$KVI_RUN_DIR/lb1.conf"

sock=$KVI_RUN_DIR/notify.sock
heard=$KVI_RUN_DIR/notify.log
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        data = s.recv(4096).decode()
        out.write("%d %s\n" % (time.monotonic_ns() // 1000, data.replace("\n", "|")))
' "$sock" "$heard" &
KVI_PIDS+=("$!")
kvi_wait 3 test -S "$sock" || fatal "$T setup" "the listener did not bind $sock"
: >"$heard"

log=$(kvi_logfile lb1)
ip netns exec "$(kvi_ns lb1)" env NOTIFY_SOCKET="$sock" WATCHDOG_USEC=400000 \
    "$KEEPVIPD" -f "$KVI_RUN_DIR/lb1.conf" --pid-file "$KVI_RUN_DIR/lb1.pid" --control-socket "$(kvi_control_socket lb1)" >>"$log" 2>&1 &
pid=$!
KVI_PIDS+=("$pid")
KVI_NODE_PID[lb1]=$pid
KVI_NODE_IMPL[lb1]=keepvip

heard_line() { grep -qF -- "$1" "$heard"; }
kvi_check "$T READY=1 with the status at start" "no 'READY=1|STATUS=1 instance: 1 Backup'" \
    kvi_wait 3 heard_line "READY=1|STATUS=1 instance: 1 Backup"
kvi_check "$T STATUS when the instance becomes Active" "no 'STATUS=1 instance: 1 Active'" \
    kvi_wait 6 heard_line "STATUS=1 instance: 1 Active"

pings_between() { awk -v a="$1" -v b="$2" '$2 == "WATCHDOG=1" && $1 >= a && $1 <= b { n++ } END { print n + 0 }' "$heard"; }
now_mono() { python3 -c 'import time; print(time.monotonic_ns() // 1000)'; }
t0=$(now_mono); sleep 2; t1=$(now_mono)
n=$(pings_between "$t0" "$t1")
kvi_check "$T WATCHDOG=1 every 200 ms ($n in 2 s)" "$n pings in 2 s" test "$n" -ge 7 -a "$n" -le 13

kill -STOP "$pid"
t0=$(now_mono); sleep 1; t1=$(now_mono)
kill -CONT "$pid"
n=$(pings_between "$((t0 + 100000))" "$t1")
kvi_check "$T no WATCHDOG=1 while the loop is stopped" "$n pings while stopped" test "$n" -eq 0
t2=$(now_mono); sleep 0.6
n=$(pings_between "$t2" "$(now_mono)")
kvi_check "$T WATCHDOG=1 again after SIGCONT" "no ping within 0.6 s" test "$n" -ge 1

kill -HUP "$pid"
kvi_check "$T RELOADING=1 with MONOTONIC_USEC on SIGHUP" "no 'RELOADING=1|MONOTONIC_USEC='" \
    kvi_wait 3 heard_line "RELOADING=1|MONOTONIC_USEC="
kvi_check "$T READY=1 after the reload" "no READY=1 after RELOADING=1" \
    kvi_wait 3 bash -c "awk '/RELOADING=1/ { r = 1 } r && /READY=1/ { f = 1 } END { exit !f }' '$heard'"

kill -TERM "$pid"
kvi_check "$T STOPPING=1 on SIGTERM" "no 'STOPPING=1|EXTEND_TIMEOUT_USEC='" \
    kvi_wait 3 heard_line "STOPPING=1|EXTEND_TIMEOUT_USEC="
kvi_term_node lb1 5
kvi_check "$T exits 0" "exit status $KVI_RC" test "$KVI_RC" -eq 0
finish
