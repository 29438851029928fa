#!/usr/bin/env bash
# journal.sh — keepvipd logs to a real systemd-journald through its native protocol.
# The test runs in a private mount namespace with its own journald (tmpfs on /run/systemd and
# /run/log), so the machine's journal — if any — is untouched. lb2 (priority 100) starts first and
# is Active; lb1 (priority 150) starts under `systemd-cat` with JOURNAL_STREAM naming its stderr,
# as systemd starts it, and preempts.
#   fields:    `journalctl VRRP_INSTANCE=loadbalancer1` finds lb1's lines; the MASTER transition
#              carries VRRP_STATE, VRRP_PRIORITY, PRIORITY, SYSLOG_IDENTIFIER, CODE_FILE/LINE/FUNC;
#              the discarded lower-priority advert names VRRP_PEER; the text is keepalived's words
#   blocking:  with journald stopped (SIGSTOP) and 2000 SIGUSR2 statistics dumps to log, lb1 keeps
#              its adverts on time (lb2 never times out) and answers `keepvip status` at once; after
#              SIGCONT the journal says how many entries were dropped
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

if [[ -z ${KVI_IN_MOUNT_NAMESPACE:-} ]]; then
    exec unshare --mount --propagation private env KVI_IN_MOUNT_NAMESPACE=1 bash "$0" "$@"
fi
. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

T=journal
KEEPVIP=${KEEPVIP:-$KVI_REPO_ROOT/.build/release/keepvip}
JOURNALD=${JOURNALD:-/lib/systemd/systemd-journald}

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }
why=$(kvi_impl_available keepvip) || fatal "$T setup" "$why"
[[ -x $JOURNALD ]] && command -v systemd-cat >/dev/null || fatal "$T setup" "systemd-journald or systemd-cat is missing"

mkdir -p /run/systemd /run/log
mount -t tmpfs tmpfs /run/systemd && mount -t tmpfs tmpfs /run/log || fatal "$T setup" "cannot mount a private /run/systemd"
mkdir -p /run/systemd/journal
"$JOURNALD" >"$KVI_RUN_DIR/journald.log" 2>&1 &
journald=$!
KVI_PIDS+=("$journald")
kvi_wait 5 test -S /run/systemd/journal/socket -a -S /run/systemd/journal/stdout || fatal "$T setup" "journald did not start"
jctl() { journalctl -D /run/log/journal --no-pager "$@"; }

kvi_topology_up lb1 lb2 || fatal "$T setup" "could not build the namespace topology"
kvi_gen_conf loadbalancer1 BACKUP 150 192.0.2.11 192.0.2.12 >"$KVI_RUN_DIR/lb1.conf"
kvi_gen_conf loadbalancer2 BACKUP 100 192.0.2.12 192.0.2.11 >"$KVI_RUN_DIR/lb2.conf"
kvi_start_node lb2 keepvip || fatal "$T start lb2" "could not start keepvipd"
kvi_wait_vip lb2 6 || fatal "$T lb2 Active" "no VIP on lb2"

sock=$(kvi_control_socket lb1)
ip netns exec "$(kvi_ns lb1)" systemd-cat -t keepvipd bash -c \
    'JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec "$0" -f "$1" --control-socket "$2"' \
    "$KEEPVIPD" "$KVI_RUN_DIR/lb1.conf" "$sock" &
pid=$!
KVI_PIDS+=("$pid")
KVI_NODE_PID[lb1]=$pid
KVI_NODE_IMPL[lb1]=keepvip
kvi_wait_vip lb1 8 || fatal "$T lb1 preempts" "no VIP on lb1"
sleep 1

# entry FILTER…: the first matching entry of lb1 as JSON
entry() { jctl -o json "$@" | head -1; }
json=$(entry VRRP_INSTANCE=loadbalancer1 VRRP_STATE=MASTER)
kvi_check "$T the MASTER transition, found by VRRP_INSTANCE and VRRP_STATE, with its fields" "$json" python3 -c '
import json, sys
e = json.loads(sys.argv[1])
assert e["MESSAGE"] == "(loadbalancer1) Entering MASTER STATE", e["MESSAGE"]
assert e["VRRP_PRIORITY"] == "150" and e["PRIORITY"] == "6" and e["SYSLOG_IDENTIFIER"] == "keepvipd", e
assert e["CODE_FILE"].endswith("VirtualRouterRunner.swift") and int(e["CODE_LINE"]) > 0 and e["CODE_FUNC"], e
' "$json"
json=$(entry VRRP_INSTANCE=loadbalancer1 VRRP_PEER=192.0.2.12)
kvi_check "$T the discarded advert names VRRP_PEER and its priority" "$json" python3 -c '
import json, sys
e = json.loads(sys.argv[1])
assert e["MESSAGE"] == "(loadbalancer1) received lower priority (100) advert from 192.0.2.12 - discarding", e["MESSAGE"]
assert e["VRRP_PEER_PRIORITY"] == "100", e
' "$json"
count=$(jctl VRRP_INSTANCE=loadbalancer1 | grep -c "(loadbalancer1)")
kvi_check "$T journalctl VRRP_INSTANCE=loadbalancer1 lists lb1's lines ($count)" "none" test "$count" -ge 4

# ---- a journal that does not read ----
m2=$(kvi_log_mark lb2)
kill -STOP "$journald"
for _ in $(seq 2000); do kill -USR2 "$pid"; done
answered() { timeout 2 "$KEEPVIP" status --control-socket "$sock" >/dev/null; }
kvi_check "$T keepvip status answers while the journal is stopped" "no answer within 2 s" answered
sleep 4
no_timeout() { ! kvi_log_has lb2 "$m2" "Receive advertisement timeout"; }
kvi_check "$T lb2 never missed an advert meanwhile" "lb2 logged a timeout" no_timeout
kvi_check "$T lb1 still holds the VIP" "VIP gone" kvi_has_vip lb1
kill -CONT "$journald"
sleep 0.5
kill -USR2 "$pid"
dropped() { jctl -g "log entr(y was|ies were) dropped: the log reader was not keeping up" -q | grep -q dropped; }
kvi_check "$T afterwards the journal says how many entries were dropped" "no such entry" kvi_wait 5 dropped
kvi_info "$T $(jctl -g 'were dropped' -o cat | head -1)"
kvi_term_node lb1
finish
