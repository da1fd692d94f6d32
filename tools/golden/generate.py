#!/usr/bin/env python3
"""Generate (or check) the golden corpus tests/golden/corpus.json with the real Modal client.

Usage (from the repository root, with the system python3; stdlib only):

    python3 tools/golden/generate.py              # regenerate tests/golden/corpus.json
    python3 tools/golden/generate.py --check      # exit 1 + diff summary if the corpus is stale
    python3 tools/golden/generate.py --only NAME  # run one case (repeatable), print its entry
    python3 tools/golden/generate.py --only NAME --check
    python3 tools/golden/generate.py --release 1.2.6   # tests/golden/corpus-1.2.6.json with modal 1.2.6
    python3 tools/golden/generate.py --release 1.2.6 --install   # create its venv first if missing

The client interpreter is `--python PATH`, else $MODALCFG_CLIENT_PYTHON, else
/work/.venv-modal/bin/python (a venv with `modal==1.6.4`). With `--release V` it is
$MODALCFG_VENVS/modal-V/bin/python (default /work/venvs/modal-V; `--install` creates it with pip),
and the corpus is tests/golden/corpus-V.json (corpus.json for the newest release, 1.6.4), stored
compact: `{"common", "cases"}`, each case keeping only the settings entries that
differ from `common` (see `compact`; tests/golden_corpus.rs expands it the same way). Each case runs `client_probe.py`
in a fresh process, in its own temp dir, with a clean environment:
PATH, LANG=C.UTF-8, HOME=<temp dir>, plus the case's env (`$DIR` = the temp dir).
"""

import argparse
import base64
import collections
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(REPO, "tests", "golden", "corpus.json")
PROBE = os.path.join(HERE, "client_probe.py")
DEFAULT_PYTHON = "/work/.venv-modal/bin/python"
NEWEST_RELEASE = "1.6.4"
DEFAULT_VENVS = "/work/venvs"


def release_corpus(release):
    """The corpus file of a release: corpus.json for the newest, corpus-<V>.json otherwise."""
    if release == NEWEST_RELEASE:
        return CORPUS
    return os.path.join(REPO, "tests", "golden", f"corpus-{release}.json")


