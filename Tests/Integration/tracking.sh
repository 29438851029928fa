#!/usr/bin/env bash
# tracking.sh [IMPL] — health tracking, FAULT, sync groups and notify (run as root).
# IMPL is keepvip (default) or keepalived (the harness's own reference: it shows which
# expectations keepalived 2.2.7 meets; run.sh runs keepvip only).
#
#   health:   lb1 (101) and lb2 (100) track a vrrp_script (weight 0, fall 2, rise 2) that tests
#             for a flag file. lb1's flag goes -> FAULT, lb2 takes over within fall x interval
#             + Skew_Time (+ one interval of phase and the margin); the flag returns -> lb1 BACKUP,
#             then preempts back. A second script (weight -30) drops lb1 to 71: logged, and lb2
#             takes over; it recovers and lb1 preempts back.
#   link:     ens5 down on the Active lb1 -> "Netlink reports ens5 down", FAULT, lb2 takes over;
#             link up -> BACKUP, then lb1 preempts back.
#   sync:     a vrrp_sync_group of two instances on ens5 and ens6: ens6 down on lb1 moves both
#             VIPs to lb2; ens6 up brings both back.
#   notify:   a lone lb1 tracks a veth flipped down/up 50 times; the generic notify
#             script's lines equal, in order, the transitions in the daemon's log; notify_stop runs
#             after SIGTERM; a failing notify_master is logged with its exit status and the
#             notifications after it still run; notify_fifo gets keepalived's line format.
#   hang:     a health script that forks a child, writes 5 MB and hangs is killed with its process
#             group at its timeout, while the adverts keep their 1 s schedule.
#   file:     a track_file (init_file, weight 0): non-zero is FAULT, garbage reads 0 with a warning;
#             removing the address lb1 sends from is FAULT, its return leaves FAULT.
#   check:    `keepvip check` names a missing script with file:line; enable_script_security refuses a
#             script in a world-writable directory and the daemon says which path.
. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

IMPL=${1:-keepvip}
KEEPVIP=${KEEPVIP:-$KVI_REPO_ROOT/.build/release/keepvip}
T="tracking[$IMPL]"
MARGIN_S=1.5
R=$KVI_RUN_DIR

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }
why=$(kvi_impl_available "$IMPL") || fatal "$T setup" "$why"

kvi_topology_up lb1 lb2 client || fatal "$T setup" "could not build the namespace topology"

# A second segment for the sync group: bridge br1, ens6 on lb1/lb2 in 198.51.100.0/24.
ip -n "$KVI_BR_NS" link add br1 type bridge stp_state 0 mcast_snooping 0 forward_delay 0 &&
    ip -n "$KVI_BR_NS" link set br1 up || fatal "$T setup" "no second bridge"
declare -A IP6=([lb1]=198.51.100.11 [lb2]=198.51.100.12)
for h in lb1 lb2; do
    ip -n "$KVI_BR_NS" link add "q-$h" type veth peer name ens6 netns "$(kvi_ns "$h")" || fatal "$T setup" "no ens6"
    ip -n "$KVI_BR_NS" link set "q-$h" master br1
    ip -n "$KVI_BR_NS" link set "q-$h" up
    ip -n "$(kvi_ns "$h")" addr add "${IP6[$h]}/24" dev ens6
    ip -n "$(kvi_ns "$h")" link set ens6 up
done
has_addr() { # HOST IFACE ADDRESS
    local out
    out=$(ip -n "$(kvi_ns "$1")" -4 -o addr show dev "$2" 2>/dev/null)
    [[ $out == *" $3/"* ]]
}

