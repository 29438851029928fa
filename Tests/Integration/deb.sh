#!/usr/bin/env bash
# deb.sh — `make deb` and the package's life on this machine:
#   build:    keepvip_VERSION_ARCH.deb, lintian reports no error and no warning; the binaries
#             need no Swift runtime; man pages, completions, unit and conffiles are where Debian
#             puts them
#   install:  dpkg -i; keepvipd runs the packaged configuration in a namespace with every default
#             path (control socket /run/keepvip/keepvip.sock); `keepvip status` and `keepvip
#             reload` answer; SIGTERM stops it
#   remove:   dpkg -r keeps the conffiles; dpkg -P removes them and forgets the package
# The package is purged in every exit path. Refuses to run when keepvip is already installed.
# Prints PASS/FAIL/INFO lines and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib/netns.sh"
kvi_require_root

T=deb
finish() { kvi_summary; exit $?; }
fatal() { kvi_fail "$1" "$2"; finish; }
for tool in dpkg-deb lintian; do command -v "$tool" >/dev/null || fatal "$T setup" "$tool is missing (make deps installs it)"; done
installed() { dpkg-query -W -f='${Status}' keepvip 2>/dev/null | grep -q 'install ok installed'; }
installed && fatal "$T setup" "keepvip is installed on this machine already; not touching it"
present() { dpkg-query -W -f='${Status}' keepvip 2>/dev/null | grep -qv 'not-installed'; }
purge() { present && dpkg --purge keepvip >/dev/null 2>&1; true; }
trap 'rc=$?; purge; (exit $rc); kvi_cleanup' EXIT

# ---- build ----
deb=$(cd "$KVI_REPO_ROOT" && SWIFT=${SWIFT:-} packaging/deb/build.sh "$KVI_RUN_DIR" 2>"$KVI_RUN_DIR/build.log" | tail -1)
[[ -f $deb ]] || fatal "$T make deb" "no package built: $(tail -3 "$KVI_RUN_DIR/build.log")"
kvi_pass "$T builds $(basename "$deb")"
tags=$(lintian "$deb" 2>&1 | grep -E '^[EW]: ')
kvi_check "$T lintian: no error, no warning" "$tags" test -z "$tags"
contents=$(dpkg-deb --contents "$deb" | awk '{ print $NF }')
for path in ./usr/sbin/keepvipd ./usr/bin/keepvip ./lib/systemd/system/keepvip.service ./etc/keepvip/keepvip.conf \
    ./etc/default/keepvip ./usr/share/man/man8/keepvipd.8.gz ./usr/share/man/man8/keepvip.8.gz \
    ./usr/share/bash-completion/completions/keepvip ./usr/share/zsh/vendor-completions/_keepvip \
    ./usr/share/fish/vendor_completions.d/keepvip.fish ./usr/share/doc/keepvip/copyright; do
    kvi_check "$T ships $path" "missing" grep -qx -- "$path" <<<"$contents"
done
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
kvi_check "$T conffiles: the configuration and /etc/default/keepvip" "$conffiles" \
    test "$conffiles" = $'/etc/default/keepvip\n/etc/keepvip/keepvip.conf'

# ---- install ----
out=$(dpkg -i "$deb" 2>&1); rc=$?
kvi_check "$T dpkg -i" "exit $rc: $out" test "$rc" -eq 0
runtime=$(ldd /usr/sbin/keepvipd /usr/bin/keepvip | grep -o 'libswift[^ ]*\|libFoundation[^ ]*' | sort -u | tr '\n' ' ')
kvi_check "$T the binaries need no Swift runtime" "they link $runtime" test -z "$runtime"
kvi_check "$T man keepvipd and man keepvip" "not found" bash -c 'man -w keepvipd >/dev/null && man -w keepvip >/dev/null'
kvi_check "$T the unit runs /usr/sbin/keepvipd" "ExecStart not adjusted" \
    grep -q '^ExecStart=/usr/sbin/keepvipd -f /etc/keepvip/keepvip.conf $KEEPVIPD_OPTIONS$' /lib/systemd/system/keepvip.service

kvi_topology_up lb1 || fatal "$T setup" "could not build the namespace topology"
log=$(kvi_logfile lb1)
ip netns exec "$(kvi_ns lb1)" /usr/sbin/keepvipd >"$log" 2>&1 &
pid=$!
KVI_PIDS+=("$pid")
KVI_NODE_PID[lb1]=$pid
kvi_check "$T keepvipd runs the packaged configuration (VIP on lb1)" "$(tail -3 "$log")" kvi_wait_vip lb1 8
out=$(keepvip status 2>&1); rc=$?
kvi_check "$T keepvip status on the default socket" "exit $rc: $out" \
    bash -c '[[ $1 -eq 0 && $0 == *"loadbalancer1"*"Active (MASTER)"* ]]' "$out" "$rc"
out=$(keepvip reload 2>&1); rc=$?
kvi_check "$T keepvip reload" "exit $rc: $out" bash -c '[[ $1 -eq 0 && $0 == "reload: 1 unchanged"* ]]' "$out" "$rc"
kvi_term_node lb1
kvi_check "$T SIGTERM stops it and removes the socket" "exit $KVI_RC" bash -c '[[ $0 -eq 0 && ! -e /run/keepvip/keepvip.sock ]]' "$KVI_RC"

# ---- remove, purge ----
echo "# the operator's edit" >>/etc/keepvip/keepvip.conf
out=$(dpkg -r keepvip 2>&1); rc=$?
kvi_check "$T dpkg -r" "exit $rc: $out" test "$rc" -eq 0
kvi_check "$T removed: binaries gone, edited configuration kept" "left or lost files" \
    bash -c '! test -e /usr/sbin/keepvipd && ! test -e /usr/bin/keepvip && grep -q "operator" /etc/keepvip/keepvip.conf'
out=$(dpkg -P keepvip 2>&1); rc=$?
kvi_check "$T dpkg -P" "exit $rc: $out" test "$rc" -eq 0
kvi_check "$T purged: conffiles and the package gone" "something is left" \
    bash -c '! test -e /etc/keepvip && ! test -e /etc/default/keepvip && ! dpkg-query -W keepvip >/dev/null 2>&1'
finish
