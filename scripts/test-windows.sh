#!/usr/bin/env bash
# Builds the crate for Windows and runs the native-backend tests (tests/windows_native.rs), the
# library's unit tests and the native benchmark under Wine — on a Linux machine.
#
# Route (the one found to work here): Debian's rustc-web (1.96, with its std sources) cross-builds
# std with -Zbuild-std for x86_64-win7-windows-gnu — the ordinary x86_64-pc-windows-gnu std imports
# bcryptprimitives.dll, which Wine 8.0 lacks — links with mingw-w64, and cargo runs each .exe
# through wine64. The rustup toolchain first on PATH is left alone: this script names Debian's
# binaries by path and changes nothing global.
#
# Then `wsaioctl check --backend windows`: the CLI (feature `cli`) built for the same target and run
# under wine64 inside a private network namespace built as the emulated default host (`wsaioctl
# on-host`, needs root) — the shipped scenarios against Wine's ws2_32, printing the pass /
# expected-divergence / not-applicable table (src/scenario/wine.rs).
#
# Usage: scripts/test-windows.sh [--no-bench] [--no-check] [--check-only] [extra cargo test args…]
#        --no-check skips `check --backend windows` (which needs root: outside CI it is skipped
#        with a message when not root)
# Env:   WINDOWS_TEST_TIMEOUT (seconds for the whole cargo step, default 1500)
#        BENCH_ITERS (iterations per code for the benchmark, default 20000)
#        WINDOWS_CHECK_TIMEOUT (seconds for building and running `check`, default 900)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

bench=1
tests=1
check=1
while [[ ${1:-} == --no-bench || ${1:-} == --check-only || ${1:-} == --no-check ]]; do
    [[ $1 == --no-bench ]] && bench=0
    [[ $1 == --no-check ]] && check=0
    [[ $1 == --check-only ]] && { tests=0; bench=0; }
    shift
done

log() { printf '== %s\n' "$*"; }

# Stops this prefix's Wine server (and waits), so that the next wine64 starts a new one — inside
# the namespace `wsaioctl on-host` makes.
stop_wineserver() {
    /usr/lib/wine/wineserver -k 2>/dev/null || true
    /usr/lib/wine/wineserver -w 2>/dev/null || true
}

