#!/usr/bin/env python3
"""compare.py - whole-process timings of modalcfg next to the real Modal client (modal 1.6.4).

Usage:
  python3 tools/compare.py [VENV] [--bin target/release/modalcfg] [--runs 10] [--app-runs 30]
                           [--marker Profiles] [--big 10000]

VENV is the real client's virtualenv (default /work/.venv-modal); `VENV/bin/modal` is run.
Build first: `cargo build --release`.

Everything runs in a scratch folder: HOME and MODAL_CONFIG_PATH point there and every other
MODAL_* variable is removed, so the real ~/.modal.toml is never read or written.

Measured (mean ± σ over --runs / --app-runs; hyperfine -N when installed, else perf_counter loops):
  * `modalcfg show --json` / `profile current` / `profile list`  vs
    `modal config show` / `modal profile current` / `modal profile list`, on a 3-profile file in
    which NO profile has both token_id and token_secret: `modal profile list` looks up the
    workspace of every profile with complete credentials over the network (≈60 s when offline,
    spec §14), so complete pairs would measure the network, not the client.
  * time to first frame of the terminal app (ttff.py, pty 120x40, keys `q`) vs `/bin/echo MARKER`
    in the same harness; n/a when the app does not show MARKER.
  * time to first frame of the app next to the floor app (`../shared/tools/floor-tui`: toml_edit
    parse + one ratatui frame; built into target/floor when missing) on the 3-profile and on the
    10,000-profile file, interleaved in rounds (--ttff-rounds x 5 runs each, after warm-up) so
    that both see the same machine load; reported as the ratio of the medians. Target <= 1.3x.
  * idle cost of the app (tools/idle.py: 10 s, bytes written to the terminal and wake-ups).
  * `modalcfg profile activate` on a 10,000-profile (~1 MB) file, restoring the file before every
    run (hyperfine --prepare), next to `modal profile activate` on the same file (fewer runs).
  * peak RSS of `modalcfg show --json` on that file (/usr/bin/time -v, else getrusage).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p for p in (ROOT.parent / "shared" / "tools", Path("/work/shared/tools")) if p.is_dir()),
              Path("/work/shared/tools"))
TTFF = SHARED / "ttff.py"
FLOOR_SRC = SHARED / "floor-tui"

SMALL = """# 3 profiles; none has BOTH token_id and token_secret, so `modal profile list` stays offline
[default]
token_id = "ak-default-only-id"
environment = "main"

[dev]
token_secret = "as-dev-only-secret"
active = true

[ci]
environment = "ci"
loglevel = "WARNING"
"""


def sh_quote(a: str) -> str:
    import shlex
    return shlex.quote(a)


def scratch_env(home: Path, cfg: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODAL_")}
    env["HOME"] = str(home)
    env["MODAL_CONFIG_PATH"] = str(cfg)
    env.pop("NO_COLOR", None)
    return env


def measure(cmd: list[str], env: dict, runs: int, warmup: int, prepare: str | None, tmp: Path) -> dict:
    """Returns {"mean","stddev","min","max","runs","codes"} in seconds."""
    # One sanity run to record the exit code (hyperfine -i hides it).
    if prepare:
        subprocess.run(prepare, shell=True, env=env, check=True)
    code = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    if shutil.which("hyperfine"):
        out = tmp / "hf.json"
        hf = ["hyperfine", "-N", "-i", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
              "--export-json", str(out)]
        if prepare:
            hf += ["--prepare", prepare]
        hf.append(" ".join(sh_quote(c) for c in cmd))
        subprocess.run(hf, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = json.loads(out.read_text())["results"][0]
        return {"mean": r["mean"], "stddev": r["stddev"] or 0.0, "min": r["min"], "max": r["max"],
                "runs": runs, "code": code, "tool": "hyperfine -N"}
    times = []
    for i in range(warmup + runs):
        if prepare:
            subprocess.run(prepare, shell=True, env=env, check=True)
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dt = time.perf_counter() - t0
        if i >= warmup:
            times.append(dt)
    return {"mean": statistics.mean(times), "stddev": statistics.stdev(times) if len(times) > 1 else 0.0,
            "min": min(times), "max": max(times), "runs": runs, "code": code, "tool": "perf_counter"}


def fmt(r: dict | None) -> str:
    if r is None:
        return "n/a"
    m, s = r["mean"] * 1000, r["stddev"] * 1000
    if m >= 100:
        return f"{m:.0f} ms ± {s:.0f}"
    return f"{m:.2f} ms ± {s:.2f}"


def ttff(cmd: list[str], env: dict, marker: str, runs: int, keys: str) -> dict | None:
    args = [sys.executable, str(TTFF), "--marker", marker, "--runs", str(runs), "--warmup", "3",
            "--cols", "120", "--rows", "40", "--quiet", "--keys", keys, "--"] + cmd
    p = subprocess.run(args, env=env, capture_output=True, text=True)
    try:
        j = json.loads(p.stdout)
    except json.JSONDecodeError:
        return {"error": (p.stderr or p.stdout).strip()[-300:]}
    if not j.get("ok"):
        err = j.get("error") or next((s.get("error") for s in j.get("samples", []) if s.get("error")), "not ok")
        return {"error": str(err)[:300]}
    return j


def ttff_samples(cmd: list[str], env: dict, marker: str, runs: int, warmup: int) -> list[float]:
    """First-frame times (ms) of `runs` runs, from ttff.py's samples; [] on failure."""
    args = [sys.executable, str(TTFF), "--marker", marker, "--runs", str(runs), "--warmup", str(warmup),
            "--cols", "120", "--rows", "40", "--quiet", "--keys", "q", "--"] + cmd
    p = subprocess.run(args, env=env, capture_output=True, text=True)
    try:
        j = json.loads(p.stdout)
    except json.JSONDecodeError:
        return []
    return [s["first_frame_ms"] for s in j.get("samples", []) if s.get("first_frame_ms") is not None and s.get("ok", True)]


