#!/usr/bin/env bash
# The Python package, end to end: build the wheel with maturin (the dist profile), install it
# into a fresh venv next to modal==1.2.6, and run that venv's modalcfg the way a user who
# never activated it would: VIRTUAL_ENV unset, the venv not on PATH, HOME a temporary folder,
# MODAL_CONFIG_PATH a temporary file. It must report client_version 1.2.6, found from its own
# environment. Idempotent (the maturin venv is kept, the checked venv is made afresh); exits
# non-zero on any failure. Run from anywhere: .ci/wheel.sh
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
work="$CARGO_TARGET_DIR/wheel"
tools="$work/maturin-venv"   # maturin, uv and pipx (binary wheels or pure Python, from PyPI)
dist="$work/dist"            # the built wheel
venv="$work/check-venv"      # modal==1.2.6 + the wheel, made afresh each run
mkdir -p "$work"

# A fresh Debian has python3 without venv/ensurepip (package python3-venv).
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  echo "== installing python3-venv"
  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
fi

if ! "$tools/bin/maturin" --version >/dev/null 2>&1; then
  echo "== installing maturin into $tools"
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.8,<2.0'
fi
"$tools/bin/maturin" --version

echo "== building the wheel (dist profile: fat LTO, slow)"
build_started=$SECONDS
rm -rf "$dist"
"$tools/bin/maturin" build --quiet --out "$dist"
wheels=("$dist"/modalcfg-*.whl)
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
  echo "expected one wheel in $dist, found: ${wheels[*]}"; exit 1
fi
wheel="${wheels[0]}"
echo "built $(basename "$wheel") in $((SECONDS - build_started)) s"

echo "== a fresh venv with modal==1.2.6 and the wheel"
install_started=$SECONDS
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check 'modal==1.2.6' "$wheel"
echo "installed in $((SECONDS - install_started)) s"
exe="$venv/bin/modalcfg"
[ -x "$exe" ] || { echo "the wheel did not put modalcfg in $venv/bin"; exit 1; }

echo "== $exe show --json, the venv neither active nor on PATH"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/home"
cat >"$tmp/modal.toml" <<'TOML'
[wheel-check]
token_id = "ak-wheelcheck0001"
token_secret = "as-wheel-check-secret-do-not-print"
active = true
TOML
# env -i: nothing of the caller's environment; PATH without the venv (and without
# /usr/local/bin, where a system-wide modal could live).
env -i PATH=/usr/bin:/bin HOME="$tmp/home" MODAL_CONFIG_PATH="$tmp/modal.toml" \
  "$exe" show --json >"$tmp/show.json"

# current_exe() is the resolved path: compare with the venv's resolved path.
python3 - "$tmp/show.json" "$(realpath "$venv")" <<'PY'
import json, sys
path, venv = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
show = json.loads(text)
version, source = show.get("client_version"), show.get("client_version_source")
print(f"client_version: {version}")
print(f"client_version_source: {source}")
print(f"client_notes: {show.get('client_notes')}")
errors = []
if version != "1.2.6":
    errors.append(f"client_version is {version!r}, expected '1.2.6'")
if source != f"modalcfg's own environment: {venv}":
    errors.append(f"client_version_source is {source!r}, expected modalcfg's own environment {venv}")
if "as-wheel-check-secret-do-not-print" in text:
    errors.append("the token secret is in the output")
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
PY

echo "== uv tool install and pipx install of the same wheel: modalcfg on PATH, modal found on PATH"
# The tool environments hold no modal: the modal that answers is the one on PATH (here the
# checked venv's bin/, as an activated venv or a pipx-installed modal would put it).
if ! "$tools/bin/uv" --version >/dev/null 2>&1 || ! "$tools/bin/pipx" --version >/dev/null 2>&1; then
  "$tools/bin/pip" install --quiet --disable-pip-version-check uv pipx
fi
tool_check() { # name, the installed modalcfg
  [ -x "$2" ] || { echo "$1 did not put modalcfg in $(dirname "$2")"; exit 1; }
  env -i PATH="$venv/bin:/usr/bin:/bin" HOME="$tmp/home" MODAL_CONFIG_PATH="$tmp/modal.toml" \
    "$2" show --json >"$tmp/tool.json"
  python3 - "$tmp/tool.json" "$venv/bin/modal" "$1" <<'PY'
import json, sys
show = json.load(open(sys.argv[1], encoding="utf-8"))
got = (show.get("client_version"), show.get("client_version_source"))
want = ("1.2.6", f"PATH: {sys.argv[2]}")
print(f"{sys.argv[3]}: client_version {got[0]} ({got[1]})")
sys.exit(0 if got == want else f"FAIL: {sys.argv[3]}: expected {want}, got {got}")
PY
}
env -i PATH=/usr/bin:/bin HOME="$tmp/home" UV_TOOL_DIR="$tmp/uv-tools" UV_TOOL_BIN_DIR="$tmp/uv-bin" \
  UV_CACHE_DIR="$tmp/uv-cache" "$tools/bin/uv" tool install --quiet --offline "$wheel"
tool_check "uv tool install" "$tmp/uv-bin/modalcfg"
env -i PATH="$tools/bin:/usr/bin:/bin" HOME="$tmp/home" PIPX_HOME="$tmp/pipx" PIPX_BIN_DIR="$tmp/pipx-bin" \
  "$tools/bin/pipx" install --quiet "$wheel"
tool_check "pipx install" "$tmp/pipx-bin/modalcfg"

size=$(stat -c %s "$wheel")
echo "wheel: $(basename "$wheel"), $size bytes ($(awk "BEGIN { printf \"%.2f\", $size / 1048576 }") MiB)"
echo "wheel check passed in $((SECONDS - started)) s"
