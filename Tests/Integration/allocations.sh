#!/usr/bin/env bash
# allocations.sh — heap allocations per advert in steady state (run as root).
#
# lb1 (priority 200) and lb2 (priority 100) run keepvipd with lib/alloc_counter.c preloaded: 20
# VRRPv3 instances at advert_int 0.1 s (10 IPv4, 10 IPv6, multicast). Once lb1 holds every VIP and
# both daemons have settled, allocations are counted for ALLOC_SECONDS (default 10) against the
# adverts lb1 sent and lb2 accepted (`keepvip stats`, read outside the counted window).
# Tests: at most 0.01 allocations per advert on each side — the advert path allocates nothing.
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

T=allocations
SECONDS_COUNTED=${ALLOC_SECONDS:-10}
KEEPVIP=${KEEPVIP:-$KVI_REPO_ROOT/.build/release/keepvip}
N=20

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

why=$(kvi_impl_available keepvip) || fatal "$T setup" "$why"
[[ -x $KEEPVIP ]] || fatal "$T setup" "keepvip not found at $KEEPVIP (set KEEPVIP)"
CC=${CC:-$(command -v cc || command -v clang)}  # the Swift toolchain brings clang
shim=$KVI_RUN_DIR/alloc_counter.so
"$CC" -O2 -shared -fPIC -o "$shim" "$KVI_LIB_DIR/alloc_counter.c" || fatal "$T setup" "cannot build the counter with $CC"

kvi_topology_up lb1 lb2 || fatal "$T setup" "could not build the namespace topology"
conf() { # PRIORITY
    local v
    printf 'global_defs {\n    vrrp_version 3\n}\n'
    for ((v = 1; v <= N; v++)); do
        printf 'vrrp_instance VI_%d {\n    interface ens5\n    virtual_router_id %d\n    priority %d\n    advert_int 0.1\n' "$v" "$v" "$1"
        if ((v <= N / 2)); then printf '    virtual_ipaddress {\n        192.0.2.%d/24\n    }\n}\n' "$((150 + v))"
        else printf '    virtual_ipaddress {\n        2001:db8::%d/64\n    }\n}\n' "$((150 + v))"; fi
    done
}
conf 200 >"$KVI_RUN_DIR/lb1.conf"
conf 100 >"$KVI_RUN_DIR/lb2.conf"

for h in lb1 lb2; do
    LD_PRELOAD=$shim KVI_ALLOC_COUNTER=$KVI_RUN_DIR/$h.allocs kvi_start_node "$h" keepvip || fatal "$T start $h" "could not start keepvipd"
done
vips() { ip -n "$(kvi_ns lb1)" -o addr show dev ens5 | grep -c -E ' (192\.0\.2\.1[5-7][0-9]|2001:db8::1[5-7][0-9])/'; }
all_vips() { (($(vips) >= N)); }
kvi_wait 15 all_vips || fatal "$T lb1 holds every VIP" "only $(vips) of $N"
# Past start-up and keepvipd's settling step (5 s after the last transition).
sleep 7

allocs() { python3 -c 'import struct, sys; print(struct.unpack("<Q", open(sys.argv[1], "rb").read(8))[0])' "$KVI_RUN_DIR/$1.allocs"; }
counter() { # HOST KEY: the sum of a counter over the host's instances
    "$KEEPVIP" stats --json --control-socket "$(kvi_control_socket "$1")" |
        python3 -c 'import json, sys; print(sum(i["counters"][sys.argv[1]] for i in json.load(sys.stdin)["instances"]))' "$2"
}
sent0=$(counter lb1 adverts_sent)
received0=$(counter lb2 adverts_received)
a1=$(allocs lb1)
b1=$(allocs lb2)
sleep "$SECONDS_COUNTED"
a2=$(allocs lb1)
b2=$(allocs lb2)
sent=$(($(counter lb1 adverts_sent) - sent0))
received=$(($(counter lb2 adverts_received) - received0))

per() { python3 -c 'import sys; print("%.4f" % (int(sys.argv[1]) / max(1, int(sys.argv[2]))))' "$1" "$2"; }
kvi_info "$T lb1 (Active): $((a2 - a1)) allocations for $sent adverts sent: $(per $((a2 - a1)) "$sent") per advert"
kvi_info "$T lb2 (Backup): $((b2 - b1)) allocations for $received adverts received: $(per $((b2 - b1)) "$received") per advert"
expected=$((N * 10 * SECONDS_COUNTED * 9 / 10))
kvi_check "$T adverts flowed (sent $sent, received $received, at least $expected each)" "sent $sent received $received" \
    bash -c '(( $0 >= $2 && $1 >= $2 ))' "$sent" "$received" "$expected"
kvi_check "$T Active host: at most 0.01 allocations per advert sent" "$((a2 - a1)) for $sent" \
    bash -c '(( $0 * 100 <= $1 ))' "$((a2 - a1))" "$sent"
kvi_check "$T Backup host: at most 0.01 allocations per advert received" "$((b2 - b1)) for $received" \
    bash -c '(( $0 * 100 <= $1 ))' "$((b2 - b1))" "$received"
kvi_check "$T lb2 never took over" "" kvi_no_vip lb2 192.0.2.151
finish
