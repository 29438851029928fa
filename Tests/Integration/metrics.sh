#!/usr/bin/env bash
# metrics.sh — keepvipd's Prometheus endpoint (--metrics-listen), scraped by Debian's prometheus.
# lb1 (priority 150, Active) and lb2 (priority 100, Backup) run keepvip with
# --metrics-listen HOST_IP:9650; prometheus runs in the client namespace and scrapes both.
#   scrape:  prometheus's HTTP API shows keepvip_instance_state{state="active"} 1 for lb1 and
#            {state="backup"} 1 for lb2; `promtool check metrics` finds nothing to say
#   names:   the families README lists (state, priority, adverts, drops by reason, build info)
#   hostile: 404 for another path, 405 for POST, 400 for a malformed head, 431 for a huge one,
#            503 past 16 connections; 40 stalled half-requests neither delay lb1's adverts (lb2
#            stays Backup) nor outlive their 5 s deadline; afterwards /metrics answers again
#   off:     without --metrics-listen nothing listens
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

T=metrics
PORT=9650

finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }

why=$(kvi_impl_available keepvip) || fatal "$T setup" "$why"
command -v prometheus >/dev/null && command -v promtool >/dev/null ||
    fatal "$T setup" "prometheus and promtool are missing (apt-get install prometheus; make deps does)"

kvi_topology_up lb1 lb2 client || fatal "$T setup" "could not build the namespace topology"
kvi_gen_conf loadbalancer1 BACKUP 150 192.0.2.11 192.0.2.12 >"$KVI_RUN_DIR/lb1.conf"
kvi_gen_conf loadbalancer2 BACKUP 100 192.0.2.12 192.0.2.11 >"$KVI_RUN_DIR/lb2.conf"
KVI_NODE_ARGS[lb1]="--metrics-listen 192.0.2.11:$PORT"
KVI_NODE_ARGS[lb2]="--metrics-listen 192.0.2.12:$PORT"
kvi_start_node lb1 keepvip || fatal "$T start lb1" "could not start keepvipd"
kvi_wait_vip lb1 6 || fatal "$T lb1 holds the VIP" "no $KVI_VIP on lb1 within 6s"
kvi_start_node lb2 keepvip || fatal "$T start lb2" "could not start keepvipd"

# fetch HOST_IP PATH [curl arguments…]: from the client namespace; prints the body, or the status with -w
fetch() { local ip=$1 path=$2; shift 2; kvi_exec client curl -s --max-time 5 "$@" "http://$ip:$PORT$path"; }
status_of() { fetch "$@" -o /dev/null -w '%{http_code}'; }
kvi_wait 5 bash -c "[[ \$(ip netns exec $(kvi_ns client) curl -s -o /dev/null -w '%{http_code}' http://192.0.2.12:$PORT/metrics) == 200 ]]" ||
    fatal "$T lb2 serves /metrics" "no answer at 192.0.2.12:$PORT"

# ---- a real Prometheus ----
mkdir -p "$KVI_RUN_DIR/prometheus"
cat >"$KVI_RUN_DIR/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: keepvip
    static_configs:
      - targets: ['192.0.2.11:$PORT', '192.0.2.12:$PORT']
EOF
promtool check config "$KVI_RUN_DIR/prometheus.yml" >/dev/null 2>&1 ||
    fatal "$T setup" "promtool rejects $KVI_RUN_DIR/prometheus.yml"
kvi_exec client prometheus --config.file="$KVI_RUN_DIR/prometheus.yml" --storage.tsdb.path="$KVI_RUN_DIR/prometheus" \
    --web.listen-address=127.0.0.1:9090 >"$KVI_RUN_DIR/prometheus.log" 2>&1 &
KVI_PIDS+=("$!")
# query EXPR: the value of the one series EXPR selects, from prometheus's HTTP API
query() {
    kvi_exec client curl -s --max-time 2 http://127.0.0.1:9090/api/v1/query --data-urlencode "query=$1" |
        python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if len(r) == 1 else "")' 2>/dev/null
}
is_one() { [[ $(query "$1") == 1 ]]; }
kvi_check "$T prometheus scrapes lb1: keepvip_instance_state active = 1" "$(tail -3 "$KVI_RUN_DIR/prometheus.log")" \
    kvi_wait 30 is_one 'keepvip_instance_state{vrrp_instance="loadbalancer1",state="active",instance="192.0.2.11:'$PORT'"}'
kvi_check "$T prometheus scrapes lb2: keepvip_instance_state backup = 1" "no such series" \
    kvi_wait 5 is_one 'keepvip_instance_state{vrrp_instance="loadbalancer2",state="backup",instance="192.0.2.12:'$PORT'"}'
