#!/usr/bin/env bash
# Cross-platform proof (issue 19), on a Debian machine (as root, or with sudo):
#   1. `cargo clippy --all-targets -D warnings` for macOS (arm64, x86_64) and Windows (check only:
#      no macOS linker exists here; clang compiles the one C file of a dev-dependency);
#   2. the test suite for Windows (x86_64-pc-windows-gnu) under Wine, with per-binary counts.
# Installs what it needs once (rustup targets; wine, mingw-w64 and clang only if missing). Plain
# `cargo test` on Linux is unaffected: the Wine runner is set in this script's environment only.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_TERM_COLOR=never
WINDOWS=x86_64-pc-windows-gnu
MACOS=(aarch64-apple-darwin x86_64-apple-darwin)

echo "== cross: tools"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wine >/dev/null || missing+=(wine wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
command -v clang >/dev/null || missing+=(clang)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
installed=$(rustup target list --installed)
for t in "${MACOS[@]}" "$WINDOWS"; do
  grep -qx "$t" <<<"$installed" || rustup target add "$t"
done

echo "== cross: clippy for macOS and Windows (check only)"
# criterion (a dev-dependency, for benches/) pulls in `alloca`, whose build script compiles a
# C file for the target: clang can, for macOS too, with its own headers (-ffreestanding).
for t in "${MACOS[@]}"; do
  v=${t//-/_}
  export "CC_$v=clang" "CFLAGS_$v=-ffreestanding" "AR_$v=${AR_MACOS:-llvm-ar}"
done
command -v llvm-ar >/dev/null || for t in "${MACOS[@]}"; do export "AR_${t//-/_}=ar"; done
for t in "${MACOS[@]}" "$WINDOWS"; do
  echo "-- clippy --all-targets --target $t"
  cargo clippy --quiet --all-targets --target "$t" -- -D warnings
  echo "-- clippy, the library alone (--no-default-features), --target $t"
  cargo clippy --quiet --lib --no-default-features --target "$t" -- -D warnings
done

echo "== cross: Windows test suite under Wine"
export WINEPREFIX="$CARGO_TARGET_DIR/wine-prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko install prompts (console programs need neither); our ProcessPrng shim is
# loaded instead of Wine's own bcryptprimitives.dll.
export WINEDLLOVERRIDES="mscoree=;mshtml=;bcryptprimitives=n,b"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  wine wineboot --init >/dev/null 2>&1 || true
  wineserver -w
fi
shim="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
if [ ! -f "$shim" ] || [ .ci/processprng.c -nt "$shim" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$shim" .ci/processprng.c -ladvapi32
fi
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
log="$CARGO_TARGET_DIR/cross-wine-test.log"
status=0
# --show-output: the golden corpus tests print their counts (cases run, agreeing).
cargo test --target "$WINDOWS" --no-fail-fast -- --show-output >"$log" 2>&1 || status=$?
# One line per test binary: its name, and the counts from its `test result:` line.
awk '
  /^ *Running / { bin = $2; if (bin ~ /^unittests$/) bin = $3 }
  /^ *Doc-tests / { bin = "doc-tests " $2 }
  /^test result:/ {
    split($0, f, /[;.] */)
    passed = failed = ignored = 0
    for (i in f) {
      if (f[i] ~ / passed$/) passed = f[i] + 0
      if (f[i] ~ / failed$/) failed = f[i] + 0
      if (f[i] ~ / ignored$/) ignored = f[i] + 0
    }
    sub(/.*\//, "", bin)
    printf "%-28s run %4d  passed %4d  failed %3d  ignored %2d\n", bin, passed + failed, passed, failed, ignored
    run += passed + failed; ok += passed; bad += failed
  }
  END { printf "%-28s run %4d  passed %4d  failed %3d\n", "TOTAL", run, ok, bad }
' "$log"
grep -E '^    [^ ].*$|^failures:$|^test .* FAILED$|panicked' "$log" | grep -E 'FAILED|panicked' | head -40 || true
grep -E '^corpus[^ ]*\.json: [0-9]+ cases' "$log" | sort -u || true
# Wine 8 now and then fails to start a child process ("Internal error", os error 1359; seen
# once in about ten runs of the suite, never twice in a row). A test that failed is run once
# more on its own, and both results are printed: a test that fails again fails the script.
if [ "$status" != 0 ]; then
  status=0
  retries=$(awk '
    /^ *Running / {
      bin = $2
      if (bin == "unittests") { bin = ($3 ~ /main\.rs/) ? "--bin modalcfg" : "--lib" }
      else { sub(/^tests\//, "", bin); sub(/\.rs$/, "", bin); bin = "--test " bin }
    }
    /^test .* \.\.\. FAILED$/ { print bin "\t" $2 }
  ' "$log" | sort -u)
  [ -n "$retries" ] || status=1
  while IFS=$'\t' read -r bin name; do
    [ -n "$name" ] || continue
    echo "-- retried once under Wine: $bin $name"
    # shellcheck disable=SC2086
    if cargo test --quiet --target "$WINDOWS" $bin -- --exact "$name" >>"$log.retry" 2>&1; then
      echo "   passed on the second run"
    else
      echo "   failed again"; status=1
    fi
  done <<<"$retries"
fi
echo "log: $log; $((SECONDS - started)) s in all"
if [ "$status" != 0 ]; then
  echo "cross: the Windows test suite failed under Wine (exit $status)"
  exit "$status"
fi
echo "cross: ok"