# Scripts the configurations run (the run directory is root's, mode 0700).
cat >"$R/flag.sh" <<'EOF'
#!/bin/sh
# flag.sh FILE: healthy while FILE exists
[ -e "$1" ]
EOF
cat >"$R/notify.sh" <<EOF
#!/bin/sh
# notify.sh ARGS...: appends its arguments as one line after 0 to 70 ms, so that runs that
# overlap would finish, and write, out of order
sleep "0.0\$((\$(od -An -N1 -tu1 /dev/urandom) % 8))"
echo "\$*" >>"$R/notify.log"
EOF
cat >"$R/fail.sh" <<'EOF'
#!/bin/sh
exit 3
EOF
cat >"$R/hang.sh" <<'EOF'
#!/bin/sh
# a child that would outlive us, megabytes of output, then a hang
sleep 1000 &
head -c 5000000 /dev/zero
sleep 1000
EOF
chmod 755 "$R"/*.sh

mdi_s=$(kvi_fmt_s $KVI_MDI_US)
skew_s=$(kvi_fmt_s $KVI_SKEW_US)
add() { awk -v a="$1" -v b="$2" 'BEGIN{print a+b}'; }
vip_on_lb1() { kvi_has_vip lb1 && kvi_no_vip lb2; }
vip_on_lb2() { kvi_has_vip lb2 && kvi_no_vip lb1; }
where() { echo "lb1 vip=$(kvi_has_vip lb1 && echo yes || echo no) lb2 vip=$(kvi_has_vip lb2 && echo yes || echo no)"; }

# gen_instance NAME PRIO SELF PEER EXTRA...: a unicast VRRPv2 instance on ens5 with extra lines
gen_instance() {
    local name=$1 prio=$2 self=$3 peer=$4 line; shift 4
    printf 'vrrp_instance %s {\n    state BACKUP\n    interface ens5\n    virtual_router_id 101\n' "$name"
    printf '    priority %s\n    advert_int 1\n    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }\n' \
        "$prio" "${KVI_HOST_IP[$self]}" "${KVI_HOST_IP[$peer]}"
    printf '    virtual_ipaddress {\n        %s/24\n    }\n' "$KVI_VIP"
    for line in "$@"; do printf '    %s\n' "$line"; done
    printf '}\n'
}
# log_matches HOST FROM_LINE EXTENDED_REGEX
log_matches() { grep -qE -- "$3" <(tail -n +"$(($2 + 1))" "$(kvi_logfile "$1")" 2>/dev/null); }
# SECTIONS="pair sync notify hang file check" selects parts (default: all)
want() { [[ -z ${SECTIONS:-} || " $SECTIONS " == *" $1 "* ]]; }
stop_all() { kvi_term_node lb1 5; kvi_term_node lb2 5; kvi_del_vip lb1; kvi_del_vip lb2; }

if want pair; then
# ================================================================ health
for h in lb1 lb2; do
    prio=101 peer=lb2
    [[ $h == lb2 ]] && prio=100 peer=lb1
    {
        printf 'vrrp_script chk_up {\n    script "%s %s"\n    interval 1\n    fall 2\n    rise 2\n}\n' "$R/flag.sh" "$R/$h.up"
        printf 'vrrp_script chk_light {\n    script "%s %s"\n    interval 1\n    weight -30\n}\n' "$R/flag.sh" "$R/$h.light"
        gen_instance VI_1 "$prio" "$h" "$peer" 'track_script {' '    chk_up' '    chk_light' '}'
    } >"$R/$h.health.conf"
    touch "$R/$h.up" "$R/$h.light"
done
kvi_start_node lb1 "$IMPL" "$R/lb1.health.conf"
kvi_wait_vip lb1 "$(add "$mdi_s" 3)" || fatal "$T health: lb1 takes the VIP" "no VIP on lb1"
kvi_start_node lb2 "$IMPL" "$R/lb2.health.conf"
kvi_hold 4 vip_on_lb1 || fatal "$T health: lb2 stays backup" "$(where)"
kvi_pass "$T health: lb1 Active, lb2 Backup with passing scripts"

m1=$(kvi_log_mark lb1)
rm -f "$R/lb1.up"
# fall 2 x interval 1 s, plus up to one interval until the next run, plus Skew_Time (lb1 resigns).
bound=$(add "$(add 3 "$skew_s")" "$MARGIN_S")
if kvi_wait "$bound" vip_on_lb2; then
    kvi_pass "$T health: failing check moves the VIP to lb2 in $(kvi_fmt_s $KVI_WAITED_US)s (bound ${bound}s)"
else
    fatal "$T health: failing check moves the VIP to lb2" "after ${bound}s: $(where)"
fi
kvi_check "$T health: lb1 logs FAULT" "no '(VI_1) Entering FAULT STATE'" kvi_wait_log lb1 "$m1" "(VI_1) Entering FAULT STATE" 2
m1=$(kvi_log_mark lb1)
touch "$R/lb1.up"
bound=$(add "$(add 3 "$mdi_s")" "$MARGIN_S")
if kvi_wait "$bound" vip_on_lb1; then
    kvi_pass "$T health: recovered check, lb1 preempts back in $(kvi_fmt_s $KVI_WAITED_US)s (bound ${bound}s)"
else
    fatal "$T health: recovered check, lb1 preempts back" "after ${bound}s: $(where)"
fi
kvi_check "$T health: lb1 logs BACKUP after the fault" "no '(VI_1) Entering BACKUP STATE'" \
    kvi_log_has lb1 "$m1" "(VI_1) Entering BACKUP STATE"

m1=$(kvi_log_mark lb1)
rm -f "$R/lb1.light"
kvi_check "$T health: weight -30 logged" "no 'Changing effective priority from 101 to 71'" \
    kvi_wait_log lb1 "$m1" "(VI_1) Changing effective priority from 101 to 71" 4
bound=$(add "$(add 2 "$mdi_s")" "$MARGIN_S")
kvi_check "$T health: priority 71 loses to lb2's 100" "after ${bound}s: $(where)" kvi_wait "$bound" vip_on_lb2
touch "$R/lb1.light"
bound=$(add "$(add 2 "$mdi_s")" "$MARGIN_S")
kvi_check "$T health: priority 101 again, lb1 preempts back" "after ${bound}s: $(where)" kvi_wait "$bound" vip_on_lb1

# ================================================================ link
m1=$(kvi_log_mark lb1)
ip -n "$(kvi_ns lb1)" link set ens5 down
bound=$(add "$mdi_s" "$MARGIN_S")
if kvi_wait "$bound" vip_on_lb2; then
    kvi_pass "$T link: ens5 down on lb1, lb2 takes over in $(kvi_fmt_s $KVI_WAITED_US)s"
else
    kvi_fail "$T link: ens5 down on lb1, lb2 takes over" "after ${bound}s: $(where)"
fi
kvi_check "$T link: lb1 logs the netlink event" "no 'Netlink reports ens5 down'" \
    kvi_wait_log lb1 "$m1" "Netlink reports ens5 down" 2
kvi_check "$T link: lb1 logs FAULT" "no '(VI_1) Entering FAULT STATE'" kvi_log_has lb1 "$m1" "(VI_1) Entering FAULT STATE"
m1=$(kvi_log_mark lb1)
ip -n "$(kvi_ns lb1)" link set ens5 up
kvi_check "$T link: lb1 logs BACKUP on link up" "no '(VI_1) Entering BACKUP STATE'" \
    kvi_wait_log lb1 "$m1" "(VI_1) Entering BACKUP STATE" 3
bound=$(add "$(add 1 "$mdi_s")" "$MARGIN_S")
kvi_check "$T link: lb1 preempts back after link up" "after ${bound}s: $(where)" kvi_wait "$bound" vip_on_lb1
stop_all

fi

if want sync; then
# ================================================================ sync group
for h in lb1 lb2; do
    prio=101 peer=lb2
    [[ $h == lb2 ]] && prio=100 peer=lb1
    cat >"$R/$h.sync.conf" <<EOF
vrrp_sync_group G1 {
    group {
        VI_A
        VI_B
    }
}
vrrp_instance VI_A {
    interface ens5
    virtual_router_id 101
    priority $prio
    advert_int 1
    unicast_src_ip ${KVI_HOST_IP[$h]}
    unicast_peer {
        ${KVI_HOST_IP[$peer]}
    }
    virtual_ipaddress {
        $KVI_VIP/24
    }
}
vrrp_instance VI_B {
    interface ens6
    virtual_router_id 102
    priority $prio
    advert_int 1
    unicast_src_ip ${IP6[$h]}
    unicast_peer {
        ${IP6[$peer]}
    }
    virtual_ipaddress {
        198.51.100.200/24
    }
}
EOF
done
both_on() { # HOST: both VIPs there, none on the other host
    local o=lb2; [[ $1 == lb2 ]] && o=lb1
    kvi_has_vip "$1" && has_addr "$1" ens6 198.51.100.200 && kvi_no_vip "$o" && ! has_addr "$o" ens6 198.51.100.200
}
kvi_start_node lb1 "$IMPL" "$R/lb1.sync.conf"
kvi_wait "$(add "$mdi_s" 3)" both_on lb1 || fatal "$T sync: lb1 takes both VIPs" "lb1 lacks a VIP"
kvi_start_node lb2 "$IMPL" "$R/lb2.sync.conf"
kvi_hold 3 both_on lb1 || fatal "$T sync: lb2 stays backup" "a VIP moved"
kvi_pass "$T sync: lb1 holds both VIPs"
m1=$(kvi_log_mark lb1)
ip -n "$(kvi_ns lb1)" link set ens6 down
bound=$(add "$mdi_s" "$MARGIN_S")
if kvi_wait "$bound" both_on lb2; then
    kvi_pass "$T sync: ens6 down on lb1 moves both VIPs to lb2 in $(kvi_fmt_s $KVI_WAITED_US)s"
else
    kvi_fail "$T sync: ens6 down on lb1 moves both VIPs to lb2" "after ${bound}s not both on lb2"
fi
kvi_check "$T sync: VI_A follows its group into FAULT" "no '(VI_A) Entering FAULT STATE'" \
    kvi_log_has lb1 "$m1" "(VI_A) Entering FAULT STATE"
ip -n "$(kvi_ns lb1)" link set ens6 up
bound=$(add "$(add 2 "$mdi_s")" "$MARGIN_S")
kvi_check "$T sync: ens6 up, lb1 takes both back" "after ${bound}s not both on lb1" kvi_wait "$bound" both_on lb1
stop_all

fi

if want notify; then
# ================================================================ notify
ip -n "$(kvi_ns lb1)" link add trk0 type veth peer name trk1 && ip -n "$(kvi_ns lb1)" link set trk1 up &&
    ip -n "$(kvi_ns lb1)" link set trk0 up ||
    fatal "$T notify setup" "no veth pair to track"
mkfifo "$R/fifo" 2>/dev/null
cat >"$R/lb1.notify.conf" <<EOF
global_defs {
    notify_fifo $R/fifo
}
$(gen_instance VI_N 101 lb1 lb2 'track_interface {' '    trk0' '}' \
    'authentication {' '    auth_type PASS' '    auth_pass password' '}' \
    "notify $R/notify.sh" "notify_master $R/fail.sh" "notify_stop \"$R/notify.sh STOPPED\"" \
    "notify_master_rx_lower_pri \"$R/notify.sh RXLOWER\"")
EOF
rm -f "$R/notify.log"
cat "$R/fifo" >"$R/fifo.out" &
KVI_PIDS+=("$!")
m1=$(kvi_log_mark lb1)
kvi_start_node lb1 "$IMPL" "$R/lb1.notify.conf"
kvi_wait_vip lb1 "$(add "$mdi_s" 3)" || fatal "$T notify: lone lb1 becomes Active" "no VIP"
kvi_check "$T notify: a failing notify_master is logged with its status" "no 'exit status 3' / 'status 3' line" \
    kvi_wait 3 log_matches lb1 "$m1" 'notify.*exit(ed with)? status 3'
kvi_check "$T notify: the generic notify still runs after it" "no 'INSTANCE VI_N MASTER 101' line" \
    kvi_wait 3 grep -qx 'INSTANCE VI_N MASTER 101' "$R/notify.log"
kvi_check "$T notify: notify_fifo has keepalived's line" "fifo got: $(head -c 300 "$R/fifo.out" 2>/dev/null)" \
    kvi_wait 3 grep -qx 'INSTANCE "VI_N" MASTER 101' "$R/fifo.out"
# Another router claims to be Active with priority 50: notify_master_rx_lower_pri and the FIFO line.
kvi_exec lb2 python3 "$KVI_LIB_DIR/vrrp_send.py" --src 192.0.2.12 --to 192.0.2.11 --prio 50 --count 1 >/dev/null
kvi_check "$T notify: notify_master_rx_lower_pri runs when the Active router hears priority 50" "no RXLOWER line" \
    kvi_wait 3 grep -qx 'RXLOWER' "$R/notify.log"
kvi_check "$T notify: the FIFO gets MASTER_RX_LOWER_PRI" "fifo got: $(tail -c 200 "$R/fifo.out" 2>/dev/null)" \
    kvi_wait 3 grep -qx 'INSTANCE "VI_N" MASTER_RX_LOWER_PRI 101' "$R/fifo.out"
for i in $(seq 50); do
    ip -n "$(kvi_ns lb1)" link set trk0 down
    sleep 0.05
    ip -n "$(kvi_ns lb1)" link set trk0 up
    sleep 0.05
done
sleep 2
kvi_term_node lb1 10
kvi_check "$T notify: lb1 exits 0 on SIGTERM" "exit status $KVI_RC" [ "$KVI_RC" -eq 0 ]
logged=$(tail -n +"$((m1 + 1))" "$(kvi_logfile lb1)" | sed -n 's/.*(VI_N) Entering \([A-Z]*\) STATE.*/\1/p' | tr '\n' ' ')
notified=$(awk '$1 == "INSTANCE" && $3 != "STOP" {print $3}' "$R/notify.log" | tr '\n' ' ')
transitions=$(wc -w <<<"$logged")
if [[ $logged == "$notified" && $transitions -ge 101 ]]; then
    kvi_pass "$T notify: $transitions notifications in transition order over 50 flips"
