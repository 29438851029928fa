#!/usr/bin/env bash
# lab.sh — `keepvip lab` end to end (run as root): up with 3 hosts, exactly one Active,
# kill it, exactly one other takes over in time, link / partition / heal / loss, down;
# a multicast dual-stack template (IPv4 + IPv6 VIPs, VRRPv3) with `watch` and `stop`;
# leaves no namespace, veth or process; Ctrl-C (SIGINT) during `up` leaves nothing
# (the lab cleans up itself), and a `down` after `up` was SIGKILLed leaves nothing.
#
#   KEEPVIP=path/to/keepvip (default .build/release/keepvip); keepvipd is found next to
#   it unless KEEPVIPD is set. Nothing is skipped: a missing binary is a FAIL.

set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
KEEPVIP=${KEEPVIP:-.build/release/keepvip}
case $KEEPVIP in /*) ;; *) KEEPVIP=$root/$KEEPVIP ;; esac
LAB=t$$
npass=0 nfail=0
pass() { npass=$((npass + 1)); echo "PASS $1"; }
fail() { nfail=$((nfail + 1)); echo "FAIL $1: $2"; }
summary() { echo "$npass passed, $nfail failed"; [[ $nfail -eq 0 ]]; }
lab() { "$KEEPVIP" lab "$1" --name "$LAB" "${@:2}"; }
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
cleanup() {
    trap - EXIT INT TERM
    for n in "$LAB" "c$$"; do "$KEEPVIP" lab down --name "$n" >/dev/null 2>&1; done
}
trap cleanup EXIT
trap 'fail interrupted signal; summary; exit 130' INT TERM

[[ $(id -u) -eq 0 ]] || { echo "FAIL setup: must run as root (network namespaces)"; echo "0 passed, 1 failed"; exit 1; }
[[ -x $KEEPVIP ]] || { echo "FAIL setup: no keepvip at $KEEPVIP"; echo "0 passed, 1 failed"; exit 1; }
cd "$root" || exit 1

actives() { lab status 2>/dev/null | sed -n 's/^instance .*: Active //p'; }   # e.g. "h1" or "h1 h3" or "none"
one_active() { local a; a=$(actives); [[ -n $a && $a != none && $a != *" "* ]]; }
wait_for() { # SECONDS CMD...
    local end=$(($(now_us) + ${1%.*} * 1000000)); shift
    while (($(now_us) < end)); do "$@" && return 0; sleep 0.1; done
    "$@"
}
# leftovers NAME: what the lab NAME left behind (empty when nothing)
leftovers() {
    local n=$1
    ip netns list | awk '{print $1}' | grep "^kvlab-$n-" | sed 's/^/netns /'
    ip -o link show | grep -oE ' p-(h[0-9]|client)@[^:]*' | sed 's/^ /veth /'
    ps -eo pid=,args= | grep -F "/run/keepvip-lab/$n/" | grep -v grep | sed 's/^/process /'
    [[ -e /run/keepvip-lab/$n ]] && echo "state dir /run/keepvip-lab/$n"
    [[ -n ${2:-} ]] && for p in $2; do [[ -e /proc/$p ]] && echo "process $p"; done
    return 0
}

# ---------------------------------------------------------------- up, election
if out=$(lab up -n 3 2>&1); then pass "up -n 3"; else fail "up -n 3" "$out"; summary; exit 1; fi
[[ $(ip netns list | grep -c "^kvlab-$LAB-") -eq 5 ]] && pass "up made 5 namespaces (3 hosts, client, bridge)" \
    || fail "up namespaces" "$(ip netns list | grep "^kvlab-$LAB-" | tr '\n' ' ')"
pids=$(awk '$1 == "pid" {print $2}' "/run/keepvip-lab/$LAB/state" | tr '\n' ' ')
if wait_for 8 one_active && [[ $(actives) == h1 ]]; then pass "status: exactly one Active (h1, the highest priority)"
else fail "election" "Active: $(actives)"; lab status; fi
if ip netns exec "kvlab-$LAB-client" ping -c1 -W1 -q 192.0.2.200 >/dev/null 2>&1; then pass "client reaches the VIP"
else fail "client ping" "no reply from 192.0.2.200"; fi

# ---------------------------------------------------------------- kill the Active
sleep 1
victim=$(actives)
lab kill "$victim" >/dev/null
t0=$(now_us)
# Master_Down_Interval for priority 100 at advert_int 1 s: 3 + 156/256 = 3.61 s; margin 1.4 s.
others() { local a; a=$(actives); one_active && [[ $a != "$victim" ]]; }
if wait_for 5 others; then
    took=$((($(now_us) - t0) / 1000))
    pass "kill $victim: exactly one other host Active ($(actives)) after ${took} ms (limit 5000)"
else fail "takeover" "Active: $(actives) 5 s after killing $victim"; lab status; fi
sleep 1.5
one_active && [[ $(actives) == h2 ]] && pass "still exactly one Active (h2) 1.5 s later" || fail "after takeover" "Active: $(actives)"
lab start "$victim" >/dev/null && wait_for 8 eval '[[ $(actives) == h1 ]]' \
    && pass "start $victim: it preempts, Active h1 again" || fail "restart" "Active: $(actives)"

# ---------------------------------------------------------------- link, partition, heal, loss
lab link h3 down >/dev/null && lab status | grep -qE '^  h3 .*link down' && pass "link h3 down" || fail "link down" "$(lab status)"
lab link h3 up >/dev/null && lab status | grep -qE '^  h3 .*link up' && pass "link h3 up" || fail "link up" "$(lab status)"
lab partition h3 >/dev/null
if wait_for 6 eval '[[ $(actives) == "h1 h3" ]]'; then pass "partition h3: h3 cut off becomes Active too (h1 h3)"
else fail "partition" "Active: $(actives)"; fi
lab heal >/dev/null
if wait_for 5 eval '[[ $(actives) == h1 ]]'; then pass "heal: h3 hears h1 again, one Active (h1)"; else fail "heal" "Active: $(actives)"; fi
if lab loss 20 >/dev/null && lab status | head -1 | grep -q "loss 20%"; then pass "loss 20"; else fail "loss 20" "$(lab status | head -1)"; fi
if lab loss 0 >/dev/null && ! lab status | head -1 | grep -q "loss"; then pass "loss 0"; else fail "loss 0" "$(lab status | head -1)"; fi
out=$(lab watch --duration 1 2>&1)
[[ $(grep -c "Entering MASTER STATE" <<<"$out") -ge 3 && $out == *"client 192.0.2.200 reachable via h1"* ]] \
    && pass "watch: merged timeline with the takeovers and the client's view" || fail "watch" "$out"
sorted=$(awk '{print $1}' <<<"$out" | sort -c 2>&1) && pass "watch: time-ordered" || fail "watch order" "$sorted"

# ---------------------------------------------------------------- down
lab down >/dev/null
left=$(leftovers "$LAB" "$pids")
[[ -z $left ]] && pass "down leaves no namespace, veth, process or state" || fail "down" "$left"

# ---------------------------------------------------------------- a multicast, dual-stack template; stop
tmpl=$(mktemp)
cat >"$tmpl" <<'EOF'
global_defs {
    vrrp_version 3
}
vrrp_instance four1 {
    interface eth0
    virtual_router_id 61
    priority 150
    advert_int 0.5
    virtual_ipaddress {
        192.0.2.210/24
    }
}
vrrp_instance six1 {
    interface eth0
    virtual_router_id 62
    priority 150
    advert_int 0.5
    virtual_ipaddress {
        2001:db8::200/64
    }
}
EOF
both_on() { # HOST: h's instances both Active, nobody else's
    [[ $(lab status 2>/dev/null | sed -n "s/^instance four1 .*: Active //p") == "$1" &&
        $(lab status 2>/dev/null | sed -n "s/^instance six1 .*: Active //p") == "$1" ]]
}
if out=$(lab up -n 2 -f "$tmpl" 2>&1); then pass "up -n 2 with a multicast IPv4 + IPv6 template"
else fail "up with template" "$out"; fi
pids=$(awk '$1 == "pid" {print $2}' "/run/keepvip-lab/$LAB/state" | tr '\n' ' ')
wait_for 8 both_on h1 && pass "template: h1 Active for both instances" || fail "template election" "$(lab status)"
out=$(lab watch --duration 1 2>&1)
[[ $out == *"client 2001:db8::200 reachable via h1"* && $out == *"client 192.0.2.210 reachable via h1"* ]] \
    && pass "watch: the client reaches the IPv6 and the IPv4 VIP via h1" || fail "watch dual-stack" "$out"
if lab stop h1 | grep -q 'stopped (SIGTERM)' && wait_for 4 both_on h2; then
    pass "stop h1 (SIGTERM): h2 takes both instances over"
else fail "stop" "$(lab status)"; fi
lab status | grep -qE '^  h1 .*keepvipd down' && pass "status shows h1's keepvipd down" || fail "status after stop" "$(lab status)"
lab down >/dev/null
rm -f "$tmpl"
left=$(leftovers "$LAB" "$pids")
[[ -z $left ]] && pass "down after the template lab leaves nothing" || fail "down (template)" "$left"

# ---------------------------------------------------------------- refusals
out=$(setpriv --bounding-set -sys_admin -- "$KEEPVIP" lab up --name "c$$" -n 2 2>&1) && fail "up without CAP_SYS_ADMIN" "accepted" \
    || { [[ $out == *"CAP_SYS_ADMIN (to create network namespaces)"* ]] && pass "up without CAP_SYS_ADMIN refused, naming the right" \
        || fail "up without CAP_SYS_ADMIN" "$out"; }
[[ -z $(leftovers "c$$") ]] && pass "the refusal leaves nothing" || fail "rights refusal leftovers" "$(leftovers "c$$")"
bad=$(mktemp)
sed 's/192.0.2.200\/24/10.0.0.200\/24/' etc/keepvip/keepvip.conf >"$bad"
out=$("$KEEPVIP" lab up --name "c$$" -f "$bad" 2>&1) && fail "template outside the ranges" "accepted" \
    || { [[ $out == *"$bad:"*":9: error: 10.0.0.200 is outside"* ]] && pass "template outside the ranges refused with file:line:column" || fail "bad template message" "$out"; }
rm -f "$bad"
[[ -z $(leftovers "c$$") ]] && pass "a refused template leaves nothing" || fail "refusal leftovers" "$(leftovers "c$$")"

# ---------------------------------------------------------------- Ctrl-C during up, SIGKILL then down
for delay in 0.01 0.03 0.06 0.1 0.15 1; do
    "$KEEPVIP" lab up --name "c$$" -n 3 >/dev/null 2>&1 &
    upid=$!
    sleep "$delay"
    kill -INT "$upid" 2>/dev/null
    wait "$upid"
    rc=$?
    # Exit 130: interrupted, and the lab removed what it had made. Exit 0: `up` had finished
    # before the signal (the lab stays up, as asked): `down` must then remove it.
    [[ $rc -eq 0 ]] && "$KEEPVIP" lab down --name "c$$" >/dev/null
    left=$(leftovers "c$$")
    [[ -z $left ]] && pass "SIGINT after ${delay} s (exit $rc): nothing left" || fail "SIGINT after ${delay} s (exit $rc)" "$left"
done
for delay in 0.03 0.08; do
    "$KEEPVIP" lab up --name "c$$" -n 3 >/dev/null 2>&1 &
    upid=$!
    sleep "$delay"
    kill -KILL "$upid" 2>/dev/null
    wait "$upid" 2>/dev/null
    "$KEEPVIP" lab down --name "c$$" >/dev/null
    left=$(leftovers "c$$")
    [[ -z $left ]] && pass "SIGKILL of up after ${delay} s, then down: nothing left" || fail "SIGKILL after ${delay} s" "$left"
done
summary
