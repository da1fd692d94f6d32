#!/usr/bin/env python3
"""Differential test of `token set`: the real client's `modal token set --no-verify` and
`modalcfg token set` run with the same arguments on copies of the same file and environment,
and the two files must read back identically in the client.

Usage (from the repository root, system python3, stdlib only):

    python3 tools/golden/token_set_check.py [MODALCFG] --python VENV/bin/python [--keep]

MODALCFG is the modalcfg binary (default target/debug/modalcfg); the venv holds the client
(modal 1.6.4; its `modal` script is VENV/bin/modal). Every case runs in a clean environment
(PATH, LANG=C.UTF-8, HOME=<temp dir>, MODAL_CONFIG_PATH=<temp dir>/.modal.toml, plus the case's
MODAL_PROFILE / MODAL_SERVER_URL / MODAL_TOKEN_ID), once per tool on its own copy of the case's
file. Compared: the exit status (both succeed or both fail), the files as the client reads
them (`modal.config._read_user_config()` on each, one client process for all cases), and the
modes: a file that existed keeps its mode with both tools; a new file is 0600 from modalcfg
(its rule for files holding a secret) where the client leaves it to the umask (0644 here).

Only command lines the client runs offline are cases: each names the profile (`--profile`,
`--profile=`, or MODAL_PROFILE); without one the client looks up the token's workspace online.
Deliberate differences, counted apart: `active = false` left where the client removes the
line (read alike), and modalcfg refusing (without --force) a write after which the client's
own next command fails its active-profile check ("No Modal profile is active"), where the
client writes it anyway. Exits 1 on any other difference; prints the counts at the end.
"""

import argparse
import itertools
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

HAND = """# my modal config
[default]
token_id     = "ak-default"      # the old one
token_secret = 'as-default'

[ work ]   # header comment
  environment = "main"
  active = true   # keep me
  server_url = "https://work.example"

[personal]
token_id = "ak-personal"
active = "true"
"""

FILES = {
    "none": None,
    "empty": "",
    "comment-only": "# nothing yet\n",
    "one-profile": '[default]\ntoken_id = "ak-old"\ntoken_secret = "as-old"\n',
    "one-active": '[acme]\nactive = true\ntoken_id = "ak-old"\n',
    "several-one-active": "[a]\nloglevel = \"debug\"\n\n[b]\nactive = true\n\n[c]\n",
    "several-none-active": "[a]\n[b]\n",
    "two-active": "[a]\nactive = true\n[b]\nactive = true\n",
    "active-false": "[a]\nactive = false\ntoken_id = \"x\"\n[b]\n",
    "crlf": "[a]\r\nactive = true\r\n\r\n[b]\r\nx = 1\r\n",
    "hand": HAND,
}

# (name, argv after `token set`, env): the profile is always named.
TOKENS = ["--token-id", "ak-AbC123", "--token-secret", "as-SeCrEt456"]
ODD = ["--token-id", " ak-a ", "--token-secret", 'as-"qé\\ ']
ARGS = [
    ("flag-new", TOKENS + ["--profile", "new"], {}),
    ("flag-eq-existing", TOKENS + ["--profile=a"], {}),
    ("flag-existing-no-activate", TOKENS + ["--profile", "b", "--no-activate"], {}),
    ("flag-new-no-activate", TOKENS + ["--profile", "prof_3", "--no-activate"], {}),
    ("env-profile", TOKENS, {"MODAL_PROFILE": "prof_2"}),
    ("env-profile-existing", TOKENS + ["--activate"], {"MODAL_PROFILE": "work"}),
    ("flag-beats-env", TOKENS + ["--profile", "acme"], {"MODAL_PROFILE": "other"}),
    ("odd-values", ODD + ["--profile", "default"], {}),
    ("eq-values", ["--token-id=ak-eq", "--token-secret=as-eq", "--profile=eq"], {}),
    ("repeated-flags", TOKENS + ["--token-id", "ak-2", "--profile", "a", "--no-activate", "--activate"], {}),
    ("env-token-set", TOKENS + ["--profile", "a"], {"MODAL_TOKEN_ID": "ak-env"}),
]
SERVERS = [
    ("no-server", {}),
    ("server-url", {"MODAL_SERVER_URL": "http://localhost:8889"}),
    # modal 1.6.4's DEFAULT_SERVER_URL is a list: its first server alone is stored.
    ("server-first", {"MODAL_SERVER_URL": "https://api.modal.com"}),
    ("server-default", {"MODAL_SERVER_URL": "https://api.modal.com,https://api.modal2.com"}),
]
# The client's own token-set sequences (its cli_test) and the token page's command line, each
# run in order on one file per tool.
SEQUENCES = [
    (
        "client-cli-test",
        None,
        [
            (["--token-id", "ak-1", "--token-secret", "as-1", "--profile", "prof_1", "--no-activate"], {}),
            (["--token-id", "ak-2", "--token-secret", "as-2"], {"MODAL_PROFILE": "prof_2"}),
            (["--token-id", "ak-3", "--token-secret", "as-3", "--profile", "prof_3"], {}),
        ],
    ),
    (
        "token-page",
        None,
        [(["--token-id", "ak-page", "--token-secret", "as-page", "--profile=my-workspace"], {})],
    ),
    (
        "token-page-over-hand",
        HAND,
        [(["--token-id", "ak-page", "--token-secret", "as-page", "--profile=my-workspace"], {})],
    ),
]