up_both() { [[ $(query 'sum(up{job="keepvip"})') == 2 ]]; }
kvi_check "$T both targets are up for prometheus" "sum(up) = '$(query 'sum(up{job="keepvip"})')'" up_both

body=$(fetch 192.0.2.11 /metrics)
lint=$(promtool check metrics <<<"$body" 2>&1); rc=$?
kvi_check "$T promtool check metrics is clean" "exit $rc: $lint" bash -c '[[ $1 -eq 0 && -z $0 ]]' "$lint" "$rc"
for family in keepvip_build_info keepvip_instance_state keepvip_instance_priority keepvip_adverts_sent_total \
    keepvip_adverts_received_total keepvip_drops_total keepvip_transitions_total keepvip_script_status; do
    kvi_check "$T family $family" "missing" grep -q "^# TYPE $family " <<<"$body"
done
has_series() { grep -qF "$1" <<<"$body"; }
kvi_check "$T labels and one series per drop reason" "no auth drop series" \
    has_series 'keepvip_drops_total{vrrp_instance="loadbalancer1",interface="ens5",vrid="101",family="ipv4",reason="auth"} 0'

# ---- hostile clients ----
kvi_check "$T / links to /metrics" "no link" bash -c '[[ $(ip netns exec "$0" curl -s "http://192.0.2.11:$1/") == *"/metrics"* ]]' "$(kvi_ns client)" "$PORT"
got=$(status_of 192.0.2.11 /other); kvi_check "$T 404 for another path" "got $got" test "$got" = 404
got=$(status_of 192.0.2.11 /metrics -X POST -d x=1); kvi_check "$T 405 for POST" "got $got" test "$got" = 405
# raw HOST_IP MODE: what curl will not send
raw() {
    kvi_exec client python3 - "$@" <<'EOF'
import socket, sys, time
host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def connect():
    return socket.create_connection((host, port), timeout=10)
def status(s):
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    return data.split(b" ")[1].decode() if data.startswith(b"HTTP/1.1 ") else "none:" + data[:40].decode(errors="replace")
if mode == "malformed":
    s = connect(); s.sendall(b"GET /metrics\r\n\r\n"); print(status(s))
elif mode == "huge":
    s = connect()
    try:
        s.sendall(b"GET /metrics HTTP/1.1\r\n" + b"X-Junk: " + b"a" * 20000 + b"\r\n\r\n")
    except OSError:
        pass
    print(status(s))
elif mode == "stall":
    # 40 clients each send half a request head and stall: 16 are held until their 5 s deadline,
    # the rest get 503 at once.
    # Timed from before the first connect: past the listen backlog a connect waits for a SYN
    # retransmit (about 1 s) while the daemon turns earlier ones away.
    start = time.monotonic()
    clients = [connect() for _ in range(40)]
    for s in clients:
        try:
            s.sendall(b"GET /metr")
        except OSError:
            pass
    codes, held = [], []
    for s in clients:
        codes.append(status(s))
        if codes[-1] == "none:":
            held.append(time.monotonic() - start)
    print(codes.count("503"), len(held), round(max(held or [0]), 1))
EOF
}
got=$(raw 192.0.2.11 "$PORT" malformed); kvi_check "$T 400 for a malformed request line" "got $got" test "$got" = 400
got=$(raw 192.0.2.11 "$PORT" huge); kvi_check "$T 431 for a 20 KB head" "got $got" test "$got" = 431
m2=$(kvi_log_mark lb2)
read -r refused held longest < <(raw 192.0.2.11 "$PORT" stall)
kvi_check "$T 40 stalled clients: 16 held until the 5 s deadline, 24 refused with 503" \
    "503: $refused, held: $held, longest ${longest}s" \
    bash -c '(( $0 == 24 && $1 == 16 )) && awk -v t="$2" "BEGIN { exit !(t >= 4.5 && t <= 8) }"' "$refused" "$held" "$longest"
no_timeout() { ! kvi_log_has lb2 "$m2" "Receive advertisement timeout"; }
kvi_check "$T lb2 never missed an advert meanwhile" "lb2 logged a timeout" no_timeout
got=$(status_of 192.0.2.11 /metrics); kvi_check "$T /metrics answers again afterwards" "got $got" test "$got" = 200
kvi_check "$T lb1 still runs" "keepvipd exited" kvi_alive "${KVI_NODE_PID[lb1]}"

# ---- off by default ----
kvi_term_node lb2
KVI_NODE_ARGS[lb2]=""
kvi_start_node lb2 keepvip || fatal "$T restart lb2" "could not start keepvipd"
kvi_wait 5 test -S "$(kvi_control_socket lb2)"
got=$(status_of 192.0.2.12 /metrics); kvi_check "$T nothing listens without --metrics-listen" "got $got" test "$got" = 000
finish
