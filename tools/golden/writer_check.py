#!/usr/bin/env python3
"""Check that files written by modalcfg's writers read back in the real Modal client exactly as
modalcfg itself reads them.

Usage (from the repository root, system python3, stdlib only):

    python3 tools/golden/writer_check.py [MODALCFG] [--python PATH] [--keep]

MODALCFG is the modalcfg binary (default target/debug/modalcfg). For each scenario: a temp dir
is the HOME, the scenario's file is written, modalcfg's write commands run on it, then the
client probe (`client_probe.py`, run with the client venv's python) and
`modalcfg show --json --include-internal --reveal` both resolve the written file in the same
clean environment (PATH, LANG=C.UTF-8, HOME=<temp dir>, plus the scenario's env, exactly as in
generate.py). profile, profiles, active and settings must agree (the comparison rules of
tests/golden_corpus.rs). Also checks the written bytes when a scenario gives them.
Exits 1 on any difference; prints `N scenarios agree` at the end.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from generate import DEFAULT_PYTHON, DIR_TOKEN, PROBE, _client_config_path, _subst  # noqa: E402

COMPARED = ["profile", "profiles", "active", "settings"]

HAND = """# my modal config
# (edited by hand)

[default]
token_id     = "ak-default"      # the old one
token_secret = 'as-default'
logs_timeout=  12.5

# work stuff
[ work ]   # header comment
  environment = "main"
  active = true   # keep me
  traceback=false