READER = r"""
import json, sys
import modal.config as c
out = []
for path, modal_profile in json.load(sys.stdin):
    c.user_config_path = path
    try:
        cfg = c._read_user_config()
    except Exception as e:
        out.append({"error": f"{type(e).__name__}: {e}"})
        continue
    # What a `modal` command run next in the same environment says: its active-profile check.
    c._user_config = cfg
    c._profile = modal_profile or c._config_active_profile()
    try:
        c._check_config()
        check = None
    except Exception as e:
        check = f"{type(e).__name__}: {e}"
    out.append({"ok": cfg, "check": check})
print(json.dumps(out, default=repr))
"""


def as_read(r):
    """The file as the client reads it, with `active = false` dropped: the client pops `active`
    from the other profiles where modalcfg sets a `true` one to `false` in place (its
    byte-stable rule, `edit::deactivation`); the client treats both alike (`is True` picks the
    active profile, `_check_config` counts `False` as 0)."""
    if "ok" not in r:
        return r
    return {
        name: {k: v for k, v in table.items() if not (k == "active" and v is False)}
        if isinstance(table, dict)
        else table
        for name, table in r["ok"].items()
    }


def clean_env(home, extra):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": home,
        "MODAL_CONFIG_PATH": os.path.join(home, ".modal.toml"),
    }
    env.update(extra)
    return env


def run_tool(argv, home, env):
    p = subprocess.run(argv, env=clean_env(home, env), capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("modalcfg", nargs="?", default=os.path.join(REPO, "target/debug/modalcfg"))
    ap.add_argument("--python", required=True, help="the client venv's python")
    ap.add_argument("--keep", action="store_true", help="keep the temp dirs")
    ap.add_argument("--only", default="", help="only the cases whose name contains this")
    ap.add_argument(
        "--sample",
        type=int,
        default=1,
        help="every Nth generated case (the client's own sequences always run): CI's cost",
    )
    a = ap.parse_args()
    modal = os.path.join(os.path.dirname(a.python), "modal")
    tools = {
        "modal": lambda args: [modal, "token", "set", "--no-verify", *args],
        "modalcfg": lambda args: [a.modalcfg, "token", "set", "--no-verify", *args],
    }
    cases = []
    for (fname, text), (aname, args, aenv), (sname, senv) in itertools.product(
        FILES.items(), ARGS, SERVERS
    ):
        cases.append((f"{fname}/{aname}/{sname}", text, [(args, {**aenv, **senv})]))
    cases = cases[:: max(a.sample, 1)] + SEQUENCES
    cases = [c for c in cases if a.only in c[0]]
    root = tempfile.mkdtemp(prefix="modalcfg-token-set-")
    results, paths, failures = [], [], []
    for i, (name, text, steps) in enumerate(cases):
        per = {}
        for tool, argv in tools.items():
            home = os.path.join(root, f"{i}-{tool}")
            os.makedirs(home)
            path = os.path.join(home, ".modal.toml")
            if text is not None:
                with open(path, "w", newline="") as f:
                    f.write(text)
                os.chmod(path, 0o640)
            codes = []
            for args, env in steps:
                code, out = run_tool(argv(args), home, env)
                codes.append(code)
                if code != 0:
                    break
            mode = stat.S_IMODE(os.stat(path).st_mode) if os.path.exists(path) else None
            per[tool] = {"codes": codes, "out": out, "path": path, "mode": mode}
            paths.append([path, steps[-1][1].get("MODAL_PROFILE")])
        results.append((name, text, per))
    p = subprocess.run(
        [a.python, "-c", READER],
        input=json.dumps(paths),
        capture_output=True,
        text=True,
        env=clean_env(root, {}),
    )
    if p.returncode != 0:
        sys.exit(f"the client reader failed:\n{p.stderr}")
    read = iter(json.loads(p.stdout))
    refused = []
    for name, text, per in results:
        m, c = per["modal"], per["modalcfg"]
        rm, rc = next(read), next(read)
        # modalcfg refuses (without --force) a write after which modal commands fail: a
        # deliberate difference when the client's own file does fail its check there.
        if (
            m["codes"][-1] == 0
            and c["codes"][-1] != 0
            and "refusing to write" in c["out"]
            and rm.get("check")
            and rc.get("check") is None
        ):
            refused.append(f"{name}: {rm['check'].splitlines()[0]}")
            continue
        why = []
        if (m["codes"][-1] == 0) != (c["codes"][-1] == 0):
            why.append(f"exit: modal {m['codes']} modalcfg {c['codes']}\n  modal: {m['out']}\n  modalcfg: {c['out']}")
        if as_read(rm) != as_read(rc):
            why.append(f"read back: modal {rm} / modalcfg {rc}")
        if text is not None and (m["mode"], c["mode"]) != (0o640, 0o640):
            why.append(f"modes of an existing 0640 file: modal {m['mode']:o} modalcfg {c['mode']:o}")
        if text is None and c["mode"] is not None and c["mode"] != 0o600:
            why.append(f"modalcfg's new file is {c['mode']:o}, not 600")
        if why:
            failures.append(f"{name}:\n  " + "\n  ".join(why))
    for f in failures:
        print(f)
    for r in refused:
        print(f"refused by modalcfg (the client's file fails its own check): {r}")
    agree = len(results) - len(failures) - len(refused)
    print(
        f"token set: {len(results)} cases, {agree} agree, {len(refused)} refused by modalcfg "
        f"where the client writes a file its next command rejects, {len(failures)} differ"
    )
    if not a.keep:
        shutil.rmtree(root)
    else:
        print(f"kept {root}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
