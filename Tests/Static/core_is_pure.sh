#!/usr/bin/env bash
# core_is_pure.sh — the protocol core stays pure: VRRPCore imports nothing (no Glibc, Foundation,
# Dispatch or keepvip I/O module), reads no clock, keeps no mutable global, and its packets and
# state machine take time as an argument. The pure reload model (KeepvipConfig/Reload) follows the
# same rule, and so does the HTTP request parser (KeepvipHTTP). Run by `make unit-test`; prints
# "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
pass=0 fail=0
check() { # NAME PATTERN DIRS...: no line of the sources matches PATTERN
    local name=$1 pattern=$2 hits
    shift 2
    hits=$(grep -rnE --include='*.swift' "$pattern" "$@")
    if [[ -z $hits ]]; then
        echo "PASS core is pure: $name"; pass=$((pass + 1))
    else
        echo "FAIL core is pure: $name:"; echo "$hits" | sed 's/^/    /'; fail=$((fail + 1))
    fi
}
check "no imports in VRRPCore" '^[[:space:]]*(@_[a-zA-Z]+ )?import ' Sources/VRRPCore
check "no imports in KeepvipHTTP and KeepvipJSON" '^[[:space:]]*(@_[a-zA-Z]+ )?import ' Sources/KeepvipHTTP Sources/KeepvipJSON
check "no imports but VRRPCore in the reload model" '^import (Glibc|Foundation|Dispatch|KeepvipLinux|Logging)' Sources/KeepvipConfig/Reload Sources/KeepvipConfig/Model
check "no clock" '(ContinuousClock|SuspendingClock|Date\(\)|clock_gettime|gettimeofday|MonotonicClock)' Sources/VRRPCore Sources/KeepvipConfig/Reload
check "no mutable globals" '^(public |internal |private |fileprivate )?(nonisolated\(unsafe\) )?var |static var |nonisolated\(unsafe\)' Sources/VRRPCore Sources/KeepvipConfig/Reload
check "no sockets or files" '(socket\(|open\(|read\(|write\(|FileHandle|fopen)' Sources/VRRPCore Sources/KeepvipConfig/Reload Sources/KeepvipHTTP
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
