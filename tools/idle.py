#!/usr/bin/env python3
"""idle.py - what an idle modalcfg app costs: bytes written to the terminal and wake-ups.

Usage:
  python3 tools/idle.py [--bin target/release/modalcfg] [--seconds 10] [--json]
                        [--max-bytes 0] [--max-wakeups 5] [-- EXTRA ARGS]

Runs the app in a fresh 120x40 pseudo-terminal (standard library only) on a scratch 3-profile
file (HOME and MODAL_CONFIG_PATH in a temporary folder; the real ~/.modal.toml is never read),
waits for the first frame (the footer's "quit"), lets 0.5 s pass for start-up work to settle,
then measures over --seconds of no input:

  bytes     what the app wrote to the terminal (read from the pty's master side)
  wakeups   context switches of all the app's threads (voluntary + involuntary, summed over
            /proc/PID/task/*/status): every return from a sleeping poll/epoll_wait/read is
            one voluntary switch, so a loop on a timer shows up here
  cpu_ms    user + system CPU time (from /proc/PID/stat)

Then sends `q` and checks the app exits 0. Exit status 0 when bytes <= --max-bytes and
wakeups <= --max-wakeups (the targets of issue 14: 0 bytes, at most 5 wake-ups in 10 s).
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = """[dev]
active = true
token_id = "ak-dev"
environment = "dev"

[prod]
environment = "prod"

[ci]
loglevel = "DEBUG"
"""


def switches(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            for line in (task / "status").read_text().splitlines():
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split(":")[1])
        except OSError:
            pass  # a thread that ended meanwhile
    return total


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) * 1000.0 / ticks


def drain(fd: int, until: float, marker: bytes | None = None, seen: bytearray | None = None) -> int:
    """Reads the pty until `until` (or until `marker` is in `seen`); returns bytes read."""
    n = 0
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return n
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return n
        if not chunk:
            return n
        n += len(chunk)
        if seen is not None:
            seen.extend(chunk)
            if marker and marker in seen:
                return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "modalcfg"))
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--max-bytes", type=int, default=0)
    ap.add_argument("--max-wakeups", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="one JSON object on stdout")
    ap.add_argument("extra", nargs="*", help="more arguments for the app (after --)")
    a = ap.parse_args()
    if not os.access(a.bin, os.X_OK):
        print(f"idle.py: {a.bin} is not executable (cargo build --release?)", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="modalcfg-idle-"))
    cfg = tmp / ".modal.toml"
    cfg.write_text(CONFIG)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODAL_")}
    env.update(HOME=str(tmp), MODAL_CONFIG_PATH=str(cfg), TERM="xterm-256color")

    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execve(a.bin, [a.bin, *a.extra], env)
    seen = bytearray()
    drain(fd, time.monotonic() + 20, b"quit", seen)
    if b"quit" not in seen:
        os.kill(pid, signal.SIGKILL)
        print("idle.py: no first frame within 20 s", file=sys.stderr)
        return 2
    drain(fd, time.monotonic() + 0.5)
    s0, c0, t0 = switches(pid), cpu_ms(pid), time.monotonic()
    written = drain(fd, t0 + a.seconds)
    s1, c1, t1 = switches(pid), cpu_ms(pid), time.monotonic()
    nthreads = threads(pid)
    os.write(fd, b"q")
    deadline = time.monotonic() + 10
    code = None
    while time.monotonic() < deadline:
        drain(fd, time.monotonic() + 0.05)
        wpid, status = os.waitpid(pid, os.WNOHANG)
        if wpid:
            code = os.waitstatus_to_exitcode(status)
            break
    if code is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    result = {
        "seconds": round(t1 - t0, 2),
        "bytes": written,
        "wakeups": s1 - s0,
        "cpu_ms": round(c1 - c0, 1),
        "threads": nthreads,
        "exit_code": code,
    }
    ok = written <= a.max_bytes and result["wakeups"] <= a.max_wakeups and code == 0
    result["ok"] = ok
    if a.json:
        print(json.dumps(result))
    else:
        print(f"idle {result['seconds']} s: {written} bytes to the terminal, {result['wakeups']} wake-ups "
              f"({nthreads} threads), {result['cpu_ms']} ms CPU; exit code after q: {code} -> "
              f"{'MET' if ok else 'NOT MET'} (targets: <= {a.max_bytes} bytes, <= {a.max_wakeups} wake-ups)")
    for p in tmp.iterdir():
        p.unlink()
    tmp.rmdir()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
