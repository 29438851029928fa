#!/usr/bin/env bash
# run.sh — the whole integration suite (run as root).
#
#   failover_pair.sh  keepvip keepvip | keepvip keepalived | keepalived keepvip
#                     | keepalived keepalived (the harness's own reference)
#   rogue_peer.sh     keepvip (a test) | keepalived (reported, never failed)
#   peer_scenarios.sh keepvip | keepalived (`keepvip peer` as the Active router,
#                     the implementation as the Backup under test; both are tests)
#   address_extras.sh keepvip keepalived | keepalived keepvip
#                     (virtual_ipaddress_excluded and virtual_routes move with the VIP)
#   daemon_behaviour.sh  bad configuration, missing interface, SIGHUP, keepvip check
#   crafted_adverts.sh keepvip | keepalived (adverts keepalived drops: trailing
#                     bytes, a foreign address list, wrong destinations; both modes)
#   flood.sh          keepvip (20,000 junk packets/s at the Active and at the Backup
#                     host, a wrong-password drip: VIP stays, adverts on time, quiet log)
#   allocations.sh    heap allocations per advert in steady state (20 VRRPv3 instances at 100 ms,
#                     malloc counted by an LD_PRELOAD library): none on the Active or Backup host
#   systemd_notify.sh READY/STATUS/RELOADING/STOPPING and the watchdog, to a stand-in
#                     for systemd's notify socket (SIGSTOP silences the watchdog)
#   control.sh        keepvip status / stats / reload over the control socket; bad,
#                     over-long and idle clients; one daemon per socket; exit 3 when stopped
#   journal.sh        native journal fields (VRRP_INSTANCE, VRRP_STATE, VRRP_PEER, CODE_*) in a
#                     private journald; a stopped journal never delays an advert
#   metrics.sh        --metrics-listen scraped by Debian's prometheus, promtool clean;
#                     404/405/400/431/503 and stalled clients never delay an advert
#   start_order.sh    hosts started together: the lower priority never takes the VIP first
#                     (v3 50 ms and 10 ms; keepalived as the higher priority too)
#   handover.sh       keepvip | keepalived as the peer: SIGTERM, preempt back, keepvip handover
#                     and --cancel under a 10 ms ping, make-before-break (at most 5 lost)
#   reload.sh         keepvip keepvip | keepvip keepalived | keepalived keepvip
#                     (SIGHUP under a 10 ms ping: rolling change, broken file,
#                     instance removed from the Active host)
#   tracking.sh       vrrp_script, track_interface, FAULT, vrrp_sync_group, notify order,
#                     notify_stop, notify_fifo, a hanging script, script security
#   install.sh        make install / uninstall into a staging root
#   deb.sh            make deb: lintian clean; dpkg -i, run with every default path, status,
#                     reload, dpkg -r keeps conffiles, dpkg -P removes them
#   unit_sandbox.sh   the unit: systemd-analyze verify, exposure ≤ 3.5, every system call of a
#                     traced run (scripts, no_accept, control, metrics, reload) in its filter
#   lab.sh            keepvip lab: up, takeover, chaos commands, down, Ctrl-C during up
#   interop_matrix.sh {v2,v3} x {IPv4,IPv6} x {unicast,multicast} x both roles
#                     against keepalived, v3 at advert_int 0.1, mixed v2/v3
#
# KEEPVIP selects the tool (default .build/release/keepvip) for peer_scenarios.sh.
# KEEPVIPD selects the binary (default .build/release/keepvipd under the repo
# root). If it is missing, the keepvip cases FAIL: nothing is skipped.
# Prints every case's lines, then exactly one line "N passed, M failed";
# exits 1 if anything failed.

set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

cases=(
    "failover_pair.sh keepvip keepvip"
    "failover_pair.sh keepvip keepalived"
    "failover_pair.sh keepalived keepvip"
    "failover_pair.sh keepalived keepalived"
    "rogue_peer.sh keepvip"
    "rogue_peer.sh keepalived"
    "peer_scenarios.sh keepvip"
    "peer_scenarios.sh keepalived"
    "address_extras.sh keepvip keepalived"
    "address_extras.sh keepalived keepvip"
    "daemon_behaviour.sh"
    "crafted_adverts.sh keepvip"
    "crafted_adverts.sh keepalived"
    "flood.sh keepvip"
    "allocations.sh"
    "systemd_notify.sh"
    "control.sh"
    "metrics.sh"
    "journal.sh"
    "start_order.sh"
    "handover.sh keepvip"
    "handover.sh keepalived"
    "reload.sh keepvip keepvip"
    "reload.sh keepvip keepalived"
    "reload.sh keepalived keepvip"
    "tracking.sh keepvip"
    "install.sh"
    "unit_sandbox.sh"
    "deb.sh"
    "interop_matrix.sh"
    "lab.sh"
)

total_pass=0
total_fail=0
start=$SECONDS
for c in "${cases[@]}"; do
    echo "== $c"
    out=$(mktemp)
    # shellcheck disable=SC2086
    "$here"/$c 2>&1 | tee "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
    rc=${PIPESTATUS[0]}
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1)
    rm -f "$out"
    if [[ -z $summary ]]; then
        echo "FAIL $c: exited $rc without a summary line"
        total_fail=$((total_fail + 1))
        continue
    fi
    p=${summary%% passed*}
    f=${summary#*, }; f=${f%% failed}
    if [[ $rc -ne 0 && $f -eq 0 ]]; then
        echo "FAIL $c: exited $rc"
        f=1
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
done
echo "== $((SECONDS - start))s"
echo "$total_pass passed, $total_fail failed"
[[ $total_fail -eq 0 ]]
