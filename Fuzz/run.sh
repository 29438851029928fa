#!/usr/bin/env bash
# Runs one libFuzzer target for a while:  Fuzz/run.sh TARGET SECONDS [extra libFuzzer arguments]
#   TARGET: FuzzAdvertisement, FuzzConfiguration or FuzzHTTPRequest
# Builds once into Fuzz/.build-fuzz (release, -sanitize=fuzzer,address), fuzzes a scratch copy of
# Fuzz/Corpus/TARGET (the repository's seeds stay untouched), prints libFuzzer's final stats line and
# exits non-zero on a crash, leaving the input in Fuzz/artifacts/.
# FuzzConfiguration also reads shared/corpus/keepalived-conf beside the repository (or $FUZZ_EXTRA_CORPUS) when present.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 FuzzAdvertisement|FuzzConfiguration|FuzzHTTPRequest SECONDS [libFuzzer arguments…]" >&2
    exit 2
fi
target=$1 seconds=$2
shift 2
case $target in
    FuzzAdvertisement|FuzzConfiguration|FuzzHTTPRequest) ;;
    *) echo "unknown fuzz target '$target'" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
swift=${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}
scratch=$here/.build-fuzz
# Changing sanitizer flags does not trigger a rebuild: these flags only ever go to this scratch path.
"$swift" build --package-path "$here" --scratch-path "$scratch" -c release --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
binary=$("$swift" build --package-path "$here" --scratch-path "$scratch" -c release --show-bin-path)/$target

work=$(mktemp -d "${TMPDIR:-/tmp}/keepvip-fuzz-$target.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$here/artifacts"
cp "$here/Corpus/$target/"* "$work/corpus/"
extra=()
if [ "$target" = FuzzConfiguration ]; then
    shared=${FUZZ_EXTRA_CORPUS:-$here/../../shared/corpus/keepalived-conf}
    [ -d "$shared" ] && extra+=("$shared")
fi
dict=()
[ -f "$here/$target.dict" ] && dict=(-dict="$here/$target.dict")

# Swift's crash reporter would hold a crashing process; libFuzzer reports the crash itself.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
set +e
"$binary" "$work/corpus" ${extra[@]+"${extra[@]}"} -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$here/artifacts/$target-" ${dict[@]+"${dict[@]}"} "$@" \
    >"$work/log" 2>&1
status=$?
set -e
# The `#N DONE` line, the final stats, and any crash report.
grep -E '^#[0-9]+\s+(DONE|INITED)|^stat::|ERROR|SUMMARY|Test unit written|^Fatal error|deadly signal' "$work/log" || true
if [ $status -ne 0 ]; then
    echo "$target: libFuzzer exited with $status; the input is in $here/artifacts/" >&2
    tail -n 40 "$work/log" >&2
fi
exit $status
