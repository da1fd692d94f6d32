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
TTFF = Path("/work/shared/tools/ttff.py")

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("venv", nargs="?", default="/work/.venv-modal")
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "modalcfg"))
    ap.add_argument("--runs", type=int, default=10, help="runs per real-client command (each ~0.7 s)")
    ap.add_argument("--app-runs", type=int, default=30, help="runs per modalcfg command and ttff")
    ap.add_argument("--marker", default="Profiles", help="text the terminal app shows in its first frame")
    ap.add_argument("--big", type=int, default=10000, help="profiles in the big file")
    ap.add_argument("--big-modal-runs", type=int, default=3, help="runs of `modal profile activate` on the big file (0: skip)")
    a = ap.parse_args()

    mcfg = str(Path(a.bin).resolve())
    modal = str(Path(a.venv) / "bin" / "modal")
    for p in (mcfg, modal):
        if not os.access(p, os.X_OK):
            print(f"compare.py: {p} is not executable (cargo build --release? venv path?)", file=sys.stderr)
            return 2

    tmp = Path(tempfile.mkdtemp(prefix="modalcfg-compare-"))
    try:
        home = tmp / "home"
        home.mkdir()
        cfg = home / ".modal.toml"
        cfg.write_text(SMALL)
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

        # 10k-profile file: activate + RSS.
        big = tmp / "big.toml"
        gen_big(a.big, big)
        orig = tmp / "big.orig.toml"
        shutil.copyfile(big, orig)
        benv = scratch_env(home, big)
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
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
