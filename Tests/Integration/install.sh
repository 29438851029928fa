#!/usr/bin/env bash
# install.sh — `make install` / `make uninstall` into a staging root (DESTDIR): the binaries, the
# unit and the sample configuration land; an operator's configuration is never overwritten, and
# uninstall removes the sample only while it is unchanged.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
root=$(mktemp -d /tmp/kvinstall.XXXXXX)
trap 'rm -rf "$root"' EXIT
pass=0 fail=0
check() { local name=$1; shift; if "$@"; then echo "PASS install $name"; pass=$((pass + 1)); else echo "FAIL install $name"; fail=$((fail + 1)); fi; }
mk() { make -s -C "$repo" "$@" DESTDIR="$root" >"$root.out" 2>&1 || { cat "$root.out"; return 1; }; }

check "make install" mk install
check "daemon installed" test -x "$root/usr/local/sbin/keepvipd"
check "tool installed" test -x "$root/usr/local/bin/keepvip"
check "unit installed" cmp -s "$repo/systemd/keepvip.service" "$root/etc/systemd/system/keepvip.service"
check "sample config installed" cmp -s "$repo/etc/keepvip/keepvip.conf" "$root/etc/keepvip/keepvip.conf"
check "defaults file installed" cmp -s "$repo/etc/default/keepvip" "$root/etc/default/keepvip"
check "unit reads KEEPVIPD_OPTIONS from it" grep -q 'keepvipd -f /etc/keepvip/keepvip.conf $KEEPVIPD_OPTIONS$' "$root/etc/systemd/system/keepvip.service"
check "unit grants only what VRRP and scripts need" grep -qx 'CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW CAP_SETUID CAP_SETGID CAP_KILL' "$root/etc/systemd/system/keepvip.service"
check "installed tool accepts the sample" "$root/usr/local/bin/keepvip" check -q -f "$root/etc/keepvip/keepvip.conf"

echo "# the operator's edit" >>"$root/etc/keepvip/keepvip.conf"
check "reinstall keeps an edited config" bash -c "make -s -C '$repo' install DESTDIR='$root' >/dev/null 2>&1 && tail -1 '$root/etc/keepvip/keepvip.conf' | grep -qx '# the operator.s edit'"
check "make uninstall" mk uninstall
check "binaries and unit removed" bash -c "! ls '$root/usr/local/sbin/keepvipd' '$root/usr/local/bin/keepvip' '$root/etc/systemd/system/keepvip.service' '$root/etc/default/keepvip' 2>/dev/null"
check "edited config kept" test -f "$root/etc/keepvip/keepvip.conf"
rm -f "$root/etc/keepvip/keepvip.conf"
mk install >/dev/null
mk uninstall >/dev/null
check "unchanged sample removed" test ! -e "$root/etc/keepvip/keepvip.conf"
rm -f "$root.out"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
