#!/usr/bin/env bash
# flood.sh IMPL — a hostile segment: the reference pair (IMPL on both, lb1 Active) while a third host
# sends, for FLOOD_SECONDS (default 5) each:
#   junk at the Active host      20,000/s VRRPv2 from random sources with random VRIDs
#   junk at the Backup host      the same, at lb2
#   a wrong-password drip        4/s from lb2's own address to lb1 (VRID 101, priority 254)
# For keepvip these are tests: lb1 keeps the VIP and lb2 never takes it, lb1's adverts are never
# more than one interval late (longest gap < 2 s), and each daemon logs at most about one line per
# second per drop reason. For both implementations the figures are printed as INFO lines:
# the daemon's CPU (% of one core), its log lines, lb1's longest advert gap (Benchmarks/flood.sh
# collects them side by side).
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

IMPL=${1:-keepvip}
SECONDS_EACH=${FLOOD_SECONDS:-5}
T="flood[$IMPL]"
FLOOD=$KVI_LIB_DIR/vrrp_flood.py

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

why=$(kvi_impl_available "$IMPL") || fatal "$T setup" "$why"
kvi_topology_up lb1 lb2 rogue || fatal "$T setup" "could not build the namespace topology"
kvi_reference_confs
kvi_capture_start adverts p-lb1 "ip proto 112 and src host 192.0.2.11" || fatal "$T setup" "tcpdump did not start"
kvi_start_node lb1 "$IMPL" || fatal "$T start lb1" "could not start $IMPL"
kvi_wait_vip lb1 6 || fatal "$T lb1 holds the VIP" "no $KVI_VIP on lb1 within 6s"
m2=$(kvi_log_mark lb2)
kvi_start_node lb2 "$IMPL" || fatal "$T start lb2" "could not start $IMPL"
kvi_wait_log lb2 "$m2" "(loadbalancer2) Entering BACKUP STATE" 5 || fatal "$T lb2 is Backup" "no BACKUP line"
sleep 1

cpu_ticks() { # HOST: utime+stime of the daemon and its children, in clock ticks
    local pid sum=0
    for pid in $(kvi_node_pids "$1"); do
        sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$sum"
}

# phase LABEL TARGET_HOST FLOOD_ARGS...: run one flood, check and report
phase() {
    local label=$1 target=$2 t0 t1 c0 c1 m1 m2 lines1 lines2 cpu
    shift 2
    m1=$(kvi_log_mark lb1); m2=$(kvi_log_mark lb2)
    c0=$(cpu_ticks "$target"); t0=$(kvi_now_us)
    kvi_exec rogue python3 "$FLOOD" --seconds "$SECONDS_EACH" "$@" >"$KVI_RUN_DIR/flood.out" 2>&1 &
    local pid=$!
    KVI_PIDS+=("$pid")
    local moved=no
    while kvi_alive "$pid"; do
        if kvi_no_vip lb1 || kvi_has_vip lb2; then moved=yes; fi
        sleep 0.1
    done
    wait "$pid" 2>/dev/null
    t1=$(kvi_now_us); c1=$(cpu_ticks "$target")
    sleep 1.2 # the last adverts, and a takeover that was coming
    if kvi_no_vip lb1 || kvi_has_vip lb2; then moved=yes; fi
    lines1=$(($(kvi_log_mark lb1) - m1)); lines2=$(($(kvi_log_mark lb2) - m2))
    cpu=$(awk -v c=$((c1 - c0)) -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", 100 * c / hz / (t / 1e6)}')
    local gap
    gap=$(kvi_capture_text adverts 2>/dev/null | awk -v a="$t0" -v b="$t1" '
        { split($1, p, "."); us = p[1] * 1000000 + p[2] }
        us >= a - 1500000 && us <= b + 1000000 { if (last) { g = us - last; if (g > max) max = g } last = us }
        END { printf "%d", max / 1000 }')
    local sent
    sent=$(tail -1 "$KVI_RUN_DIR/flood.out")
    kvi_info "$T $label: ${sent:-?} packets in ${SECONDS_EACH}s; $IMPL on $target: CPU ${cpu}% of a core; log lines lb1 $lines1, lb2 $lines2; lb1's longest advert gap ${gap} ms; VIP moved: $moved"
    [[ $IMPL == keepvip ]] || return 0
    kvi_check "$T $label: the VIP stays on lb1" "the VIP moved" test "$moved" = no
    kvi_check "$T $label: lb1's adverts stay on time" "longest gap ${gap} ms" test "${gap:-99999}" -lt 2000
    local limit=$((3 * SECONDS_EACH + 4)) # up to three reasons (vrid, source, auth), one line a second each
    kvi_check "$T $label: at most ~1 log line per second per reason" "lb1 $lines1, lb2 $lines2 lines in ${SECONDS_EACH}s" \
        test "$lines1" -le "$limit" -a "$lines2" -le "$limit"
}

phase "junk at the Active host" lb1 --to 192.0.2.11 --rate 20000 --kind junk
phase "junk at the Backup host" lb2 --to 192.0.2.12 --rate 20000 --kind junk
phase "wrong-password drip at the Active host" lb1 --to 192.0.2.11 --rate 4 --kind password --src 192.0.2.12
kvi_capture_stop adverts
for h in lb1 lb2; do kvi_term_node "$h" 5; done
finish