def ttff_vs_floor(app: list[str], floor: list[str], env: dict, marker: str, rounds: int) -> dict:
    """The app and the floor app alternately, `rounds` rounds of 5 runs each (one warm-up run
    each round), so that both see the same load; medians, minima and their ratios."""
    a: list[float] = []
    f: list[float] = []
    for _ in range(rounds):
        f += ttff_samples(floor, env, marker, 5, 1)
        a += ttff_samples(app, env, marker, 5, 1)
    if not a or not f:
        return {"error": "no samples (marker not shown?)"}
    am, fm = statistics.median(a), statistics.median(f)
    return {"app_median": am, "floor_median": fm, "app_min": min(a), "floor_min": min(f),
            "ratio_median": am / fm, "ratio_min": min(a) / min(f), "runs": len(a)}


def cpu_run(cmd: list[str], env: dict, marker: str = "Profiles") -> float:
    """CPU time (user + system, ms) of one whole run in a 120x40 pty: start, first frame
    (`marker`), then `q`. Less sensitive to other processes than wall-clock time."""
    import fcntl, pty, select, struct, termios
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execve(cmd[0], cmd, env)
    tail = b""
    seen = False
    deadline = time.monotonic() + 30
    while not seen and time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 1)
        if r:
            try:
                tail = tail[-64:] + os.read(fd, 65536)
            except OSError:
                break
            seen = marker.encode() in tail
    os.write(fd, b"q")
    while True:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
        done, _, ru = os.wait4(pid, os.WNOHANG)
        if done:
            break
    os.close(fd)
    return (ru.ru_utime + ru.ru_stime) * 1000


def cpu_vs_floor(app: list[str], floor: list[str], env: dict, runs: int) -> dict:
    a, f = [], []
    for _ in range(runs):
        f.append(cpu_run(floor, env))
        a.append(cpu_run(app, env))
    am, fm = statistics.median(a), statistics.median(f)
    return {"app_median": am, "floor_median": fm, "ratio_median": am / fm, "runs": runs}


def build_floor(path: Path) -> bool:
    if os.access(path, os.X_OK):
        return True
    if not (FLOOR_SRC / "Cargo.toml").exists():
        return False
    target = path.parent.parent
    r = subprocess.run(["cargo", "build", "--release", "--manifest-path", str(FLOOR_SRC / "Cargo.toml"),
                        "--target-dir", str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0 and os.access(path, os.X_OK)


def idle_cost(mcfg: str, seconds: float) -> dict | None:
    p = subprocess.run([sys.executable, str(ROOT / "tools" / "idle.py"), "--bin", mcfg, "--seconds", str(seconds),
                        "--json"], capture_output=True, text=True)
    try:
        return json.loads(p.stdout)
    except json.JSONDecodeError:
        return None


def peak_rss_kb(cmd: list[str], env: dict, runs: int = 5) -> tuple[int, str]:
    tv = "/usr/bin/time"
    if os.path.exists(tv):
        best = 0
        for _ in range(runs):
            p = subprocess.run([tv, "-v"] + cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for line in p.stderr.splitlines():
                if "Maximum resident set size" in line:
                    best = max(best, int(line.split(":")[1]))
        return best, "/usr/bin/time -v (max of %d runs)" % runs
    best = 0
    for _ in range(runs):
        # ru_maxrss of children is the max over all waited children; run in a fresh helper each time.
        code = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL);"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        p = subprocess.run([sys.executable, "-c", code] + cmd, env=env, capture_output=True, text=True)
        best = max(best, int(p.stdout.strip() or 0))
    return best, "getrusage(RUSAGE_CHILDREN) (max of %d runs)" % runs


def machine() -> str:
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    hf = "not installed"
    if shutil.which("hyperfine"):
        hf = subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}; "
            f"Linux {platform.release()}; Python {platform.python_version()}; {hf}")