else
    kvi_fail "$T notify: notifications in transition order" "log: ${logged:0:200}… notify: ${notified:0:200}… ($transitions transitions)"
fi
kvi_check "$T notify: notify_stop ran after SIGTERM" "no STOPPED line at the end of notify.log" \
    grep -qx 'STOPPED' <(tail -n 2 "$R/notify.log")
kvi_check "$T notify: the generic notify says STOP last" "last line: $(tail -n 1 "$R/notify.log")" \
    grep -qx 'INSTANCE VI_N STOP 101' <(tail -n 1 "$R/notify.log")
stop_all

fi

if want hang; then
# ================================================================ hang
cat >"$R/lb1.hang.conf" <<EOF
vrrp_script hang {
    script "$R/hang.sh"
    interval 1
    timeout 2
}
$(gen_instance VI_H 101 lb1 lb2 'track_script {' '    hang weight 0' '}')
EOF
# The hanging script counts as failing with weight 0: lb1 sits in FAULT. To watch adverts, give it
# weight -1 instead, so it stays Active (alone on the segment) at priority 100.
sed -i 's/hang weight 0/hang weight -1/' "$R/lb1.hang.conf"
kvi_capture_start hang p-lb1 vrrp || fatal "$T hang setup" "tcpdump did not start"
m1=$(kvi_log_mark lb1)
kvi_start_node lb1 "$IMPL" "$R/lb1.hang.conf"
kvi_wait_vip lb1 "$(add "$mdi_s" 3)" || fatal "$T hang: lb1 becomes Active" "no VIP"
t0=$(kvi_now_us)
sleep 8
t1=$(kvi_now_us)
sleepers() { local p n=0; for p in $(ip netns pids "$(kvi_ns lb1)"); do [[ $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) == "sleep 1000 " ]] && n=$((n + 1)); done; echo "$n"; }
n=$(sleepers)
kvi_check "$T hang: killed with its process group at the timeout" "$n 'sleep 1000' processes in lb1's namespace (at most 2 of the run in progress)" \
    [ "$n" -le 2 ]
