#!/usr/bin/env bash
# control.sh — keepvipd's control socket and the `keepvip status | stats | reload` commands,
# on a keepvip pair (lb1 priority 150 Active, lb2 priority 100 Backup):
#   status:  one row per instance with state, priority, who is Active, VIP, last transition;
#            --json parses and carries schema_version 1; the socket is 0600 root (0660 with
#            group keepvip when that group exists)
#   stats:   adverts sent by lb1 and received by lb2 counted
#   reload:  an applied reload prints its summary line (exit 0); a broken file prints the error
#            with file:line:column and the refusal (exit 1)
#   hostile: a bad request gets one error line; an over-long one is refused; 40 idle clients
#            (more than the 16 served) are turned away or closed at their 5 s deadline, while
#            lb2 never misses lb1's adverts; afterwards status answers again
#   group:   with a group keepvip (made for the test when missing), the directory the daemon makes is
#            0750 and the socket 0660, both group keepvip
#   limits:  a second keepvipd on the same socket refuses to start; a stopped daemon removes
#            its socket and `keepvip status` exits 3 with a line saying so
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

T=control
KEEPVIP=${KEEPVIP:-$KVI_REPO_ROOT/.build/release/keepvip}

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

why=$(kvi_impl_available keepvip) || fatal "$T setup" "$why"
[[ -x $KEEPVIP ]] || fatal "$T setup" "keepvip not found at $KEEPVIP (set KEEPVIP)"

kvi_topology_up lb1 lb2 client || fatal "$T setup" "could not build the namespace topology"
kvi_gen_conf loadbalancer1 BACKUP 150 192.0.2.11 192.0.2.12 >"$KVI_RUN_DIR/lb1.conf"
kvi_gen_conf loadbalancer2 BACKUP 100 192.0.2.12 192.0.2.11 >"$KVI_RUN_DIR/lb2.conf"
kvi_start_node lb1 keepvip || fatal "$T start lb1" "could not start keepvipd"
kvi_wait_vip lb1 6 || fatal "$T lb1 holds the VIP" "no $KVI_VIP on lb1 within 6s"
kvi_start_node lb2 keepvip || fatal "$T start lb2" "could not start keepvipd"
sock1=$(kvi_control_socket lb1)
sock2=$(kvi_control_socket lb2)
kvi_wait 5 test -S "$sock2" || fatal "$T lb2 control socket" "no socket at $sock2"
sleep 1.5

ctl() { "$KEEPVIP" "$@"; } # keepvip COMMAND --control-socket … (the socket path is outside any namespace)

# ---- status ----
out=$(ctl status --control-socket "$sock1"); rc=$?
row=$(grep -m1 '^loadbalancer1 ' <<<"$out")
kvi_check "$T status exits 0" "exit $rc" test "$rc" -eq 0
kvi_check "$T lb1 row: Active, priority, this host, VIP, why" "$row" \
    bash -c '[[ $0 == *"Active (MASTER)"* && $0 == *"150/150"* && $0 == *"192.0.2.11 (this host)"* && $0 == *"'"$KVI_VIP"'/24"* && $0 == *"Backup → Active: Receive advertisement timeout" ]]' "$row"
row=$(ctl status --control-socket "$sock2" | grep -m1 '^loadbalancer2 ')
kvi_check "$T lb2 row: Backup, and lb1 is the Active router" "$row" \
    bash -c '[[ $0 == *"Backup (BACKUP)"* && $0 == *"100/100"* && $0 == *" 192.0.2.11 "* ]]' "$row"
json=$(ctl status --json --control-socket "$sock1")
kvi_check "$T status --json parses, schema_version 1, state active" "$json" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
i = d["instances"][0]
assert d["schema_version"] == 1 and i["state"] == "active" and i["keepalived_state"] == "MASTER", d
assert i["active_router"] == "192.0.2.11" and i["counters"]["adverts_sent"] > 0, i
' "$json"
if getent group keepvip >/dev/null; then want="srw-rw---- root keepvip"; else want="srw------- root root"; fi
got=$(stat -c '%A %U %G' "$sock1")
kvi_check "$T socket permissions ($want)" "$got" test "$got" = "$want"

# ---- stats ----
sent=$(ctl stats --control-socket "$sock1" | awk '/^adverts sent / { print $NF }')
received=$(ctl stats --control-socket "$sock2" | awk '/^adverts received / { print $NF }')
kvi_check "$T stats: lb1 sent adverts, lb2 received them ($sent, $received)" "sent '$sent', received '$received'" \
    bash -c '(( ${0:-0} > 0 && ${1:-0} > 0 && ${1:-0} <= ${0:-0} ))' "$sent" "$received"

# ---- reload ----
kvi_gen_conf loadbalancer1 BACKUP 160 192.0.2.11 192.0.2.12 >"$KVI_RUN_DIR/lb1.conf"
out=$(ctl reload --control-socket "$sock1" 2>&1); rc=$?
kvi_check "$T reload applied: exit 0 and the summary line" "exit $rc: $out" \
    bash -c '[[ $1 -eq 0 && $0 == "reload: 0 unchanged, 1 changed (loadbalancer1: priority 150→160)"* ]]' "$out" "$rc"