def release_python(release, install):
    """The interpreter of the release's venv, created (modal==V and toml==0.10.2) if asked."""
    venv = os.path.join(os.environ.get("MODALCFG_VENVS") or DEFAULT_VENVS, f"modal-{release}")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python) and install:
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             f"modal=={release}", "toml==0.10.2"],
            check=True,
        )
        print(f"installed modal {release} in {venv} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    return python


def installed_version(python):
    out = subprocess.run(
        [python, "-c", "import importlib.metadata as m; print(m.version('modal'))"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False,
    )
    return out.stdout.decode().strip()
DIR_TOKEN = "$DIR"
EXPECT_KEYS = ["active", "auth_error", "check_error", "config_path", "error", "profile", "profiles", "settings"]

sys.path.insert(0, HERE)
import cases as case_defs  # noqa: E402


class ProbeFailure(Exception):
    pass


def _subst(value, tmp):
    return value.replace(DIR_TOKEN, tmp)


def _client_config_path(env, tmp):
    """Where the client will look: MODAL_CONFIG_PATH if non-empty (relative = to cwd, which is
    the temp dir), else os.path.expanduser('~/.modal.toml') with the case's HOME."""
    mcp = env.get("MODAL_CONFIG_PATH")
    if mcp:
        return mcp if os.path.isabs(mcp) else os.path.join(tmp, mcp)
    home = env["HOME"].rstrip("/")
    return (home + "/.modal.toml") or "/"


def _inside(path, tmp):
    real_tmp = os.path.realpath(tmp)
    return os.path.realpath(os.path.dirname(path)).startswith(real_tmp) or os.path.realpath(path).startswith(real_tmp + os.sep)


def run_case(case, python):
    tmp = tempfile.mkdtemp(prefix="modalcfg-golden-")
    try:
        env = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": tmp,
        }
        for k, v in case["env"].items():
            env[k] = _subst(v, tmp)

        for rel, text in (case.get("extra_files") or {}).items():
            p = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(text.encode("utf-8"))

        path = _client_config_path(env, tmp)
        has_content = case["file"] is not None or "file_b64" in case or "file_kind" in case
        if has_content:
            if not _inside(path, tmp):
                raise ProbeFailure(f"{case['name']}: config path {path!r} is outside the temp dir")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            kind = case.get("file_kind")
            if kind == "directory":
                os.makedirs(path)
            elif kind == "symlink-missing":
                os.symlink(os.path.join(tmp, "no-such-target.toml"), path)
            elif "file_b64" in case:
                with open(path, "wb") as f:
                    f.write(base64.b64decode(case["file_b64"]))
            else:
                with open(path, "wb") as f:
                    f.write(case["file"].encode("utf-8"))
        elif os.path.isabs(path) and not _inside(path, tmp) and os.path.lexists(path) and path != "/dev/null":
            raise ProbeFailure(f"{case['name']}: {path!r} exists on this machine; the case would not be hermetic")

        proc = subprocess.run(
            [python, PROBE],
            env=env,
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=180,
        )
        out = proc.stdout.decode("utf-8", "replace")
        if proc.returncode != 0:
            raise ProbeFailure(
                f"{case['name']}: probe exited {proc.returncode}\n--- stdout\n{out}\n--- stderr\n"
                f"{proc.stderr.decode('utf-8', 'replace')}"
            )
        try:
            result = json.loads(out.replace(tmp, DIR_TOKEN))
        except ValueError as exc:
            raise ProbeFailure(f"{case['name']}: probe printed invalid JSON ({exc}):\n{out}") from None
        return {k: result[k] for k in EXPECT_KEYS}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def corpus_entry(case, expect):
    entry = {
        "env": dict(sorted(case["env"].items())),
        "expect": expect,
        "file": case["file"],
        "name": case["name"],
    }
    for opt in ("extra_files", "file_b64", "file_kind"):
        if opt in case:
            entry[opt] = dict(sorted(case[opt].items())) if isinstance(case[opt], dict) else case[opt]
    return {k: entry[k] for k in sorted(entry)}


def _compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _pretty(value, level, path):
    """Indented JSON (2 spaces); each entry of expect.settings stays on one line."""
    pad = "  " * (level + 1)
    end = "  " * level
    if isinstance(value, dict) and value:
        if path[-2:] == ("expect", "settings") or path == ("common",):
            items = [f"{pad}{_compact(k)}: {_compact(v)}" for k, v in value.items()]
        else:
            items = [f"{pad}{_compact(k)}: {_pretty(v, level + 1, path + (k,))}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(value, list) and value:
        items = [f"{pad}{_pretty(v, level + 1, path + ('[]',))}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + end + "]"
    return _compact(value)


def dump(corpus):
    return _pretty(corpus, 0, ()) + "\n"


def _entry_text(v):
    return json.dumps(v, ensure_ascii=False)


def compact(results):
    """An older release's corpus, stored small: `common` holds, per setting, the entry most
    cases have (in practice the default), and each case keeps only the entries that differ
    from it. `expand` restores every case exactly (type-exact: 10 and 10.0 differ as text)."""
    counts = {}
    for c in results:
        for k, v in (c["expect"]["settings"] or {}).items():
            counts.setdefault(k, collections.Counter())[_entry_text(v)] += 1
    common = {k: json.loads(counts[k].most_common(1)[0][0]) for k in sorted(counts)}
    cases = []
    for c in results:
        settings = c["expect"]["settings"]
        if settings is not None:
            kept = {k: v for k, v in settings.items() if _entry_text(v) != _entry_text(common[k])}
            c = dict(c, expect=dict(c["expect"], settings=kept))
        cases.append(c)
    return {"common": common, "cases": cases}


def expand(corpus):
    """The list of cases of a corpus file, whichever of the two forms it is in."""
    if isinstance(corpus, list):
        return corpus
    common = corpus["common"]
    cases = []
    for c in corpus["cases"]:
        kept = c["expect"]["settings"]
        if kept is not None:
            full = {k: kept.get(k, v) for k, v in common.items()}
            full.update({k: v for k, v in kept.items() if k not in common})
            c = dict(c, expect=dict(c["expect"], settings=dict(sorted(full.items()))))
        cases.append(c)
    return cases


def _short(value, limit=160):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def diff_corpus(old, new, only=None):
    """Return a list of human-readable lines describing differences (empty = identical)."""
    lines = []
    old_by = {c["name"]: c for c in old}
    new_by = {c["name"]: c for c in new}
    if only is None:
        for name in new_by:
            if name not in old_by:
                lines.append(f"+ {name}: new case (not in the committed corpus)")
        for name in old_by:
            if name not in new_by:
                lines.append(f"- {name}: in the committed corpus but no longer generated")
        common_old = [c["name"] for c in old if c["name"] in new_by]
        common_new = [c["name"] for c in new if c["name"] in old_by]
        if common_old != common_new:
            lines.append("~ case order differs")
    for name, n in new_by.items():
        o = old_by.get(name)
        if o is None:
            if only is not None:
                lines.append(f"+ {name}: not in the committed corpus")
            continue
        for field in sorted(set(o) | set(n)):
            if field == "expect":
                continue
            if o.get(field) != n.get(field):
                lines.append(f"~ {name}: case field {field!r}: {_short(o.get(field))} -> {_short(n.get(field))}")
        oe, ne = o.get("expect", {}), n.get("expect", {})
        for key in EXPECT_KEYS:
            if key == "settings":
                continue
            if oe.get(key) != ne.get(key):
                lines.append(f"~ {name}: {key}: {_short(oe.get(key))} -> {_short(ne.get(key))}")
        os_, ns = oe.get("settings"), ne.get("settings")
        if os_ is None or ns is None:
            if os_ != ns:
                lines.append(f"~ {name}: settings: {_short(os_, 60)} -> {_short(ns, 60)}")
        else:
            for key in list(ns) + [k for k in os_ if k not in ns]:
                if os_.get(key) != ns.get(key) or json.dumps(os_.get(key)) != json.dumps(ns.get(key)):
                    lines.append(f"~ {name}: settings.{key}: {_short(os_.get(key))} -> {_short(ns.get(key))}")
            if list(os_) != list(ns) and set(os_) == set(ns):
                lines.append(f"~ {name}: settings key order differs")
    return lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the committed corpus, exit 1 on any difference")
    ap.add_argument("--only", action="append", metavar="NAME", help="run only this case (repeatable); prints its entry")
    ap.add_argument("--python", help="client interpreter (default: $MODALCFG_CLIENT_PYTHON or %s)" % DEFAULT_PYTHON)
    ap.add_argument("--jobs", type=int, default=2, help="cases run in parallel (default 2)")
    ap.add_argument("--corpus", help="corpus path (default tests/golden/corpus.json, or the release's)")
    ap.add_argument("--release", metavar="X.Y.Z", help="record with this modal release (its own venv)")
    ap.add_argument("--install", action="store_true", help="with --release: create the venv if missing")
    ap.add_argument("--sample", type=int, metavar="N", help="only every Nth case (a quick live check)")
    args = ap.parse_args(argv)

    if args.release:
        python = args.python or release_python(args.release, args.install)
        args.corpus = args.corpus or release_corpus(args.release)
    else:
        python = args.python or os.environ.get("MODALCFG_CLIENT_PYTHON") or DEFAULT_PYTHON
        args.corpus = args.corpus or CORPUS
    if not os.path.exists(python):
        print(f"error: client python {python!r} not found (see tools/golden/README.md)", file=sys.stderr)
        return 2
    if args.release:
        have = installed_version(python)
        if have != args.release:
            print(f"error: {python} has modal {have or '(none)'}, not {args.release}", file=sys.stderr)
            return 2

    all_cases = case_defs.CASES
    names = [c["name"] for c in all_cases]
    if len(set(names)) != len(names):
        print("error: duplicate case names in cases.py", file=sys.stderr)
        return 2
    selected = all_cases
    if args.only:
        unknown = [n for n in args.only if n not in set(names)]
        if unknown:
            print(f"error: unknown case(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        selected = [c for c in all_cases if c["name"] in set(args.only)]
    elif args.sample:
        selected = all_cases[:: args.sample]
        args.only = [c["name"] for c in selected]

    start = time.monotonic()
    results = [None] * len(selected)
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run_case, c, python): i for i, c in enumerate(selected)}
        done = 0
        for fut in concurrent.futures.as_completed(futures):
            i = futures[fut]
            try:
                results[i] = corpus_entry(selected[i], fut.result())
            except Exception as exc:  # noqa: BLE001 - report every failing case
                failures.append(f"{selected[i]['name']}: {exc}")
            done += 1
            if not args.only and sys.stderr.isatty() and done % 25 == 0:
                print(f"  {done}/{len(selected)}", file=sys.stderr)
    elapsed = time.monotonic() - start

    if failures:
        print("probe failures:", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        return 2

    # Older releases' corpora are stored compact (see `compact`); corpus.json stays a list.
    stored = compact(results) if args.release and args.corpus != CORPUS else results
    status = 0
    if args.check:
        try:
            with open(args.corpus, encoding="utf-8") as f:
                committed_text = f.read()
            committed = expand(json.loads(committed_text))
        except FileNotFoundError:
            print(f"corpus {args.corpus} does not exist; run without --check first", file=sys.stderr)
            return 1
        if args.only:
            lines = diff_corpus(committed, results, only=args.only)
        else:
            lines = diff_corpus(committed, results)
            if not lines and dump(stored) != committed_text:
                lines.append("~ formatting of corpus.json differs (regenerate it)")
        if lines:
            affected = sorted({ln[2:].split(":", 1)[0] for ln in lines if not ln.startswith("~ case order")})
            print(f"golden corpus differs from the client: {len(affected)} case(s)")
            for ln in lines:
                print("  " + ln)
            status = 1
        else:
            print("golden corpus is up to date")
    elif args.only:
        print(dump(results), end="")
    else:
        os.makedirs(os.path.dirname(args.corpus), exist_ok=True)
        tmp_path = args.corpus + ".tmp"
        with open(tmp_path, "w", encoding="utf-8", newline="\n") as f:
            f.write(dump(stored))
        os.replace(tmp_path, args.corpus)
        print(f"wrote {os.path.relpath(args.corpus, os.getcwd())}")

    print(f"{len(results)} cases, {elapsed:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
