#!/usr/bin/env bash
# demo.sh — what `make demo` runs (as root): a short scripted `keepvip lab` session.
# Three load balancers and a client in network namespaces share the VIP 192.0.2.200
# (etc/keepvip/keepvip.conf, adapted per host); the election, a crash of the Active
# host with the measured takeover, its restart and preemption, then `lab down`.
# `keepvip lab watch` prints the merged timeline as it happens.
#
#   KEEPVIP=path/to/keepvip (default .build/release/keepvip; keepvipd next to it, or KEEPVIPD)

set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
KEEPVIP=${KEEPVIP:-.build/release/keepvip}
case $KEEPVIP in /*) ;; *) KEEPVIP=$root/$KEEPVIP ;; esac
cd "$root" || exit 1
if [[ -t 1 ]]; then B=$'\e[1m' G=$'\e[32m' N=$'\e[0m'; else B='' G='' N=''; fi
say() { printf '\n%s==> %s%s\n' "$B" "$*" "$N"; }
ok() { printf '    %s%s%s\n' "$G" "$*" "$N"; }
lab() { echo "\$ keepvip lab $*" | sed 's/ --name demo//'; "$KEEPVIP" lab "$@" --name demo; }
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
secs() { printf '%d.%03d' $(($1 / 1000000)) $((($1 % 1000000) / 1000)); }
has_vip() { [[ $(ip -n "kvlab-demo-$1" -o -4 addr show dev ens5 2>/dev/null) == *" 192.0.2.200/"* ]]; }
active() { "$KEEPVIP" lab status --name demo | sed -n 's/^instance .*: Active //p'; }
# wait_until SECONDS CMD...: poll every 20 ms; elapsed microseconds in WAITED
wait_until() {
    local t0 end; t0=$(now_us); end=$((t0 + $1 * 1000000)); shift
    until "$@"; do (($(now_us) > end)) && return 1; sleep 0.02; done
    WAITED=$(($(now_us) - t0))
}
watcher=
finish() {
    trap - EXIT INT TERM
    [[ -n $watcher ]] && kill "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
    "$KEEPVIP" lab down --name demo >/dev/null 2>&1
}
trap finish EXIT
trap 'exit 130' INT TERM

[[ $(id -u) -eq 0 ]] || { echo "demo.sh needs root (it creates network namespaces)"; exit 1; }
[[ -x $KEEPVIP ]] || { echo "no keepvip at $KEEPVIP (make build)"; exit 1; }
"$KEEPVIP" lab down --name demo >/dev/null 2>&1 # a previous demo killed half way

say "Building the lab: a bridge, hosts h1-h3 (192.0.2.11-13) and a client, keepvipd on each host"
lab up -n 3 || exit 1
echo "    h1 has priority 101, h2 100, h3 99; every host starts as Backup and waits Master_Down_Interval (~3.6 s)"
say "The timeline, from every host and the client ($ keepvip lab watch):"
"$KEEPVIP" lab watch --name demo > >(sed -u 's/^/    /') &
watcher=$!
wait_until 10 has_vip h1 || { echo "h1 did not become Active"; exit 1; }
sleep 1.5
say "Who is Active"
lab status | sed 's/^/    /'

say "Crash of the Active host: SIGKILL keepvipd on h1 and take its link down"
sleep 1
lab kill h1 | sed 's/^/    /'
lab link h1 down | sed 's/^/    /'
t=$(now_us)
taken() { has_vip h2 || has_vip h3; }
wait_until 6 taken || { echo "no takeover"; exit 1; }
sleep 0.5
ok "$(active) took over $(secs $WAITED) s after the crash (Master_Down_Interval for priority 100: 3.61 s after the last advert heard)"

say "h1 comes back: link up, keepvipd started again; with the higher priority it preempts"
sleep 1
lab link h1 up | sed 's/^/    /'
lab start h1 | sed 's/^/    /'
wait_until 10 eval 'has_vip h1 && ! has_vip h2' || { echo "h1 did not preempt"; exit 1; }
sleep 0.5
ok "h1 is Active again $(secs $WAITED) s after its restart"
sleep 1
lab status | sed 's/^/    /'

say "Removing everything"
kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null; watcher=
lab down | sed 's/^/    /'
left=$(ip netns list | grep -c '^kvlab-demo-')
ok "namespaces left: $left"
