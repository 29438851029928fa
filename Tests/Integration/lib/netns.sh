# shellcheck shell=bash
# Namespace test harness for keepvip integration tests, the demo and the benchmark.
#
# Source it from a bash script run as root:   . "$(dirname "$0")/lib/netns.sh"
#
# Everything this run creates carries the prefix kvi$$- (namespaces) or lives in
# $KVI_RUN_DIR (configs, logs, pid files, captures). The EXIT trap installed here
# kills, by PID, every process this run started (and any process left inside its
# own namespaces) and deletes its namespaces. It never touches anything else.
#
# Topology:  one bridge namespace ($KVI_BR_NS, bridge br0, STP off, mcast_snooping 0)
#            and one namespace per host, each with a veth named ens5:
#              lb1 192.0.2.11  lb2 192.0.2.12  rogue 192.0.2.13  client 192.0.2.100  (/24)
#              and 2001:db8::11, ::12, ::13, ::100 (/64, no DAD, kept on link down)
#            The bridge-side end of host H's veth is p-H in $KVI_BR_NS.
#
# Implementations per node: "keepalived" (/usr/sbin/keepalived, override with
# $KEEPALIVED) or "keepvip" ($KEEPVIPD, default .build/release/keepvipd under the
# repository root).

set -uo pipefail