def gen_big(n: int, out: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "tools" / "gen_big_config.py"), str(n), str(out)], check=True,
                   stderr=subprocess.DEVNULL)


def scratch_home(tmp: Path) -> tuple[Path, Path]:
    """A HOME in the scratch folder holding the 3-profile file; (home, config path)."""
    home = tmp / "home"
    home.mkdir()
    cfg = home / ".modal.toml"
    cfg.write_text(SMALL)
    return home, cfg


def app_only(a, mcfg: str) -> int:
    floor = Path(a.floor)
    if not build_floor(floor):
        print(f"compare.py: no floor app at {floor} and cannot build it from {FLOOR_SRC}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="modalcfg-compare-"))
    try:
        home, cfg = scratch_home(tmp)
        big = tmp / "big.toml"
        gen_big(a.big, big)
        print(f"Machine: {machine()}\n")
        print("| file | app / floor (medians) | app / floor (minima) | app median | floor median | runs each |")
        print("|---|---|---|---|---|---|")
        ok = True
        for label, path in (("3 profiles", cfg), (f"{a.big:,} profiles", big)):
            r = ttff_vs_floor([mcfg], [str(floor)], scratch_env(home, path), "Profiles", a.ttff_rounds)
            if "error" in r:
                print(f"| {label} | n/a ({r['error']}) | | | | |")
                ok = False
                continue
            ok &= r["ratio_median"] <= 1.3
            print(f"| {label} | **{r['ratio_median']:.2f}x** | {r['ratio_min']:.2f}x | {r['app_median']:.1f} ms | "
                  f"{r['floor_median']:.1f} ms | {r['runs']} |", flush=True)
        print("\nCPU time of a whole run (start, first frame, `q`; user + system from getrusage), alternating:\n")
        print("| file | app / floor (medians) | app median | floor median | runs each |")
        print("|---|---|---|---|---|")
        for label, path in (("3 profiles", cfg), (f"{a.big:,} profiles", big)):
            r = cpu_vs_floor([mcfg], [str(floor)], scratch_env(home, path), 5 * a.ttff_rounds)
            print(f"| {label} | **{r['ratio_median']:.2f}x** | {r['app_median']:.2f} ms | {r['floor_median']:.2f} ms | "
                  f"{r['runs']} |", flush=True)
        if a.idle_seconds > 0:
            idle = idle_cost(mcfg, a.idle_seconds)
            if idle:
                print(f"\nIdle {idle['seconds']} s: {idle['bytes']} bytes to the terminal, {idle['wakeups']} wake-ups "
                      f"({idle['threads']} threads), {idle['cpu_ms']} ms CPU.")
                ok &= idle["ok"]
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("venv", nargs="?", default="/work/.venv-modal")
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "modalcfg"))
    ap.add_argument("--runs", type=int, default=10, help="runs per real-client command (each ~0.7 s)")
    ap.add_argument("--app-runs", type=int, default=30, help="runs per modalcfg command and ttff")
    ap.add_argument("--marker", default="Profiles", help="text the terminal app shows in its first frame")
    ap.add_argument("--big", type=int, default=10000, help="profiles in the big file")
    ap.add_argument("--big-modal-runs", type=int, default=3, help="runs of `modal profile activate` on the big file (0: skip)")
    ap.add_argument("--floor", default=str(ROOT / "target" / "floor" / "release" / "floor-tui"),
                    help="the floor app (built from ../shared/tools/floor-tui when missing)")
    ap.add_argument("--ttff-rounds", type=int, default=6, help="interleaved rounds of 5 runs each, app vs floor")
    ap.add_argument("--idle-seconds", type=float, default=10.0, help="idle measurement (0: skip)")
    ap.add_argument("--app-only", action="store_true",
                    help="only the app's first frame next to the floor app (both files) and its idle cost; no real client needed")
    a = ap.parse_args()

    mcfg = str(Path(a.bin).resolve())
    if a.app_only:
        return app_only(a, mcfg)
    modal = str(Path(a.venv) / "bin" / "modal")
    for p in (mcfg, modal):
        if not os.access(p, os.X_OK):
            print(f"compare.py: {p} is not executable (cargo build --release? venv path?)", file=sys.stderr)
            return 2

    tmp = Path(tempfile.mkdtemp(prefix="modalcfg-compare-"))
    try:
        home, cfg = scratch_home(tmp)
        env = scratch_env(home, cfg)
        print(f"# modalcfg vs modal {a.venv}\n", flush=True)
        print(f"Machine: {machine()}\n")
        print("Config: a 3-profile file in which no profile has both token_id and token_secret. "
              "`modal profile list` contacts the server for every profile with a complete pair "
              "(≈60 s when offline, spec §14), so this file keeps every command local and measures the client itself. "
              "HOME and MODAL_CONFIG_PATH point into a scratch folder; the real ~/.modal.toml is untouched.\n", flush=True)

        pairs = [
            ("show --json", [mcfg, "show", "--json"], "config show", [modal, "config", "show"]),
            ("profile current", [mcfg, "profile", "current"], "profile current", [modal, "profile", "current"]),
            ("profile list", [mcfg, "profile", "list"], "profile list", [modal, "profile", "list"]),
        ]
        rows = []
        for mname, mcmd, rname, rcmd in pairs:
            mr = measure(mcmd, env, a.app_runs, 3, None, tmp)
            rr = measure(rcmd, env, a.runs, 2, None, tmp)
            rows.append((mname, mr, rname, rr))
            print(f"  measured {mname} / {rname}", file=sys.stderr, flush=True)

        floor_true = measure(["/bin/true"], env, a.app_runs, 3, None, tmp)
        floor_ver = measure([mcfg, "--version"], env, a.app_runs, 3, None, tmp)

        # Time to first frame.
        tt_app = ttff([mcfg], env, a.marker, a.app_runs, "q")
        tt_echo = ttff(["/bin/echo", a.marker], env, a.marker, a.app_runs, "")
        floor = Path(a.floor)
        have_floor = build_floor(floor)
        vs_small = ttff_vs_floor([mcfg], [str(floor)], env, "Profiles", a.ttff_rounds) if have_floor else None
        print("  measured first frame vs floor (3 profiles)", file=sys.stderr, flush=True)

        # 10k-profile file: activate + RSS.
        big = tmp / "big.toml"
        gen_big(a.big, big)
        orig = tmp / "big.orig.toml"
        shutil.copyfile(big, orig)
        benv = scratch_env(home, big)
        vs_big = ttff_vs_floor([mcfg], [str(floor)], benv, "Profiles", a.ttff_rounds) if have_floor else None
        print(f"  measured first frame vs floor ({a.big} profiles)", file=sys.stderr, flush=True)
        idle = idle_cost(mcfg, a.idle_seconds) if a.idle_seconds > 0 else None
        prepare = f"cp {sh_quote(str(orig))} {sh_quote(str(big))}"
        act = measure([mcfg, "profile", "activate", "p00001"], benv, a.app_runs, 2, prepare, tmp)
        # the write really happened?
        wrote = b"[p00001]\ntoken_id = \"ak-00001\"\nenvironment = \"env-00001\"\nserver_url = \"https://api.modal.com\"\nactive = true" in big.read_bytes()
        show_big = measure([mcfg, "show", "--json"], benv, a.app_runs, 2, prepare, tmp)
        modal_act = None
        if a.big_modal_runs > 0:
            modal_act = measure([modal, "profile", "activate", "p00001"], benv, a.big_modal_runs, 0, prepare, tmp)
        shutil.copyfile(orig, big)
        rss_kb, rss_tool = peak_rss_kb([mcfg, "show", "--json"], benv)
        rss_small_kb, _ = peak_rss_kb([mcfg, "show", "--json"], env)
        size = orig.stat().st_size

        tool = rows[0][1]["tool"]
        print(f"## Whole process, 3-profile file ({tool}; modalcfg {a.app_runs} runs + 3 warm-up, modal {a.runs} runs + 2 warm-up)\n")
        print("| modalcfg command | mean ± σ | exit | modal command | mean ± σ | exit | modal / modalcfg |")
        print("|---|---|---|---|---|---|---|")
        for mname, mr, rname, rr in rows:
            print(f"| `modalcfg {mname}` | {fmt(mr)} | {mr['code']} | `modal {rname}` | {fmt(rr)} | {rr['code']} | "
                  f"**{rr['mean'] / mr['mean']:.0f}×** |")

        print(f"\nProcess floor in the same harness: `/bin/true` {fmt(floor_true)}, `modalcfg --version` {fmt(floor_ver)} "
              f"(no config read). `modal config show` / `/bin/true`: {rows[0][3]['mean'] / floor_true['mean']:.0f}×.")

        print(f"\n## Time to first frame (ttff.py, pty 120x40, {a.app_runs} runs + 3 warm-up, marker `{a.marker}`)\n")
        print("| command | first frame median (min–max) | total median | minus harness |")
        print("|---|---|---|---|")

        def ttrow(name: str, j: dict | None, base: dict | None) -> str:
            if j is None or "error" in j:
                why = (j or {}).get("error", "")
                return f"| {name} | n/a | n/a | n/a ({why[:120]}) |"
            ff, tot = j["first_frame_ms"], j["total_ms"]
            minus = "–"
            if base is not None and "error" not in base:
                minus = f"{ff['median'] - base['first_frame_ms']['median']:.2f} ms"
            return (f"| {name} | {ff['median']:.2f} ms ({ff['min']:.2f}–{ff['max']:.2f}) | {tot['median']:.2f} ms | {minus} |")

        print(ttrow(f"`/bin/echo {a.marker}` (harness baseline)", tt_echo, None))
        print(ttrow("`modalcfg` (terminal app, then `q`)", tt_app, tt_echo))

        print(f"\n## Time to first frame next to the floor app (`floor-tui`: toml_edit + one ratatui frame)\n")
        print(f"Interleaved: {a.ttff_rounds} rounds x (5 floor runs, 5 app runs), pty 120x40, marker `Profiles`. "
              "Only the ratio means something on a shared machine.\n")
        print("| file | app / floor (medians) | app / floor (minima) | runs each |")
        print("|---|---|---|---|")
        for label, r in (("3 profiles", vs_small), (f"{a.big:,} profiles", vs_big)):
            if r is None or "error" in r:
                why = "floor app not built" if r is None else r["error"]
                print(f"| {label} | n/a ({why}) | | |")
            else:
                print(f"| {label} | **{r['ratio_median']:.2f}x** | {r['ratio_min']:.2f}x | {r['runs']} |")
        if idle:
            print(f"\nIdle for {idle['seconds']} s (tools/idle.py): **{idle['bytes']} bytes** written to the terminal, "
                  f"**{idle['wakeups']} wake-ups** over {idle['threads']} threads, {idle['cpu_ms']} ms CPU.")

        print(f"\n## {a.big:,}-profile file ({size:,} bytes; file restored before every run)\n")
        print("| command | mean ± σ | exit | notes |")
        print("|---|---|---|---|")
        print(f"| `modalcfg profile activate p00001` | {fmt(act)} | {act['code']} | "
              f"{'write verified' if wrote else 'WRITE NOT FOUND'}; {act['runs']} runs |")
        print(f"| `modalcfg show --json` | {fmt(show_big)} | {show_big['code']} | {show_big['runs']} runs |")
        if modal_act:
            print(f"| `modal profile activate p00001` | {fmt(modal_act)} | {modal_act['code']} | {modal_act['runs']} runs; "
                  f"{modal_act['mean'] / act['mean']:.2f}× modalcfg's time |")
        print(f"\nPeak RSS of `modalcfg show --json`: **{rss_kb / 1024:.1f} MB** on the {a.big:,}-profile file, "
              f"{rss_small_kb / 1024:.1f} MB on the 3-profile file ({rss_tool}).\n")

        ratio = rows[0][3]["mean"] / rows[0][1]["mean"]
        print("## Targets\n")
        print(f"* `show --json` ≥ 400× faster than `modal config show`: {ratio:.0f}× → "
              f"{'MET' if ratio >= 400 else 'NOT MET'}")
        print(f"* activate on {a.big:,} profiles: {act['mean'] * 1000:.1f} ms mean")
        print(f"* peak RSS ≤ 40 MB: {rss_kb / 1024:.1f} MB → {'MET' if rss_kb <= 40 * 1024 else 'NOT MET'}")
        for label, r in (("3 profiles", vs_small), (f"{a.big:,} profiles", vs_big)):
            if r and "error" not in r:
                print(f"* first frame ≤ 1.3× the floor app, {label}: {r['ratio_median']:.2f}× → "
                      f"{'MET' if r['ratio_median'] <= 1.3 else 'NOT MET'}")
        if idle:
            print(f"* idle 10 s: 0 bytes and ≤ 5 wake-ups: {idle['bytes']} bytes, {idle['wakeups']} wake-ups → "
                  f"{'MET' if idle['bytes'] == 0 and idle['wakeups'] <= 5 else 'NOT MET'}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