# --- 1. Packages (idempotent, quiet; apt-get update only when something is missing) -----------
need=()
[[ -x /usr/bin/rustc && -x /usr/bin/cargo ]] || need+=(rustc-web cargo-web)
[[ -d /usr/lib/rustlib/src/rust/library ]] || need+=(rust-web-src)
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
if ((${#need[@]})); then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [[ ! -x /usr/lib/wine/wine64 ]]; then
    log "installing wine64"
    export DEBIAN_FRONTEND=noninteractive
    [[ ${#need[@]} -gt 0 ]] || apt-get update -qq
    apt-get install -y -qq --no-install-recommends wine64 >/dev/null
fi

# --- 2. Environment: Debian's toolchain, Wine inside target/ ---------------------------------
target=x86_64-win7-windows-gnu
export RUSTC=/usr/bin/rustc
export RUSTDOC=/usr/bin/rustdoc
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$root/target/windows"
export CARGO_TARGET_X86_64_WIN7_WINDOWS_GNU_RUNNER=/usr/lib/wine/wine64
export WINEPREFIX="$root/target/windows/wineprefix"
export WINEDEBUG=-all
# Keep Wine from trying to open windows or install Mono/Gecko on first start.
export WINEDLLOVERRIDES="mscoree,mshtml="
export DISPLAY=
mkdir -p "$WINEPREFIX"
cargo=(/usr/bin/cargo)
common=(-Zbuild-std --target "$target" --no-default-features)

log "$("$RUSTC" --version) / $(/usr/lib/wine/wine64 --version) / target $target"

timeout_s=${WINDOWS_TEST_TIMEOUT:-1500}
start=$(date +%s)
status=0

# --- 3. Tests under Wine ---------------------------------------------------------------------
# --lib: the unit tests (the emulated stack built for Windows); --test windows_native: the native
# backend against Wine's ws2_32; then --doc. The other integration tests exercise the emulated
# stack and the CLI, which the Linux run covers. Features: none (the CLI's clap/serde/toml are not
# needed under Wine and cost build time).
out="$root/target/windows/test-output.txt"
log "cargo test --lib --test windows_native (under wine64; whole cargo step bounded to ${timeout_s}s)"
set +e
if ((tests)); then
timeout "$timeout_s" "${cargo[@]}" test "${common[@]}" --lib --test windows_native "$@" 2>&1 |
    tee "$out" | grep -E '^(test |running|test result|error|warning: unused|thread|  left|  right|failures)' 
status=${PIPESTATUS[0]}
# The doctests, cross-compiled by Debian's rustdoc and run through the same runner (the
# windows module's examples exist only on Windows).
if ((status == 0)); then
    log "cargo test --doc (under wine64)"
    elapsed=$(($(date +%s) - start))
    timeout $((timeout_s > elapsed ? timeout_s - elapsed : 1)) "${cargo[@]}" test "${common[@]}" --doc 2>&1 |
        tee -a "$out" | grep -E '^(test result|error|failures)|FAILED'
    status=${PIPESTATUS[0]}
fi
else
    : >"$out"
fi
set -e
build_end=$(date +%s)

# --- 3b. `wsaioctl check --backend windows` under wine64 -------------------------------------
check_status=0
check_s=0
if ((check == 1)) && [[ $(id -u) != 0 && ${CI:-} != true ]]; then
    log "skipping check --backend windows: it runs Wine in a private network namespace, which needs root"
    check=0
fi
if ((status == 0 && check == 1)); then
    log "wsaioctl check --backend windows (build with --features cli, run under wine64)"
    check_start=$(date +%s)
    check_t=${WINDOWS_CHECK_TIMEOUT:-900}
    set +e
    timeout "$check_t" "${cargo[@]}" build -q "${common[@]}" --features cli --bin wsaioctl 2>&1 | tail -20
    check_status=${PIPESTATUS[0]}
    if ((check_status == 0)); then
        # On the built-in default host: `wsaioctl on-host` (the Linux build, rustup's toolchain,
        # into target/) builds it in a private network namespace and runs Wine there — Wine's
        # server included (the one of this prefix is stopped first, so a new one starts inside)
        # — so native Winsock answers for the interfaces, addresses and routes the scenarios
        # assume, whatever this machine's own network is.
        env -u RUSTC -u RUSTDOC -u RUSTC_BOOTSTRAP -u CARGO_TARGET_DIR \
            cargo build -q --all-features --bin wsaioctl 2>&1 | tail -20
        check_status=${PIPESTATUS[0]}
    fi
    if ((check_status == 0)); then
        stop_wineserver
        run_start=$(date +%s)
        elapsed=$((run_start - check_start))
        timeout $((check_t > elapsed ? check_t - elapsed : 1)) "$root/target/debug/wsaioctl" on-host -- \
            sh -c '"$0" "$@"; rc=$?; /usr/lib/wine/wineserver -w; exit $rc' \
            /usr/lib/wine/wine64 "$CARGO_TARGET_DIR/$target/debug/wsaioctl.exe" check --backend windows
        check_status=$?
        check_s=$(($(date +%s) - run_start))
    fi
    set -e
    ((check_status == 0)) || { log "check --backend windows failed ($check_status)"; status=$check_status; }
fi

# --- 4. The benchmark: the same WSAIoctl sequence through Wine's ws2_32 and the Linux provider --
# examples/native_bench built twice — for Windows (run under wine64: native ws2_32) and for Linux
# (the Linux provider) — both run inside `wsaioctl on-host` (the default host), then the ratio
# Wine / Linux per code from their `SEQ` lines.
bench_out=""
if ((bench)) && ((status == 0)); then
    log "native_bench (release): Wine's ws2_32 vs the Linux provider, both on the default host"
    set +e
    "${cargo[@]}" build -q --release "${common[@]}" --example native_bench 2>&1 | tail -20 &&
        env -u RUSTC -u RUSTDOC -u RUSTC_BOOTSTRAP -u CARGO_TARGET_DIR \
            cargo build -q --release --example native_bench --bin wsaioctl 2>&1 | tail -20
    bstatus=$?
    if ((bstatus == 0)); then
        stop_wineserver
        bench_out=$(timeout 900 "$root/target/release/wsaioctl" on-host -- sh -c '
            "$1" "$3" || exit 1
            /usr/lib/wine/wine64 "$2" "$3"; rc=$?; /usr/lib/wine/wineserver -w; exit $rc' sh \
            "$root/target/release/examples/native_bench" \
            "$CARGO_TARGET_DIR/$target/release/examples/native_bench.exe" "${BENCH_ITERS:-20000}" 2>&1)
        bstatus=$?
    fi
    set -e
    printf '%s\n' "$bench_out" | grep -v '^SEQ '
    if ((bstatus == 0)); then
        printf '%s\n' "$bench_out" | awk '
            $1 == "SEQ" { ns[$2, $3] = $4; codes[$3] = 1 }
            END {
                printf "%-30s %12s %12s %10s\n", "code", "linux ns", "wine ns", "wine/linux"
                for (c in codes) if (ns["linux", c] > 0)
                    printf "%-30s %12d %12d %9.1fx\n", c, ns["linux", c], ns["windows", c],
                        ns["windows", c] / ns["linux", c]
            }'
    else
        log "benchmark failed ($bstatus)"
        status=$bstatus
    fi
fi
end=$(date +%s)

# --- 5. Summary -------------------------------------------------------------------------------
passed=0
failed=0
while read -r p f; do
    passed=$((passed + p))
    failed=$((failed + f))
done < <(sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$out")
echo
log "Windows (Wine) summary: $passed passed, $failed failed; tests $((build_end - start))s, check run ${check_s}s (exit $check_status), total $((end - start))s"
if ((status == 124)); then
    log "timed out after ${timeout_s}s"
elif ((status != 0)); then
    log "FAILED (exit $status); full output: $out"
fi
exit "$status"