KVI_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KVI_REPO_ROOT=$(cd "$KVI_LIB_DIR/../../.." && pwd)
KEEPVIPD=${KEEPVIPD:-.build/release/keepvipd}
case $KEEPVIPD in /*) ;; *) KEEPVIPD=$KVI_REPO_ROOT/$KEEPVIPD ;; esac
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}

KVI_PREFIX="kvi$$-"
KVI_BR_NS="${KVI_PREFIX}br"
KVI_VIP=192.0.2.200
KVI_VIP6=2001:db8::200
KVI_ADVERT_INT=1
# Master_Down_Interval and Skew_Time for priority 100 at advert_int 1 s (RFC 3768).
KVI_MDI_US=3609375
KVI_SKEW_US=609375

declare -A KVI_HOST_IP=([lb1]=192.0.2.11 [lb2]=192.0.2.12 [rogue]=192.0.2.13 [client]=192.0.2.100)
declare -A KVI_HOST_IP6=([lb1]=2001:db8::11 [lb2]=2001:db8::12 [rogue]=2001:db8::13 [client]=2001:db8::100)
declare -A KVI_NODE_PID=()     # host -> PID of the daemon we started (parent for keepalived)
declare -A KVI_NODE_IMPL=()    # host -> keepalived|keepvip
declare -A KVI_NODE_CONF=()    # host -> config file
declare -A KVI_NODE_ARGS=()    # host -> more keepvipd arguments (words), e.g. --metrics-listen ADDR:PORT
KVI_PIDS=()                    # every PID we started (helpers and daemons)
KVI_NETNS=()                   # every namespace we created
KVI_NPASS=0
KVI_NFAIL=0
KVI_RC=0                       # exit status set by kvi_term_node
KVI_WAITED_US=0                # elapsed time of the last kvi_wait

KVI_RUN_DIR=$(mktemp -d "/tmp/kvi.$$.XXXXXX")

# ---------------------------------------------------------------- utilities
kvi_now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
# microseconds -> seconds with 3 decimals
kvi_fmt_s() { printf '%d.%03d' $(($1 / 1000000)) $((($1 % 1000000) / 1000)); }
kvi_log() { printf '%s\n' "$*" >&2; }
kvi_info() { printf 'INFO %s\n' "$*"; }

kvi_ns() { echo "${KVI_PREFIX}$1"; }
# kvi_exec HOST CMD...: run CMD in HOST's namespace (br for the bridge namespace)
kvi_exec() { local h=$1; shift; ip netns exec "$(kvi_ns "$h")" "$@"; }

# kvi_bg HOST CMD...: start CMD in HOST's namespace in the background; its PID
# (the PID of CMD itself: ip netns exec execs it) in KVI_BG_PID, killed at exit.
kvi_bg() {
    local ns; ns=$(kvi_ns "$1"); shift
    ip netns exec "$ns" "$@" &
    KVI_BG_PID=$!
    KVI_PIDS+=("$!")
}
# kvi_bg_stop PID [SIGNAL]: signal and reap a process started by kvi_bg
kvi_bg_stop() { kvi_ours "$1" && kill -"${2:-TERM}" "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

kvi_alive() { # PID: running and not a zombie
    local st
    [[ -r /proc/$1/stat ]] || return 1
    st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n $st && $st != Z ]]
}

# kvi_ours PID: a live direct child of this script (guards against PID reuse:
# everything we start is a direct child, and we only signal those and their
# descendants).
kvi_ours() { kvi_alive "$1" && [[ $(awk '{print $4}' "/proc/$1/stat" 2>/dev/null) == "$$" ]]; }

kvi_descendants() { # PID: all descendants, deepest first
    local c
    for c in $(pgrep -P "$1" 2>/dev/null); do
        kvi_descendants "$c"
        echo "$c"
    done
}

# ---------------------------------------------------------------- results
kvi_pass() { KVI_NPASS=$((KVI_NPASS + 1)); printf 'PASS %s\n' "$1"; }
kvi_fail() { KVI_NFAIL=$((KVI_NFAIL + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }
# kvi_check NAME REASON CMD...: PASS if CMD succeeds, else FAIL with REASON
kvi_check() {
    local name=$1 reason=$2; shift 2
    if "$@"; then kvi_pass "$name"; return 0; fi
    kvi_fail "$name" "$reason"; return 1
}
kvi_summary() {
    printf '%d passed, %d failed\n' "$KVI_NPASS" "$KVI_NFAIL"
    [[ $KVI_NFAIL -eq 0 ]]
}

# ---------------------------------------------------------------- cleanup
kvi_cleanup() {
    local rc=$? pid ns i killed=()
    trap - EXIT INT TERM
    exec 3>&2 2>/dev/null # no "Killed" job notices
    # Daemons and helpers we started, their descendants first.
    for pid in "${KVI_PIDS[@]}"; do
        kvi_ours "$pid" || continue
        for i in $(kvi_descendants "$pid") "$pid"; do
            kill -KILL "$i" && killed+=("$i")
        done
    done
    # Anything still living in our own namespaces (e.g. a keepalived VRRP child
    # whose parent is gone) is ours by construction.
    for ns in "${KVI_NETNS[@]}"; do
        for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" && killed+=("$pid"); done
    done
    for pid in "${KVI_PIDS[@]}"; do wait "$pid"; done
    # Reparented grandchildren are reaped by init: wait until they are gone.
    # (A keepalived VRRP child killed with its parent is reparented to init
    # and stays a zombie until init reaps it: wait for that too, up to 2 s.)
    for pid in "${killed[@]}"; do
        for i in {1..40}; do [[ -e /proc/$pid ]] || break; sleep 0.05; done
    done
    for ((i = ${#KVI_NETNS[@]} - 1; i >= 0; i--)); do
        ip netns del "${KVI_NETNS[i]}" 2>/dev/null
    done
    exec 2>&3 3>&-
    if [[ ($KVI_NFAIL -gt 0 || -n ${KVI_KEEP_LOGS:-}) && -n $(ls "$KVI_RUN_DIR") ]]; then
        kvi_log "logs kept in $KVI_RUN_DIR"
    else
        rm -rf "$KVI_RUN_DIR"
    fi
    exit "$rc"
}
trap kvi_cleanup EXIT
trap 'kvi_fail interrupted SIGINT; kvi_summary; exit 130' INT
trap 'kvi_fail interrupted SIGTERM; kvi_summary; exit 143' TERM

kvi_require_root() {
    [[ $(id -u) -eq 0 ]] || { echo "FAIL setup: must run as root (network namespaces)"; echo "0 passed, 1 failed"; exit 1; }
}

# kvi_impl_available IMPL: 0 if the binary for IMPL exists (prints a reason otherwise)
kvi_impl_available() {
    case $1 in
    keepalived) [[ -x $KEEPALIVED ]] || { echo "keepalived not found at $KEEPALIVED"; return 1; } ;;
    keepvip) [[ -x $KEEPVIPD ]] || { echo "keepvipd not found at $KEEPVIPD (set KEEPVIPD)"; return 1; } ;;
    *) echo "unknown implementation '$1' (keepalived|keepvip)"; return 1 ;;
    esac
}

# kvi_bench_impls: the implementations a benchmark runs — those of $IMPLS (default "keepalived
# keepvip") whose binary exists — in the array `impls`; exits when there are none
kvi_bench_impls() {
    local i why
    impls=()
    for i in ${IMPLS:-keepalived keepvip}; do
        if why=$(kvi_impl_available "$i"); then impls+=("$i"); else echo "note: $why; not benchmarked"; fi
    done
    [[ ${#impls[@]} -gt 0 ]] || { echo "nothing to benchmark"; exit 1; }
}

# ---------------------------------------------------------------- topology
# kvi_topology_up HOST...: bridge namespace plus one namespace per host
kvi_topology_up() {
    local h ns br=$KVI_BR_NS
    ip netns add "$br" || return 1
    KVI_NETNS+=("$br")
    ip -n "$br" link set lo up
    ip -n "$br" link add br0 type bridge stp_state 0 mcast_snooping 0 forward_delay 0 || return 1
    ip -n "$br" link set br0 up
    for h in "$@"; do
        ns=$(kvi_ns "$h")
        ip netns add "$ns" || return 1
        KVI_NETNS+=("$ns")
        # No DAD (addresses usable at once); keep static IPv6 addresses over a
        # link down, as IPv4 ones are (a killed master's leftover VIP stays).
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
            net.ipv6.conf.all.keep_addr_on_down=1 net.ipv6.conf.default.keep_addr_on_down=1 >/dev/null
        ip -n "$ns" link set lo up
        ip -n "$br" link add "p-$h" type veth peer name ens5 netns "$ns" || return 1
        ip -n "$br" link set "p-$h" master br0
        ip -n "$br" link set "p-$h" up
        ip -n "$ns" addr add "${KVI_HOST_IP[$h]}/24" dev ens5
        ip -n "$ns" addr add "${KVI_HOST_IP6[$h]}/64" dev ens5 nodad
        ip -n "$ns" link set ens5 up
    done
}

kvi_link() { ip -n "$(kvi_ns "$1")" link set ens5 "$2"; } # HOST up|down
kvi_mac() { ip -n "$(kvi_ns "$1")" -br link show ens5 | awk '{print $3}'; }

# The VIP helpers take an optional address (default $KVI_VIP); an address with
# a colon is IPv6 (/64), otherwise IPv4 (/24).
kvi_af() { [[ $1 == *:* ]] && echo 6 || echo 4; }
kvi_plen() { [[ $1 == *:* ]] && echo 64 || echo 24; }
kvi_has_vip() {
    local a=${2:-$KVI_VIP} out
    # No `| grep -q`: with pipefail, grep leaving early can SIGPIPE `ip` (a
    # false "no VIP" once the listing is long, as with IPv6).
    out=$(ip -n "$(kvi_ns "$1")" -"$(kvi_af "$a")" -o addr show dev ens5 2>/dev/null)
    [[ $out == *" $a/"* ]]
}
kvi_no_vip() { ! kvi_has_vip "$@"; }
kvi_del_vip() { local a=${2:-$KVI_VIP}; ip -n "$(kvi_ns "$1")" addr del "$a/$(kvi_plen "$a")" dev ens5 2>/dev/null || true; }

# ---------------------------------------------------------------- configs
# kvi_gen_conf NAME STATE PRIORITY SRC PEER... : keepalived.conf text on stdout
kvi_gen_conf() {
    local name=$1 state=$2 prio=$3 src=$4 p; shift 4
    cat <<EOF
vrrp_instance $name {
    state $state
    interface ens5
    virtual_router_id 101
    priority $prio
    advert_int $KVI_ADVERT_INT
    authentication {
        auth_type PASS
        auth_pass passwordgoeshere
    }
    unicast_src_ip $src
    unicast_peer {
EOF
    for p in "$@"; do echo "        $p"; done
    cat <<EOF
    }
    virtual_ipaddress {
        $KVI_VIP/24
    }
}
EOF
}

# kvi_reference_confs: write the reference pair to $KVI_RUN_DIR/lb1.conf and lb2.conf
kvi_reference_confs() {
    kvi_gen_conf loadbalancer1 MASTER 101 192.0.2.11 192.0.2.12 >"$KVI_RUN_DIR/lb1.conf"
    kvi_gen_conf loadbalancer2 BACKUP 100 192.0.2.12 192.0.2.11 >"$KVI_RUN_DIR/lb2.conf"
}

# kvi_gen_vrrp_conf NAME STATE PRIORITY SELF PEER [KEY=VALUE...]: keepalived.conf
# text on stdout for one instance on ens5 of host SELF, peer host PEER. Keys:
#   version=2|3          VRRP version (default 2), written as `vrrp_version` in
#                        global_defs, or as `version` in the instance with where=instance
#   family=4|6           IPv4 (VIP $KVI_VIP/24) or IPv6 (VIP $KVI_VIP6/64) (default 4)
#   transport=unicast|multicast   unicast: unicast_src_ip SELF's address and
#                        unicast_peer PEER's, of the family; multicast: no peers
#                        (IPv4 224.0.0.18; IPv6 ff02::12 from the link-local address)
#   advert=SECONDS       advert_int (default $KVI_ADVERT_INT)
#   vrid=N               virtual_router_id (default 101)
# VRRPv2 instances carry the reference's PASS authentication; VRRPv3 has none.
kvi_gen_vrrp_conf() {
    local name=$1 state=$2 prio=$3 self=$4 peer=$5 kv
    local version=2 family=4 transport=unicast advert=$KVI_ADVERT_INT vrid=101 where=global
    shift 5
    for kv in "$@"; do
        case $kv in
        version=* | family=* | transport=* | advert=* | vrid=* | where=*) local "$kv" ;;
        *) kvi_log "kvi_gen_vrrp_conf: unknown option $kv"; return 1 ;;
        esac
    done
    local vip src dst
    if [[ $family == 6 ]]; then
        vip=$KVI_VIP6/64 src=${KVI_HOST_IP6[$self]} dst=${KVI_HOST_IP6[$peer]}
    else
        vip=$KVI_VIP/24 src=${KVI_HOST_IP[$self]} dst=${KVI_HOST_IP[$peer]}
    fi
    if [[ $where == global ]]; then
        printf 'global_defs {\n    vrrp_version %s\n}\n\n' "$version"
    fi
    printf 'vrrp_instance %s {\n' "$name"
    [[ $where == instance ]] && printf '    version %s\n' "$version"
    printf '    state %s\n    interface ens5\n    virtual_router_id %s\n    priority %s\n    advert_int %s\n' \
        "$state" "$vrid" "$prio" "$advert"
    if [[ $version == 2 ]]; then
        printf '    authentication {\n        auth_type PASS\n        auth_pass passwordgoeshere\n    }\n'
    fi
    if [[ $transport == unicast ]]; then
        printf '    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }\n' "$src" "$dst"
    fi
    printf '    virtual_ipaddress {\n        %s\n    }\n}\n' "$vip"
}

# ---------------------------------------------------------------- nodes
kvi_logfile() { echo "$KVI_RUN_DIR/$1.log"; }
# kvi_log_mark HOST: current line count of HOST's log (use as FROM in kvi_log_has)
kvi_log_mark() { local f; f=$(kvi_logfile "$1"); [[ -f $f ]] && wc -l <"$f" || echo 0; }
# kvi_log_has HOST FROM_LINE FIXED_STRING
# (grep reads the file itself: `tail | grep -q` could fail on SIGPIPE under pipefail)
kvi_log_has() { grep -qF -- "$3" <(tail -n +"$(($2 + 1))" "$(kvi_logfile "$1")" 2>/dev/null); }

# kvi_start_node HOST IMPL [CONF]: start the daemon in HOST's namespace (background)
kvi_start_node() {
    local h=$1 impl=$2 conf=${3:-$KVI_RUN_DIR/$1.conf} ns log why
    ns=$(kvi_ns "$h")
    log=$(kvi_logfile "$h")
    why=$(kvi_impl_available "$impl") || { kvi_log "$why"; return 1; }
    echo "=== $(date +%T.%N) start $impl ===" >>"$log"
    case $impl in
    keepalived)
        rm -f "$KVI_RUN_DIR/$h.pid" "$KVI_RUN_DIR/$h.vrrp.pid"
        ip netns exec "$ns" "$KEEPALIVED" -n -l -D -G -P -f "$conf" \
            -p "$KVI_RUN_DIR/$h.pid" -r "$KVI_RUN_DIR/$h.vrrp.pid" >>"$log" 2>&1 &
        ;;
    keepvip)
        rm -f "$KVI_RUN_DIR/$h.pid"
        ip netns exec "$ns" "$KEEPVIPD" -f "$conf" --pid-file "$KVI_RUN_DIR/$h.pid" \
            --control-socket "$(kvi_control_socket "$h")" --state-file "$KVI_RUN_DIR/$h.state" \
            ${KVI_NODE_ARGS[$h]:-} >>"$log" 2>&1 &
        ;;
    esac
    KVI_NODE_PID[$h]=$!
    KVI_NODE_IMPL[$h]=$impl
    KVI_NODE_CONF[$h]=$conf
    KVI_PIDS+=("$!")
}

# kvi_control_socket HOST: where the host's keepvipd answers `keepvip status`
kvi_control_socket() { echo "$KVI_RUN_DIR/$1.sock"; }

# kvi_node_pids HOST: the daemon's PID and all its descendants
kvi_node_pids() {
    local pid=${KVI_NODE_PID[$1]:-}
    [[ -n $pid ]] || return 0
    kvi_alive "$pid" && echo "$pid"
    kvi_descendants "$pid"
}

# kvi_kill_node HOST: SIGKILL the whole process tree, children first (a
# keepalived VRRP child must die before its parent, or it gets a SIGTERM from
# PR_SET_PDEATHSIG and leaves gracefully).
kvi_kill_node() {
    local pid=${KVI_NODE_PID[$1]:-} kids
    [[ -n $pid ]] || return 0
    kvi_ours "$pid" || { KVI_NODE_PID[$1]=; return 0; }
    kids=$(kvi_descendants "$pid")
    # shellcheck disable=SC2086
    { kill -KILL $kids "$pid"; wait "$pid"; } 2>/dev/null
    KVI_NODE_PID[$1]=
}

# kvi_term_node HOST [TIMEOUT_S]: SIGTERM, wait for exit; status in KVI_RC
# (124 if it did not exit in time; then it is killed).
kvi_term_node() {
    local h=$1 t=${2:-5} pid=${KVI_NODE_PID[$1]:-}
    KVI_RC=0
    [[ -n $pid ]] || return 0
    kvi_ours "$pid" && kill -TERM "$pid" 2>/dev/null
    if kvi_wait "$t" kvi_exited "$pid"; then
        wait "$pid" 2>/dev/null
        KVI_RC=$?
    else
        KVI_RC=124
        kvi_kill_node "$h"
    fi
    KVI_NODE_PID[$h]=
    [[ $KVI_RC -eq 0 ]]
}
kvi_exited() { ! kvi_alive "$1"; }

# kvi_rss_kb HOST: sum of VmRSS (kB) over the daemon's processes
kvi_rss_kb() {
    local pid sum=0 v
    for pid in $(kvi_node_pids "$1"); do
        v=$(awk '/^VmRSS:/{print $2}' "/proc/$pid/status" 2>/dev/null)
        sum=$((sum + ${v:-0}))
    done
    echo "$sum"
}

# ---------------------------------------------------------------- waiting
# kvi_wait TIMEOUT_S CMD...: poll CMD every 50 ms until it succeeds (0) or the
# timeout passes (1). Elapsed time in KVI_WAITED_US.
kvi_wait() {
    local t0 deadline now
    t0=$(kvi_now_us)
    deadline=$((t0 + $(awk -v s="$1" 'BEGIN{printf "%d", s*1000000}')))
    shift
    while :; do
        if "$@"; then KVI_WAITED_US=$(($(kvi_now_us) - t0)); return 0; fi
        now=$(kvi_now_us)
        if ((now >= deadline)); then KVI_WAITED_US=$((now - t0)); return 1; fi
        sleep 0.05
    done
}
# kvi_hold SECONDS CMD...: CMD must keep succeeding for SECONDS (polled every
# 100 ms). Returns 1 at the first failure, KVI_WAITED_US tells when.
kvi_hold() {
    local t0 deadline now
    t0=$(kvi_now_us)
    deadline=$((t0 + $(awk -v s="$1" 'BEGIN{printf "%d", s*1000000}')))
    shift
    while :; do
        now=$(kvi_now_us)
        if ! "$@"; then KVI_WAITED_US=$((now - t0)); return 1; fi
        ((now >= deadline)) && { KVI_WAITED_US=$((now - t0)); return 0; }
        sleep 0.1
    done
}
kvi_wait_vip() { kvi_wait "$2" kvi_has_vip "$1" ${3:+"$3"}; }   # HOST TIMEOUT [VIP]
kvi_wait_no_vip() { kvi_wait "$2" kvi_no_vip "$1" ${3:+"$3"}; } # HOST TIMEOUT [VIP]
kvi_wait_log() { kvi_wait "$4" kvi_log_has "$1" "$2" "$3"; } # HOST FROM STRING TIMEOUT

# kvi_ping_vip FROM_HOST TIMEOUT_S [VIP]: one echo reply from the VIP (default
# $KVI_VIP; ping -6 for an IPv6 address) within the timeout
kvi_ping_once() {
    local a=${2:-$KVI_VIP}
    ip netns exec "$(kvi_ns "$1")" ping -"$(kvi_af "$a")" -n -q -c 1 -W 0.3 "$a" >/dev/null 2>&1
}
kvi_ping_vip() { kvi_wait "$2" kvi_ping_once "$1" ${3:+"$3"}; }

# ---------------------------------------------------------------- capture
# kvi_capture_start NAME IFACE [FILTER]: tcpdump in the bridge namespace on IFACE
# (br0 sees every frame the bridge forwards, p-H only host H's) to
# $KVI_RUN_DIR/NAME.pcap. PID in KVI_CAPTURE_PID[NAME].
declare -A KVI_CAPTURE_PID=()
kvi_capture_start() {
    local name=$1 ifc=$2 filter=${3:-vrrp} err=$KVI_RUN_DIR/$1.tcpdump.err
    ip netns exec "$KVI_BR_NS" tcpdump -i "$ifc" -n -U --immediate-mode -w "$KVI_RUN_DIR/$name.pcap" "$filter" 2>"$err" &
    KVI_CAPTURE_PID[$name]=$!
    KVI_PIDS+=("$!")
    kvi_wait 5 grep -qs "listening on" "$err" || { kvi_log "tcpdump did not start: $(cat "$err" 2>/dev/null)"; return 1; }
}
kvi_capture_stop() {
    local pid=${KVI_CAPTURE_PID[$1]:-}
    [[ -n $pid ]] || return 0
    kvi_ours "$pid" && kill -INT "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    KVI_CAPTURE_PID[$1]=
}
# kvi_capture_text NAME [TCPDUMP OPTIONS]: decoded capture, epoch timestamps
kvi_capture_text() {
    local name=$1; shift
    tcpdump -r "$KVI_RUN_DIR/$name.pcap" -n -tt "$@" 2>/dev/null
}

# kvi_monitor_start HOST [FILE]: `ip -ts monitor address` in HOST's namespace,
# appended to FILE (default $KVI_RUN_DIR/HOST.addrmon). Lines look like
#   [2026-11-21T22:35:33.637788] 2: ens5    inet 192.0.2.200/24 scope global secondary ens5
#   [2026-11-21T22:35:33.028211] Deleted 2: ens5    inet 192.0.2.200/24 ...
# (local time, microseconds)
kvi_monitor_start() {
    ip -n "$(kvi_ns "$1")" -ts monitor address >>"${2:-$KVI_RUN_DIR/$1.addrmon}" 2>&1 &
    KVI_PIDS+=("$!")
    KVI_MONITOR_PID[$1]=$!
}
declare -A KVI_MONITOR_PID=()
kvi_monitor_stop() {
    local pid=${KVI_MONITOR_PID[$1]:-}
    [[ -n $pid ]] || return 0
    kvi_ours "$pid" && kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    KVI_MONITOR_PID[$1]=
}