sed -i 's/priority 160/priority 300/' "$KVI_RUN_DIR/lb1.conf"
out=$(ctl reload --control-socket "$sock1" 2>&1); rc=$?
kvi_check "$T reload refused: exit 1, file:line:column and the refusal" "exit $rc: $out" \
    bash -c '[[ $1 -eq 1 && $0 == *"lb1.conf:5:14: error: priority 300"* && $0 == *"reload refused: 1 error(s)"* ]]' "$out" "$rc"

# ---- hostile clients ----
# client.py SOCKET MODE: speaks to the socket as a hostile client would.
client() {
    python3 - "$@" <<'EOF'
import socket, sys, time
path, mode = sys.argv[1], sys.argv[2]
def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s
def answer(s):
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data.decode(errors="replace")
        data += chunk
if mode == "bogus":
    s = connect(); s.sendall(b"bogus\x01\n"); print(answer(s), end="")
elif mode == "long":
    s = connect(); s.sendall(b"x" * 5000); print(answer(s), end="")
elif mode == "idle":
    # 40 clients that connect and say nothing; report how many were turned away at once
    # (busy) and how long the others were kept before the daemon closed them.
    # Timed from before the first connect: a connect past the listen backlog waits its turn.
    start = time.monotonic()
    clients = [connect() for _ in range(40)]
    busy, closed_after = 0, []
    for s in clients:
        s.settimeout(10)
        data = answer(s)
        if data.startswith("error\nbusy"):
            busy += 1
        else:
            closed_after.append(time.monotonic() - start)
    print(busy, len(closed_after), round(max(closed_after or [0]), 1))
EOF
}
out=$(client "$sock1" bogus)
one_error_line() { [[ $out == "error"$'\n'"bad request: unknown command 'bogus?'"* && $(wc -l <<<"$out") -eq 2 ]]; }
kvi_check "$T a bad request gets one error line" "$out" one_error_line
out=$(client "$sock1" long)
kvi_check "$T an over-long request is refused" "$out" bash -c '[[ $0 == *"bad request: longer than 1024 bytes"* ]]' "$out"
m2=$(kvi_log_mark lb2)
read -r busy kept longest < <(client "$sock1" idle)
kvi_check "$T 40 idle clients: 16 kept until their 5 s deadline, the rest turned away" \
    "busy $busy, kept $kept, closed after ${longest}s" \
    bash -c '(( $0 == 24 && $1 == 16 )) && awk -v t="$2" "BEGIN { exit !(t >= 4.5 && t <= 8) }"' "$busy" "$kept" "$longest"
no_timeout() { ! kvi_log_has lb2 "$m2" "Receive advertisement timeout"; }
kvi_check "$T lb2 never missed an advert meanwhile" "lb2 logged a timeout" no_timeout
answers() { ctl status --control-socket "$sock1" >/dev/null; }
kvi_check "$T status answers again afterwards" "no answer" answers

# ---- the keepvip group: operators without root ----
if ! getent group keepvip >/dev/null; then
    groupadd --system keepvip || fatal "$T setup" "groupadd keepvip failed"
    # Removed in every exit path; the test's own exit status is kept.
    trap 'rc=$?; getent group keepvip >/dev/null && groupdel keepvip; (exit $rc); kvi_cleanup' EXIT
fi
printf 'vrrp_instance waiting {\n    interface nope0\n    virtual_router_id 9\n    priority 100\n    virtual_ipaddress {\n        192.0.2.250/24\n    }\n}\n' >"$KVI_RUN_DIR/group.conf"
group_sock=$KVI_RUN_DIR/group/keepvip.sock
ip netns exec "$(kvi_ns lb1)" "$KEEPVIPD" -f "$KVI_RUN_DIR/group.conf" --control-socket "$group_sock" >"$KVI_RUN_DIR/group.log" 2>&1 &
group_daemon=$!
KVI_PIDS+=("$group_daemon")
kvi_wait 5 test -S "$group_sock" || fatal "$T group socket" "no socket at $group_sock: $(cat "$KVI_RUN_DIR/group.log")"
got="$(stat -c '%A %U %G' "$(dirname "$group_sock")") / $(stat -c '%A %U %G' "$group_sock")"
kvi_check "$T with a keepvip group: directory 0750 and socket 0660, group keepvip" "$got" \
    test "$got" = "drwxr-x--- root keepvip / srw-rw---- root keepvip"
kill -TERM "$group_daemon"
kvi_wait 5 kvi_exited "$group_daemon"

# ---- one daemon per socket; a stopped daemon ----
log=$KVI_RUN_DIR/second.log
ip netns exec "$(kvi_ns lb1)" "$KEEPVIPD" -f "$KVI_RUN_DIR/lb2.conf" --control-socket "$sock1" >"$log" 2>&1 &
second=$!
KVI_PIDS+=("$second")
refused_to_start() { kvi_wait 5 kvi_exited "$second" && grep -qF "another keepvipd answers at $sock1" "$log"; }
kvi_check "$T a second keepvipd on the same socket refuses to start" "still running, or: $(cat "$log")" refused_to_start
kvi_term_node lb1
kvi_check "$T the stopped daemon removed its socket" "$sock1 still there" bash -c '! test -e "$0"' "$sock1"
out=$(ctl status --control-socket "$sock1" 2>&1); rc=$?
kvi_check "$T status of a stopped daemon: exit 3, says so" "exit $rc: $out" \
    bash -c '[[ $1 -eq 3 && $0 == "keepvip: keepvipd is not running"* ]]' "$out" "$rc"
finish
