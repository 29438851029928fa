#!/usr/bin/env bash
# Benchmarks/flood.sh [SECONDS] — a hostile segment, keepvip against keepalived (run as root):
# Tests/Integration/flood.sh for each implementation with SECONDS (default 10) per phase, its
# figures side by side: CPU of the flooded daemon, log lines, the Active host's longest advert gap,
# and whether the VIP moved. IMPLS="keepalived" or "keepvip" restricts the set.
here=$(cd "$(dirname "$0")" && pwd)
for impl in ${IMPLS:-keepalived keepvip}; do
    FLOOD_SECONDS=${1:-10} "$here/../Tests/Integration/flood.sh" "$impl" | grep '^INFO' | sed 's/^INFO //'
done
