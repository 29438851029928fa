#!/usr/bin/env bash
# Benchmarks/memory.sh [RUNS] — idle memory of the Active host, keepvip beside keepalived (run as root).
#
# The reference pair (lb1 priority 101 Active, lb2 priority 100 Backup, advert_int 1 s) runs each
# way in turn in the same namespaces; 10 s after lb1 starts, and again after 100 scrapes of its
# metrics when they are on, lb1's processes are read from /proc/PID/smaps_rollup:
#   RSS, PSS (shared pages divided among the processes that map them) and private memory
#   (Private_Clean + Private_Dirty), and its anonymous part (heap, stacks) — summed over the
#   implementation's processes (keepalived: parent + VRRP child).
# Ways: keepalived; keepvip (control socket only); keepvip --metrics-listen; and, when
# KEEPVIPD_BEFORE names another keepvipd build, that one (e.g. the last release) for comparison.
# Prints a table of median [min..max] over RUNS (default 3), in MB.

. "$(dirname "$0")/../Tests/Integration/lib/netns.sh"
kvi_require_root

RUNS=${1:-3}
PORT=9650
ways=(keepalived keepvip keepvip+metrics)
[[ -n ${KEEPVIPD_BEFORE:-} ]] && ways+=(keepvip-before)
for impl in keepalived keepvip; do
    why=$(kvi_impl_available "$impl") || { echo "$why"; exit 1; }
done

if [[ -n ${KEEPVIPD_BEFORE:-} ]]; then
    # An older keepvipd may not know --control-socket or --state-file: drop them (exec keeps the PID we measure).
    cat >"$KVI_RUN_DIR/before.sh" <<EOF
#!/usr/bin/env bash
args=()
while ((\$#)); do [[ \$1 == --control-socket || \$1 == --state-file ]] && { shift 2; continue; }; args+=("\$1"); shift; done
exec "$KEEPVIPD_BEFORE" "\${args[@]}"
EOF
    chmod +x "$KVI_RUN_DIR/before.sh"
fi
kvi_topology_up lb1 lb2 || { echo "could not build the namespace topology"; exit 1; }
kvi_reference_confs
RESULTS=$KVI_RUN_DIR/memory.tsv
: >"$RESULTS"

# memory HOST: "rss pss private anonymous" in kB, summed over the host's daemon processes
memory() {
    local pid
    for pid in $(kvi_node_pids "$1"); do cat "/proc/$pid/smaps_rollup"; done |
        awk '/^Rss:/ { r += $2 } /^Pss:/ { p += $2 } /^Private_(Clean|Dirty):/ { v += $2 } /^Anonymous:/ { a += $2 }
             END { print r + 0, p + 0, v + 0, a + 0 }'
}

one_run() { # WAY RUN
    local way=$1 impl=keepvip t0 KEEPVIPD=$KEEPVIPD
    KVI_NODE_ARGS[lb1]=""
    case $way in
    keepalived) impl=keepalived ;;
    keepvip+metrics) KVI_NODE_ARGS[lb1]="--metrics-listen 192.0.2.11:$PORT" ;;
    keepvip-before) KEEPVIPD=$KVI_RUN_DIR/before.sh ;;
    esac
    t0=$(kvi_now_us)
    kvi_start_node lb1 "$impl" || return 1
    kvi_wait_vip lb1 8 || { echo "  $way: lb1 never took the VIP"; kvi_term_node lb1; return 1; }
    kvi_start_node lb2 "$impl" || return 1
    while (($(kvi_now_us) < t0 + 10000000)); do sleep 0.1; done
    echo "$way idle $(memory lb1)" >>"$RESULTS"
    if [[ $way == keepvip+metrics ]]; then
        for _ in $(seq 100); do kvi_exec lb2 curl -s -o /dev/null "http://192.0.2.11:$PORT/metrics"; done
        echo "$way scraped $(memory lb1)" >>"$RESULTS"
    fi
    kvi_term_node lb2
    kvi_term_node lb1
}

for r in $(seq "$RUNS"); do
    for way in "${ways[@]}"; do one_run "$way" "$r" || echo "  run $r of $way failed"; done
done

python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    way, when, *values = line.split()
    rows.setdefault((way, when), []).append([int(v) / 1024 for v in values])
def cell(values):
    return f"{statistics.median(values):.1f} [{min(values):.1f}..{max(values):.1f}]"
print(f"{'median [min..max], MB':34} {'RSS':18} {'PSS':18} {'private':18} {'anonymous':18}")
for (way, when), samples in rows.items():
    columns = list(zip(*samples))
    print(f"{way + ' (' + when + ')':34} " + " ".join(f"{cell(c):18}" for c in columns))
print(f"runs: {len(next(iter(rows.values())))} per way")
EOF
kvi_summary >/dev/null
