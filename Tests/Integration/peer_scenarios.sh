#!/usr/bin/env bash
# peer_scenarios.sh IMPL — `keepvip peer` as the Active router, IMPL (keepvip | keepalived) on lb1
# as the system under test: a Backup at priority 100 with unicast_peer 192.0.2.13.
#
# The peer (rogue, 192.0.2.13, priority 150, unicast to lb1) runs one scenario file, and a
# `keepvip peer --listen` on lb1 records every advert lb1 receives (text and --json):
#   silent          -> lb1 takes over after Active_Down_Interval (3.61 s)
#   priority 200    -> lb1 yields at once (the peer is still Active in its own view)
#   priority 0      -> lb1 takes over after Skew_Time (0.61 s), well before Active_Down_Interval
#   priority 200    -> the peer restarts as Backup, takes over on its own timeout, lb1 yields
#   bad-checksum 2  -> nothing changes on lb1, and --listen reports "drop checksum"
#   expect steps    -> the peer's own view of who is Active; it exits 1 if one fails
# The peer is not tuned to keepvip: the same scenario runs against keepalived.
#
# Then one `keepvip peer` process simulates several routers against lb1 (restarted with
# unicast_peer 192.0.2.13 and 192.0.2.14): a from 192.0.2.13 (configured on rogue), b from
# 192.0.2.14 (configured nowhere: an IPv4 header of the peer's own), an IPv6 router from the
# unconfigured 2001:db8::50, and, against keepvip only, c from the unconfigured 192.0.2.50,
# which is no unicast_peer (keepalived does not check unicast sources by default):
#   a silent        -> lb1 stays Backup: it hears b, whose source is spoofed
#   b priority 0    -> lb1 takes over after Skew_Time
#   c priority 250  -> keepvip drops it ("dropped advert from 192.0.2.50") and stays Active
# A `keepvip peer --listen` on the client, a third host, sees the unicast adverts between lb1
# and rogue (the bridge floods every frame: ageing_time 0, as a hub or a mirror port would).
#
# KEEPVIP selects the tool (default .build/release/keepvip), KEEPVIPD the daemon.
# Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