kvi_check "$T hang: the timeout is logged" "no 'timed out' line" kvi_log_has lb1 "$m1" "timed out"
kvi_term_node lb1 5
kvi_check "$T hang: nothing left after SIGTERM" "$(sleepers) 'sleep 1000' left" kvi_wait 3 test "$(sleepers)" -eq 0
sleep 0.3
kvi_capture_stop hang
gaps=$(kvi_capture_text hang | awk -v t0="$t0" -v t1="$t1" '
    { split($1, a, "."); us = a[1] * 1000000 + a[2] }
    us >= t0 && us <= t1 && $3 == "192.0.2.11" && /Advertisement/ {
        if (prev) { d = us - prev; if (d > max) max = d; if (!min || d < min) min = d; n++ }
        prev = us
    }
    END { printf "%d %d %d", n, min, max }')
read -r n min max <<<"$gaps"
if [[ $n -ge 6 ]] && ((min > 900000 && max < 1100000)); then
    kvi_pass "$T hang: adverts on schedule while the script hangs ($n gaps, $(kvi_fmt_s "$min")..$(kvi_fmt_s "$max")s)"
else
    kvi_fail "$T hang: adverts on schedule while the script hangs" "$n gaps, min ${min}us max ${max}us"
fi
stop_all

fi

# ================================================================ file and source address
if want file; then
cat >"$R/lb1.file.conf" <<EOF
vrrp_track_file flag {
    file $R/flag
    init_file 0 overwrite
}
$(gen_instance VI_F 101 lb1 lb2 'track_file {' '    flag weight 0' '}')
EOF
m1=$(kvi_log_mark lb1)
kvi_start_node lb1 "$IMPL" "$R/lb1.file.conf"
kvi_check "$T file: init_file writes 0" "flag holds '$(cat "$R/flag" 2>/dev/null)'" kvi_wait 3 grep -qx 0 "$R/flag"
kvi_wait_log lb1 "$m1" "(VI_F) Entering BACKUP STATE" 3 || kvi_fail "$T file: lb1 starts" "no BACKUP"
m1=$(kvi_log_mark lb1)
echo 1 >"$R/flag"
kvi_check "$T file: a non-zero value with weight 0 is FAULT" "no '(VI_F) Entering FAULT STATE'" \
    kvi_wait_log lb1 "$m1" "(VI_F) Entering FAULT STATE" 3
m1=$(kvi_log_mark lb1)
echo garbage >"$R/flag"
kvi_check "$T file: garbage counts as 0, leaving FAULT" "no '(VI_F) Entering BACKUP STATE'" \
    kvi_wait_log lb1 "$m1" "(VI_F) Entering BACKUP STATE" 3
kvi_check "$T file: garbage is warned about" "no 'does not start with a number' line" \
    kvi_log_has lb1 "$m1" "does not start with a number"
m1=$(kvi_log_mark lb1)
ip -n "$(kvi_ns lb1)" addr del 192.0.2.11/24 dev ens5
kvi_check "$T source: losing the source address is FAULT" "no '(VI_F) Entering FAULT STATE'" \
    kvi_wait_log lb1 "$m1" "(VI_F) Entering FAULT STATE" 3
m1=$(kvi_log_mark lb1)
ip -n "$(kvi_ns lb1)" addr add 192.0.2.11/24 dev ens5
kvi_check "$T source: its return leaves FAULT" "no '(VI_F) Entering BACKUP STATE'" \
    kvi_wait_log lb1 "$m1" "(VI_F) Entering BACKUP STATE" 3
stop_all
fi

# ================================================================ check and script security
if want check && [[ $IMPL == keepvip ]]; then
    cat >"$R/missing.conf" <<EOF
vrrp_script chk {
    script "/nonexistent/check.sh"
}
$(gen_instance VI_M 101 lb1 lb2 'track_script {' '    chk' '}')
EOF
    kvi_check "$T check: a missing script is named with file:line" "no 'missing.conf:2:' warning naming /nonexistent/check.sh" \
        bash -c "'$KEEPVIP' check -f '$R/missing.conf' 2>&1 | grep -q 'missing.conf:2:.*/nonexistent/check.sh'"
    m1=$(kvi_log_mark lb1)
    kvi_start_node lb1 "$IMPL" "$R/missing.conf"
    kvi_check "$T check: a missing weight-0 script holds the instance in FAULT" "no '(VI_M) Entering FAULT STATE'" \
        kvi_wait_log lb1 "$m1" "(VI_M) Entering FAULT STATE" 5
    kvi_term_node lb1 5

    mkdir -p "$R/open" && chmod 777 "$R/open" && cp "$R/flag.sh" "$R/open/chk.sh"
    cat >"$R/secure.conf" <<EOF
global_defs {
    enable_script_security
    script_user root
}
vrrp_script chk {
    script "$R/open/chk.sh $R/lb1.up"
}
$(gen_instance VI_S 101 lb1 lb2 'track_script {' '    chk' '}')
EOF
    m1=$(kvi_log_mark lb1)
    kvi_start_node lb1 "$IMPL" "$R/secure.conf"
    kvi_check "$T security: an unsafe script is refused, naming the path" "no line naming $R/open" \
        kvi_wait_log lb1 "$m1" "$R/open" 5
    kvi_check "$T security: the refused script counts as failing" "no '(VI_S) Entering FAULT STATE'" \
        kvi_wait_log lb1 "$m1" "(VI_S) Entering FAULT STATE" 5
    kvi_term_node lb1 5
fi

finish