[personal]
token_id = "ak-personal"
active = "true"
"""

# Each scenario: name, file (None = no file), env, list of modalcfg argv (stdin optional as
# ("stdin text", argv)), and optionally the exact bytes expected afterwards.
SCENARIOS = [
    {
        "name": "activate-hand-formatted",
        "file": HAND,
        "env": {},
        "commands": [["profile", "activate", "personal"]],
    },
    {
        "name": "set-typed-values",
        "file": HAND,
        "env": {},
        "commands": [
            ["set", "logs_timeout", "30", "--profile", "work"],
            ["set", "serve_timeout", "2.5", "--profile", "work"],
            ["set", "traceback", "yes", "--profile", "work"],
            ["set", "max_throttle_wait", "7", "--profile", "work"],
            ["set", "environment", "staging", "--profile", "work"],
            ["set", "loglevel", "debug", "--profile", "work"],
            ["set", "payload_format", "cbor", "--profile", "work"],
            ["unset", "environment", "--profile", "work"],
        ],
    },
    {
        "name": "crlf-no-final-newline",
        "file": "[a]\r\nactive = true\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\nactive = false",
        "env": {},
        "commands": [["profile", "activate", "b"], ["set", "environment", "e", "--profile", "a"]],
    },
    {
        "name": "inline-and-dotted-profiles",
        "file": "prod = { token_id = \"x\", environment = 'p' }   # inline\ndev.token_id = \"ak-dev\"\ndev.environment='d'\n\n[a]\nactive = 1\n",
        "env": {},
        "commands": [
            ["set", "environment", "q", "--profile", "prod"],
            ["profile", "activate", "dev"],
            ["set", "traceback", "true", "--profile", "dev"],
        ],
    },
    {
        "name": "literal-backslash-strings-survive-activate",
        "file": "[win]\nimage_builder_version = 'C:\\Users\\x'\nenvironment = '\\d+'\n\n[other]\nactive = true\n",
        "env": {},
        "commands": [["profile", "activate", "win"]],
        "expect_bytes": "[win]\nimage_builder_version = 'C:\\Users\\x'\nenvironment = '\\d+'\nactive = true\n\n[other]\n",
    },
    {
        "name": "token-set-stdin-empty-home",
        "file": None,
        "env": {},
        "commands": [("as-secret-from-stdin\n", ["token", "set", "--token-id", "ak-new", "--token-secret", "-", "--profile", "new"])],
        "expect_bytes": "[new]\ntoken_id = \"ak-new\"\ntoken_secret = \"as-secret-from-stdin\"\nactive = true\n",
    },
    {
        "name": "token-set-existing-no-activate",
        "file": HAND,
        "env": {},
        "commands": [["token", "set", "--token-id", "ak-2", "--token-secret", "as-2", "--profile", "default", "--no-activate"]],
    },
    {
        "name": "create-rename-delete",
        "file": HAND,
        "env": {},
        "commands": [
            ["profile", "create", "extra"],
            ["set", "environment", "x", "--profile", "extra"],
            ["profile", "rename", "work", "job"],
            ["profile", "delete", "default"],
            ["profile", "activate", "extra"],
        ],
    },
    {
        "name": "config-path-missing-folder-with-modal-profile",
        "file": None,
        "env": {"MODAL_CONFIG_PATH": "$DIR/cfg/sub/modal.toml", "MODAL_PROFILE": "two"},
        "commands": [
            ["profile", "create", "one"],
            ["profile", "create", "two"],
            ["set", "environment", "e2", "--profile", "two"],
            ["profile", "activate", "one"],
        ],
    },
]


def clean_env(tmp, extra):
    env = {"PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": tmp}
    for k, v in extra.items():
        env[k] = _subst(v, tmp)
    return env


def run(argv, env, cwd, stdin=None):
    return subprocess.run(argv, env=env, cwd=cwd, input=(stdin or "").encode(), capture_output=True, timeout=180)


def compare(client, ours):
    problems = []
    for field in ["profile", "profiles", "active"]:
        if client.get(field) != ours.get(field):
            problems.append(f"{field}: client {client.get(field)!r} / ours {ours.get(field)!r}")
    cs, os_ = client.get("settings"), ours.get("settings")
    if isinstance(cs, dict) and isinstance(os_, dict):
        for k, v in cs.items():
            if os_.get(k) != v:
                problems.append(f"settings.{k}: client {json.dumps(v)} / ours {json.dumps(os_.get(k))}")
        if len(cs) != len(os_):
            problems.append(f"settings count: client {len(cs)} / ours {len(os_)}")
    elif cs is not None or os_ is not None:
        problems.append(f"settings: client {cs!r} / ours {os_!r}")
    # json.loads gives int 10 and float 10.0 as different types but equal values: check types too.
    if isinstance(cs, dict) and isinstance(os_, dict):
        for k, v in cs.items():
            ov = os_.get(k)
            if isinstance(v, dict) and isinstance(ov, dict) and type(v.get("value")) is not type(ov.get("value")):
                problems.append(f"settings.{k}: type differs: client {v.get('value')!r} / ours {ov.get('value')!r}")
    return problems


def run_scenario(sc, binary, python, keep):
    tmp = tempfile.mkdtemp(prefix="modalcfg-writer-")
    try:
        env = clean_env(tmp, sc["env"])
        path = _client_config_path(env, tmp)
        if sc["file"] is not None:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(sc["file"].encode("utf-8"))
        problems = []
        for c in sc["commands"]:
            stdin, argv = c if isinstance(c, tuple) else (None, c)
            p = run([binary, *argv], env, tmp, stdin)
            if p.returncode != 0:
                problems.append(f"`modalcfg {' '.join(argv)}` exited {p.returncode}: {p.stderr.decode(errors='replace').strip()}")
                return problems
            if stdin and stdin.strip() in (p.stdout + p.stderr).decode(errors="replace"):
                problems.append(f"`modalcfg {' '.join(argv)}` printed the secret given on stdin")
        with open(path, "rb") as f:
            written = f.read().decode("utf-8")
        if "expect_bytes" in sc and written != sc["expect_bytes"]:
            problems.append(f"written file differs:\n  expected {sc['expect_bytes']!r}\n  written  {written!r}")
        probe = run([python, PROBE], env, tmp)
        if probe.returncode != 0:
            return problems + [f"client probe exited {probe.returncode}: {probe.stderr.decode(errors='replace')}"]
        show = run([binary, "show", "--json", "--include-internal", "--reveal"], env, tmp)
        # `show` exits with `check`'s verdict (3: the client would fail, e.g. no token; 1: the
        # file cannot be read) and prints its answer either way.
        if show.returncode not in (0, 1, 3):
            return problems + [f"modalcfg show exited {show.returncode}: {show.stderr.decode(errors='replace')}"]
        client = json.loads(probe.stdout.decode().replace(tmp, DIR_TOKEN))
        ours = json.loads(show.stdout.decode().replace(tmp, DIR_TOKEN))
        if client.get("error"):
            problems.append(f"the client cannot read the written file: {client['error']}")
        problems += compare(client, ours)
        if keep:
            print(f"  {sc['name']}: kept {tmp}")
        return problems
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", nargs="?", default=os.path.join(REPO, "target", "debug", "modalcfg"))
    ap.add_argument("--python", default=os.environ.get("MODALCFG_CLIENT_PYTHON", DEFAULT_PYTHON))
    ap.add_argument("--keep", action="store_true", help="keep the temp dirs")
    args = ap.parse_args(argv)
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"no modalcfg binary at {binary} (run `cargo build`)", file=sys.stderr)
        return 2
    failed = 0
    for sc in SCENARIOS:
        problems = run_scenario(sc, binary, args.python, args.keep)
        if problems:
            failed += 1
            print(f"DIFFERS {sc['name']}:\n    " + "\n    ".join(problems))
        else:
            print(f"ok      {sc['name']}")
    if failed:
        print(f"{failed} of {len(SCENARIOS)} scenarios differ")
        return 1
    print(f"{len(SCENARIOS)} scenarios agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