IMPL=${1:-keepvip}
T="peer[$IMPL]"
KEEPVIP=${KEEPVIP:-.build/release/keepvip}
case $KEEPVIP in /*) ;; *) KEEPVIP=$KVI_REPO_ROOT/$KEEPVIP ;; esac

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

why=$(kvi_impl_available "$IMPL") || fatal "$T setup" "$why"
[[ -x $KEEPVIP ]] || fatal "$T setup" "keepvip not found at $KEEPVIP (set KEEPVIP)"
kvi_topology_up lb1 rogue client || fatal "$T setup" "could not build the namespace topology"
# Forget every MAC at once: the bridge floods unicast to every port, so the client sees it.
ip -n "$KVI_BR_NS" link set br0 type bridge ageing_time 0 || fatal "$T setup" "could not set the bridge's ageing_time"

kvi_gen_conf lb1 BACKUP 100 192.0.2.11 192.0.2.13 >"$KVI_RUN_DIR/lb1.conf"
peer_out=$KVI_RUN_DIR/peer.out
listen_out=$KVI_RUN_DIR/listen.out
listen_json=$KVI_RUN_DIR/listen.json
cat >"$KVI_RUN_DIR/scenario" <<'SCENARIO'
# the Active router lb1 backs up
vrid 101
priority 150
unicast 192.0.2.11
auth-pass password
vip 192.0.2.200

8s   silent
16s  expect master 192.0.2.11
17s  priority 200
21s  expect master 192.0.2.13
22s  priority 0
26s  expect master 192.0.2.11
27s  priority 200
34s  expect master 192.0.2.13
35s  bad-checksum 2
41s  expect master 192.0.2.13
42s  stop
SCENARIO

# seen FILE STRING [N]: STRING is on at least N (1) lines of FILE
seen() { (($(grep -cF -- "$2" "$1" 2>/dev/null) >= ${3:-1})); }
# after STEP TIMEOUT [N]: wait for the Nth "step  STEP" line of the peer
after() { kvi_wait "$2" seen "$peer_out" "step  $1" "${3:-1}"; }

kvi_bg lb1 "$KEEPVIP" peer -i ens5 --listen --vrid 101 --auth-pass password --unicast 192.0.2.13 >"$listen_out" 2>&1
kvi_bg lb1 "$KEEPVIP" peer -i ens5 --listen --json >"$listen_json" 2>&1
client_json=$KVI_RUN_DIR/client.json
kvi_bg client "$KEEPVIP" peer -i ens5 --listen --json >"$client_json" 2>&1
kvi_bg rogue "$KEEPVIP" peer -i ens5 --scenario "$KVI_RUN_DIR/scenario" >"$peer_out" 2>"$KVI_RUN_DIR/peer.err"
peer_pid=$KVI_BG_PID

kvi_wait 6 seen "$peer_out" "state BACKUP -> MASTER" ||
    fatal "$T peer becomes Active" "no 'state BACKUP -> MASTER' within 6s: $(cat "$KVI_RUN_DIR/peer.err")"
kvi_pass "$T peer becomes Active on its own timeout"

kvi_start_node lb1 "$IMPL" || fatal "$T start lb1" "could not start $IMPL"
if kvi_hold 3 kvi_no_vip lb1; then
    kvi_pass "$T lb1 stays Backup under the peer"
else
    kvi_fail "$T lb1 stays Backup under the peer" "lb1 took $KVI_VIP after $(kvi_fmt_s "$KVI_WAITED_US")s"
fi

# 1. Silence: the Backup takes over within Active_Down_Interval of the last advert (which came
#    at most one interval before the step), and not before Active_Down_Interval minus one interval.
after silent 10 || fatal "$T silent" "the peer never ran its 'silent' step"
if kvi_wait_vip lb1 "$(kvi_fmt_s $((KVI_MDI_US + 600000)))"; then
    took=$KVI_WAITED_US
    if ((took >= KVI_MDI_US - 1000000 - 100000)); then
        kvi_pass "$T peer silent: lb1 takes over after $(kvi_fmt_s "$took")s (Active_Down_Interval 3.609s)"
    else
        kvi_fail "$T peer silent: lb1 takes over after Active_Down_Interval" "took over after only $(kvi_fmt_s "$took")s"
    fi
else
    kvi_fail "$T peer silent: lb1 takes over" "no $KVI_VIP on lb1 within Active_Down_Interval + 0.6s"
fi

# 2. The peer returns with a higher priority: the Active lb1 yields at once.
after "priority 200" 10 || fatal "$T priority 200" "the peer never ran 'priority 200'"
kvi_check "$T peer returns with priority 200: lb1 yields" \
    "lb1 still has $KVI_VIP 1.5s after the peer's priority 200" kvi_wait_no_vip lb1 1.5

# 3. The peer resigns: the Backup takes over after Skew_Time, not Active_Down_Interval.
after "priority 0" 7 || fatal "$T priority 0" "the peer never ran 'priority 0'"
if kvi_wait_vip lb1 2; then
    took=$KVI_WAITED_US
    if ((took < KVI_MDI_US - 1000000)); then
        kvi_pass "$T peer sends priority 0: lb1 takes over after $(kvi_fmt_s "$took")s (Skew_Time 0.609s)"
    else
        kvi_fail "$T peer sends priority 0: lb1 takes over after Skew_Time" "took $(kvi_fmt_s "$took")s"
    fi
else
    kvi_fail "$T peer sends priority 0: lb1 takes over after Skew_Time" "no $KVI_VIP on lb1 within 2s"
fi

# 4. The peer comes back at 200 as a Backup: it preempts on its own timeout and lb1 yields.
# (Its Active_Down_Interval at 200 is 3.22 s; lb1 holds until then.)
after "priority 200" 7 2 || fatal "$T priority 200 again" "the peer never ran its second 'priority 200'"
kvi_check "$T peer restarts at priority 200: lb1 yields" \
    "lb1 still has $KVI_VIP 4.5s after the peer's restart" kvi_wait_no_vip lb1 4.5

# 5. Bad checksums: nothing changes on lb1 and the listener names the reason.
after "bad-checksum 2" 10 || fatal "$T bad-checksum" "the peer never ran 'bad-checksum 2'"
if kvi_hold 5 kvi_no_vip lb1; then
    kvi_pass "$T bad checksums: lb1 stays Backup"
else
    kvi_fail "$T bad checksums: lb1 stays Backup" "lb1 took $KVI_VIP $(kvi_fmt_s "$KVI_WAITED_US")s after the step"
fi
kvi_check "$T bad checksums: the peer marks what it sent" "no 'checksum BAD' line in the peer's output" \
    seen "$peer_out" "checksum BAD"
kvi_check "$T --listen reports the bad checksum" "no 'verdict drop checksum: bad checksum' in $listen_out" \
    seen "$listen_out" "verdict drop checksum: bad checksum"
kvi_check "$T --listen --json reports the bad checksum" "no '\"reason\":\"checksum\"' in $listen_json" \
    seen "$listen_json" '"verdict":"drop","reason":"checksum"'
kvi_check "$T --listen judges the peer's good adverts valid" "no 'from the peer ... verdict valid' line" \
    grep -qE "vrid 101 v2 prio (150|200) int 1s 192\.0\.2\.13 -> 192\.0\.2\.11 ttl 255 addrs 192\.0\.2\.200 verdict valid$" "$listen_out"
kvi_check "$T the peer judges $IMPL's adverts valid" "no 'recv ... from lb1 ... verdict valid' line" \
    grep -qE "recv  vrid 101 v2 prio 100 int 1s 192\.0\.2\.11 -> 192\.0\.2\.13 ttl 255 addrs 192\.0\.2\.200 verdict valid$" "$peer_out"

# 6. The peer's own expectations, and its exit status.
kvi_wait 8 kvi_exited "$peer_pid"
if kvi_exited "$peer_pid"; then
    wait "$peer_pid"
    rc=$?
    kvi_check "$T peer's expect steps pass (exit 0)" \
        "exit $rc: $(grep -F FAILED "$peer_out" | tr '\n' ';')" test "$rc" -eq 0
else
    kvi_fail "$T peer stops at its 'stop' step" "still running 8s after the last step was due"
fi
expects=$(grep -cE "expect master .*: ok$" "$peer_out")
kvi_check "$T peer reported 5 expectations ok" "$expects ok" test "$expects" -eq 5

# 7. A listener on a third host sees the unicast adverts between lb1 and rogue.
kvi_check "$T --listen on the client sees the peer's unicast to lb1" "no 192.0.2.13 -> 192.0.2.11 advert in $client_json" \
    seen "$client_json" '"source":"192.0.2.13","destination":"192.0.2.11","ttl":255'
kvi_check "$T --listen on the client sees lb1's unicast to the peer" "no 192.0.2.11 -> 192.0.2.13 advert in $client_json" \
    seen "$client_json" '"source":"192.0.2.11","destination":"192.0.2.13","ttl":255'

# 8. Several routers in one process, two of them from addresses configured nowhere.
kvi_term_node lb1
kvi_gen_conf lb1 BACKUP 100 192.0.2.11 192.0.2.13 192.0.2.14 >"$KVI_RUN_DIR/lb1.conf"
routers_out=$KVI_RUN_DIR/routers.out
{
    cat <<'SCENARIO'
vrid 101
router a
source 192.0.2.13
priority 150
unicast 192.0.2.11
auth-pass password
vip 192.0.2.200
router b                 # configured nowhere
source 192.0.2.14
priority 120
unicast 192.0.2.11
auth-pass password
vip 192.0.2.200
router v6                # configured nowhere
family ipv6
source 2001:db8::50
unicast 2001:db8::11
vip 2001:db8::200
SCENARIO
    # Against keepvip only: a router that is no unicast_peer of lb1, configured nowhere.
    [[ $IMPL == keepvip ]] && cat <<'SCENARIO'
router c
source 192.0.2.50
priority 250
unicast 192.0.2.11
auth-pass password
vip 192.0.2.200
SCENARIO
    cat <<'SCENARIO'

8s   a silent
15s  b priority 0
18s  a expect master 192.0.2.11
19s  stop
SCENARIO
} >"$KVI_RUN_DIR/routers"
kvi_bg rogue "$KEEPVIP" peer -i ens5 --scenario "$KVI_RUN_DIR/routers" >"$routers_out" 2>"$KVI_RUN_DIR/routers.err"
routers_pid=$KVI_BG_PID
kvi_wait 6 seen "$routers_out" "[b] state BACKUP -> MASTER" ||
    fatal "$T routers a and b become Active" "no '[b] state BACKUP -> MASTER' within 6s: $(cat "$KVI_RUN_DIR/routers.err")"
kvi_check "$T router a becomes Active too" "no '[a] state BACKUP -> MASTER'" seen "$routers_out" "[a] state BACKUP -> MASTER"
mark=$(kvi_log_mark lb1)
kvi_start_node lb1 "$IMPL" || fatal "$T restart lb1" "could not start $IMPL"
rafter() { kvi_wait "$2" seen "$routers_out" "[$1] step  $3"; }
rafter a 10 silent || fatal "$T a silent" "router a never ran its 'silent' step"
if kvi_hold 5 kvi_no_vip lb1; then
    kvi_pass "$T a silent: lb1 stays Backup under b, sending from 192.0.2.14 (configured nowhere)"
else
    kvi_fail "$T a silent: lb1 stays Backup under b" "lb1 took $KVI_VIP $(kvi_fmt_s "$KVI_WAITED_US")s after a's 'silent'"
fi
rafter b 5 "priority 0" || fatal "$T b priority 0" "router b never ran 'priority 0'"
if kvi_wait_vip lb1 2; then
    kvi_pass "$T b (spoofed source) sends priority 0: lb1 takes over after $(kvi_fmt_s "$KVI_WAITED_US")s"
else
    kvi_fail "$T b (spoofed source) sends priority 0: lb1 takes over" "no $KVI_VIP on lb1 within 2s"
fi
kvi_wait 6 kvi_exited "$routers_pid"
if kvi_exited "$routers_pid"; then
    wait "$routers_pid"
    rc=$?
    kvi_check "$T routers' expect steps pass (exit 0)" "exit $rc: $(grep -F FAILED "$routers_out" | tr '\n' ';')" test "$rc" -eq 0
else
    kvi_fail "$T routers stop at their 'stop' step" "still running 6s after the last step was due"
fi
kvi_check "$T --listen on lb1 judges b's spoofed adverts valid" "no 192.0.2.14 advert with TTL 255 judged valid in $listen_json" \
    grep -qE '"source":"192\.0\.2\.14","destination":"192\.0\.2\.11","ttl":255,.*"priority":120,.*"verdict":"valid"' "$listen_json"
kvi_check "$T --listen on lb1 shows the IPv6 router's spoofed source" "no 2001:db8::50 advert in $listen_json" \
    seen "$listen_json" '"source":"2001:db8::50","destination":"2001:db8::11","ttl":255'
# sent_elsewhere: an advert from a spoofed source that the client saw going anywhere but lb1
sent_elsewhere() {
    grep -E '"source":"(192\.0\.2\.(14|50)|2001:db8::50)"' "$client_json" |
        grep -vE '"destination":"(192\.0\.2\.11|2001:db8::11)"'
}
kvi_check "$T the client saw the spoofed adverts" "no advert from 192.0.2.14 in $client_json" \
    seen "$client_json" '"source":"192.0.2.14","destination":"192.0.2.11","ttl":255'
kvi_check "$T the spoofed routers sent only to lb1" "$(sent_elsewhere | head -1)" test -z "$(sent_elsewhere)"
if [[ $IMPL == keepvip ]]; then
    kvi_check "$T keepvip drops c, sending from 192.0.2.50 (no unicast_peer)" "no 'dropped advert from 192.0.2.50' in lb1's log" \
        kvi_log_has lb1 "$mark" "dropped advert from 192.0.2.50"
    kvi_check "$T --listen on lb1 reports c's verdict" "no '192.0.2.50 -> 192.0.2.11 ttl 255 ... verdict drop source' in $listen_out" \
        grep -qE "192\.0\.2\.50 -> 192\.0\.2\.11 ttl 255 .* verdict drop source" "$listen_out"
fi
finish
