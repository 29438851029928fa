#!/usr/bin/env bash
# packaging/deb/build.sh OUTDIR — builds keepvip_VERSION_ARCH.deb with dpkg-deb from the release
# binaries (make build first; `make deb` does both). Layout:
#   /usr/sbin/keepvipd, /usr/bin/keepvip            stripped release binaries (static Swift stdlib)
#   /lib/systemd/system/keepvip.service             systemd/keepvip.service with /usr paths
#   /etc/keepvip/keepvip.conf, /etc/default/keepvip conffiles
#   /usr/share/man/man8/keepvipd.8.gz, keepvip.8.gz docs/man/keepvipd.8; keepvip's from
#                                                   swift-argument-parser's manual generator
#   bash, zsh and fish completions                  keepvip --generate-completion-script
#   /usr/share/doc/keepvip/                         README, status JSON schema, copyright, changelog
# Maintainer scripts do what debhelper's systemd snippets do (deb-systemd-helper / -invoke):
# enable and start on install, restart on upgrade, stop on removal, forget the unit on purge.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$repo}
swift=${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}
bin=$repo/.build/release
version=$(sed -n 's/.*current = "\(.*\)".*/\1/p' "$repo/Sources/KeepvipDaemon/Runtime/Version.swift")
arch=$(dpkg --print-architecture)
# Reproducible: every date in the package is the last commit's (or SOURCE_DATE_EPOCH's).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}
day=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
root=$(mktemp -d "${TMPDIR:-/tmp}/keepvip-deb.XXXXXX")
trap 'rm -rf "$root"' EXIT
pkg=$root/keepvip

for b in keepvipd keepvip; do [[ -x $bin/$b ]] || { echo "build.sh: $bin/$b missing (make build)" >&2; exit 1; }; done
install -D -m 0755 "$bin/keepvipd" "$pkg/usr/sbin/keepvipd"
install -D -m 0755 "$bin/keepvip" "$pkg/usr/bin/keepvip"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/sbin/keepvipd" "$pkg/usr/bin/keepvip"
install -d "$pkg/lib/systemd/system"
sed -e 's|/usr/local/sbin/|/usr/sbin/|g' -e 's|/usr/local/bin/|/usr/bin/|g' \
    -e 's|^Documentation=.*|Documentation=man:keepvipd(8) man:keepvip(8) file:///usr/share/doc/keepvip/README.md.gz|' \
    "$repo/systemd/keepvip.service" >"$pkg/lib/systemd/system/keepvip.service"
chmod 0644 "$pkg/lib/systemd/system/keepvip.service"
install -D -m 0644 "$repo/etc/keepvip/keepvip.conf" "$pkg/etc/keepvip/keepvip.conf"
install -D -m 0644 "$repo/etc/default/keepvip" "$pkg/etc/default/keepvip"

# Manual pages.
install -d "$pkg/usr/share/man/man8"
install -m 0644 "$repo/docs/man/keepvipd.8" "$pkg/usr/share/man/man8/keepvipd.8"
"$swift" build --package-path "$repo" --product generate-manual >&2
generator=$("$swift" build --package-path "$repo" --show-bin-path)/generate-manual
"$generator" "$bin/keepvip" --section 8 --date "$day" -o "$pkg/usr/share/man/man8" >&2
chmod 0644 "$pkg"/usr/share/man/man8/*
gzip -9n "$pkg"/usr/share/man/man8/*.8

# Shell completions.
install -d "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/zsh/vendor-completions" \
    "$pkg/usr/share/fish/vendor_completions.d"
"$bin/keepvip" --generate-completion-script bash | sed "1{/^#!/d}" >"$pkg/usr/share/bash-completion/completions/keepvip"
"$bin/keepvip" --generate-completion-script zsh >"$pkg/usr/share/zsh/vendor-completions/_keepvip"
"$bin/keepvip" --generate-completion-script fish >"$pkg/usr/share/fish/vendor_completions.d/keepvip.fish"
chmod 0644 "$pkg"/usr/share/bash-completion/completions/* "$pkg"/usr/share/zsh/vendor-completions/* \
    "$pkg"/usr/share/fish/vendor_completions.d/*

# Documentation.
doc=$pkg/usr/share/doc/keepvip
install -d "$doc"
install -m 0644 "$repo/README.md" "$doc/README.md"
install -m 0644 "$repo/docs/status-json.md" "$doc/status-json.md"
gzip -9n "$doc/README.md" "$doc/status-json.md"
install -m 0644 "$repo/packaging/deb/copyright" "$doc/copyright"
cat >"$root/changelog" <<EOF
keepvip ($version) unstable; urgency=medium

  * Built from the keepvip repository, commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown).

 -- keepvip developers <keepvip@example.org>  $(date -u -R -d "@$SOURCE_DATE_EPOCH")
EOF
gzip -9n -c "$root/changelog" >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# Control files.
install -d "$pkg/DEBIAN"
installed_size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
    "$repo/packaging/deb/control" >"$pkg/DEBIAN/control"
printf '/etc/default/keepvip\n/etc/keepvip/keepvip.conf\n' >"$pkg/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "$repo/packaging/deb/$script" "$pkg/DEBIAN/$script"
done
(cd "$pkg" && find . -type f ! -path './DEBIAN/*' -printf '%P\n' | LC_ALL=C sort | xargs md5sum) >"$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/md5sums" "$pkg/DEBIAN/control" "$pkg/DEBIAN/conffiles"
find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

deb=$out/keepvip_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >&2
echo "$deb"
