#!/usr/bin/env python3
"""Differential fuzzer: modalcfg against the real Modal client, on generated files and
environments, with every mismatch minimised into a corpus case.

Usage (from the repository root, system python3; stdlib only):

    cargo build
    python3 tools/golden/fuzz.py --seed 1 --cases 5000            # run, minimise, record
    python3 tools/golden/fuzz.py --seed 1 --cases 200 --check-oracle 20
    python3 tools/golden/fuzz.py --replay tools/golden/fuzz_cases.json

* Generation is seeded (`--seed`): the same seed gives the same cases. Cases mix realistic
  profiles, value edge cases (numbers, strings, escapes, dates and times, arrays, inline
  tables), key and header spellings (quoted, dotted, Unicode, Python-only whitespace), line
  endings, BOMs, comments, random character mutations of all of these, and environments
  (MODAL_PROFILE, MODAL_CONFIG_PATH, MODAL_* values).
* The oracle is the client itself (`modal` 1.6.4 with `toml` 0.10.2, `--python`): a long-lived
  worker re-executes the real `modal/config.py` for each case, as `client_probe.py` does when
  `import modal` fails. Where `import modal` could fail for another reason (a setting that
  errors, a log level or format the logger may refuse), the case is re-run through
  `client_probe.py` in a fresh process, exactly as the golden corpus is recorded.
  `--check-oracle N` also runs N random cases through the fresh-process probe and stops if the
  two ever disagree.
* The subject is the modalcfg binary (`--bin`, default target/debug/modalcfg):
  `show --json --include-internal --reveal`, in the same directory layout and environment.
* A mismatch is minimised (delta debugging over lines, then characters, then environment
  variables) while it still mismatches in the same field, and appended to
  `tools/golden/fuzz_cases.json`, which `cases.py` turns into corpus cases
  (`fuzz-<field>-<hash>`); then regenerate the corpus with generate.py.
"""

import argparse
import base64
import concurrent.futures
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PROBE = os.path.join(HERE, "client_probe.py")
FOUND = os.path.join(HERE, "fuzz_cases.json")
DEFAULT_PYTHON = "/work/venvs/modal-1.6.4/bin/python"
DIR_TOKEN = "$DIR"
FIELDS = ["config_path", "profile", "profiles", "active", "error", "check_error", "settings"]

sys.path.insert(0, HERE)
import generate  # noqa: E402  (layout of a case on disk: the same as the golden corpus)


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------
SETTINGS = [
    "token_id", "token_secret", "environment", "server_url", "loglevel", "logs_timeout",
    "max_throttle_wait", "force_build", "traceback", "image_id", "task_id", "worker_id",
    "log_pattern", "dev_suffix", "active", "automount", "serve_timeout", "heartbeat_interval",
    "function_runtime", "sandbox_v2", "async_warnings", "payload_format",
]
PROFILES = ["default", "prod", "dev", "work", "a", "x", "café", "my workspace", "w", "s"]
SPACES = [" ", "\t", "\u00a0", "\u3000", "\u2003", "\u001f", "\u001c", "\u0085", "\u2028", "\u000b", "\u000c"]
INTS = ["0", "1", "-1", "+1", "00", "007", "1_000", "1__0", "_1", "1_", "0x_f", "0xff", "0XFF",
        "0o17", "0b101", "+0x1", "-0x1", "99999999999999999999", "-99999999999999999999",
        "9223372036854775808", "0x10000000000000000", "1_e5", "12e3", "1e_5", "٣", "0_0"]
FLOATS = ["1.5", "0.1", "-0.0", "+1.5", "1e5", "1E5", "1.e5", ".5", "1.", "5e-324", "1e400",
          "-1e400", "inf", "-inf", "+inf", "nan", "Inf", "NaN", "NAN", "-nan", "INF", "1_0.5",
          "1._5", "3.14_15", "1e+5", "6.02e23", "0.0001", "1.0", "10.0"]
DATES = ["1979-05-27", "1979-05-27T07:32:00", "1979-05-27T07:32:00Z", "1979-05-27T07:32:00z",
         "1979-05-27 07:32:00", "1979-05-27T07:32:00.5Z", "1979-05-27T07:32:00.123456+05:30",
         "1979-05-27T07:32:00.999999999-08:00", "1979-05-27T07:32:00.", "1979-05-27T07:32:00.Z",
         "1979-05-27T07:32:00xyz", "1979-05-27X07:32:00", "1979-05-27T07:32:00+0530",
         "1979-05-27T07:32:00.5+0530", "1979-02-30", "1979-13-01", "0000-01-01", "07:32:00",
         "07:32:00.5", "07:32:00.123", "07:32:00.1234567", "07:32:00junk", "25:00:00", "07:32",
         "1979-05-27T07:32", "1979-05-27T07:32:60", "1979-05-27T07:32:00-00:00"]
# No `"\U0000d800"`: a lone surrogate is a known difference (tests/golden_corpus.rs).
STRINGS = ['"x"', "'x'", '""', "''", '"a b"', '"ak-123"', '"a\\tb"', '"a\\0b"', '"a\\u00e9"',
           '"a\\U0001F600"', '"\\u005ct"', '"a\\u0022b"', '"a\\\\b"', '"a\\"b"', '"a\\eb"',
           '"a\\xb"', '"a\\qb"', "'a\\tb'", "'a\"b'", '"a#b"', '"a=b"', '"a,b"', '"[a]"',
           '"""x"""', "'''x'''", '""""', '"""""""', '"""a\nb"""', '"""a\\\n   b"""',
           "'''a\nb'''", '"""\nx"""', '"x" junk', '"x"y"', '"https://api.modal.com"', '"é"',
           '"\u00a0x\u00a0"', '"a\\u12"', '"\\ud800"', '"a\\\\"', '"true"']
BOOLS = ["true", "false", "True", "FALSE", "tRue", "yes"]
# Values over several lines, and values whose text holds the reader's own separators.
MULTILINE = [
    '[\n  1,\n  2,\n]', '[ # c\n  "a", # d\n  "b"\n]', '[\n  "a,b",\n  "c]"\n]', '["a", "b",\n"c"]',
    '[[1, 2], [3]]', '[[1, 2], ["a"]]', '[{ a = 1 }, { b = "x,y" }]', '[{a=1},{b=2}, 3]',
    '[ { a = [1, 2] } ]', '"""\na\\\n  b\\\n\n  c"""', "'''\nraw\\n\n'''", '"""a""b"""',
    '"""a"""b"""', "''''a'''", '{ a = { b = 1 } }', '{ a.b = 1 }', '{ "a.b" = 1 }', '{ a = "x}" }',
    '{ a = [1, 2], b = "c" }', '["a" , \'b\']', '[ "\\\\" ]', '[1, [2, [3, [4]]]]', '"a"  # "b"',
    "'a#b'", '"x\\\\\\\\"',
]
# Whole snippets of several lines: reopened, implicit and array tables, odd header spellings.
STRUCTURES = [
    "a = 1\n[a]", "[a]\n[[a]]", "[[a]]\n[a.b]", "[[a]]\n[[a]]\nx = 1", "[a]\n[[a.b]]\n[a.b.c]",
    "[a.b]\n[a]\n[a.b]", "[a]\nb.c = 1\n[a.b]", "[a]\nb = {}\n[a.b.c]", '[a."b.c"]', "[a.'b']",
    '["a]b"]', '["a#b"]', '[ "a" . "b" ]', "[a]\nx = [\n[b]\n]", '["a" ]]', "[a.b.c]\n[a.b]\n[a]",
    "x = 1\ny = 2", '"a=b" = 1', "'a.b' = 1", "a.'b.c' = 1", '[a]\n"x" = 1\nx = 2',
    "[a]\nx = 1\n[b]\nx = 2\n[a]", '[a]\n"" = 1', "[a]\n\\ = 1", '[a]\nx = """\nline\n""" ',
]
ATOMS = INTS + FLOATS + DATES + STRINGS + BOOLS + MULTILINE
ALPHABET = list("[]{}=.,#\"'\\ \t\n_-+:0123456789aexzTZ") + ["é", "\u00a0", "\u3000", "\u2003", "\ufeff", "\u001f", "\r"]


def _key(rng):
    r = rng.random()
    k = rng.choice(SETTINGS)
    if r > _ODD[0] or r < 0.70:
        return k
    if r < 0.75:
        return '"' + k + '"'
    if r < 0.78:
        return "'" + k + "'"
    if r < 0.81:
        return rng.choice(['"token\\u005fid"', '"token\\tid"', "'tok\\en'", '"a.b"', '""', "café", "a-b_c"])
    if r < 0.86:
        return k + rng.choice([".x", " .x", ". x", ".\"q\"", ".'q'", "."])
    if r < 0.90:
        return rng.choice(SPACES) + k + rng.choice(SPACES)
    return rng.choice([k + "=", k + " =", "x.y.z", k + "\u00e9"])


def _array(rng, depth):
    n = rng.randint(0, 4)
    items = [_value(rng, depth + 1) for _ in range(n)]
    sep = rng.choice([", ", ",", " , ", ",\n  ", ",,"])
    body = sep.join(items)
    if rng.random() < 0.2:
        body += rng.choice([",", ", ", ",\n", " # c\n"])
    close = "]" if rng.random() > 0.05 else ""
    return "[" + rng.choice(["", " ", "\n  "]) + body + close


def _inline(rng, depth):
    n = rng.randint(0, 3)
    items = [f"{_key(rng)}{rng.choice([' = ', '=', ' =', '= '])}{_value(rng, depth + 1)}" for _ in range(n)]
    body = rng.choice([", ", ",", " , "]).join(items)
    if rng.random() < 0.1:
        body += ","
    return "{" + rng.choice(["", " "]) + body + rng.choice(["", " "]) + "}"


SAFE = ['"ak-123"', '"as-456"', '"main"', '"https://api.modal.com"', "'lit'", '"é"', "true", "false",
        "1", "10", "0", "-5", "1.5", "2.0", "30", "1979-05-27", '"INFO"', '"debug"', '""', "[]",
        '["a", "b"]', "[1, 2]", "{ a = 1 }", '"x y"']
# How odd the generated values are: set per file by gen_file.
_ODD = [0.2]


def _value(rng, depth=0):
    if rng.random() > _ODD[0]:
        return rng.choice(SAFE)
    r = rng.random()
    if depth < 3 and r < 0.12:
        return _array(rng, depth)
    if depth < 3 and r < 0.20:
        return _inline(rng, depth)
    return rng.choice(ATOMS)


def _header(rng, name):
    r = rng.random() if rng.random() < _ODD[0] * 2 else 0
    if r < 0.65:
        h = f"[{name}]" if name.replace("-", "").replace("_", "").isalnum() and name.isascii() else f'["{name}"]'
    elif r < 0.72:
        h = f'["{name}"]'
    elif r < 0.76:
        h = f"['{name}']"
    elif r < 0.84:
        h = f"[{name}.{rng.choice(['extra', 'x', 'y.z', chr(34) + 'q' + chr(34), ' sp '])}]"
    elif r < 0.89:
        h = f"[[{name}]]"
    elif r < 0.93:
        h = "[" + rng.choice(SPACES) + name + rng.choice(SPACES) + "]"
    else:
        h = rng.choice([f"[{name}]]", f"[ {name} . x ]", f'["{name}\\u0041"]', f'["{name}\\t"]', "[]", "[[]]", f"[{name}"])
    return h + rng.choice(["", "", " # c", rng.choice(SPACES)])


def _line(rng):
    r = rng.random()
    if r < 0.08:
        return rng.choice(["", "# comment", "   # x = 1", "\t"])
    if r < 0.11 and rng.random() < _ODD[0] * 2:
        return "{" + f"{_key(rng)}={_value(rng)}" + "}"
    odd = rng.random() < _ODD[0]
    eq = rng.choice([" = ", "=", " =", "= ", " == ", "\t=\t"]) if odd else " = "
    line = (rng.choice(["", "  ", rng.choice(SPACES)]) if odd else "") + _key(rng) + eq + _value(rng)
    if rng.random() < 0.3 * _ODD[0]:
        line += rng.choice([" # trailing", "#x", rng.choice(SPACES), " junk", ","])
    return line


def gen_file(rng):
    mode = rng.random()
    # Mostly plain files with a few odd values, some with more, some hostile.
    _ODD[0] = 0.05 if mode < 0.45 else 0.2 if mode < 0.8 else 0.6
    lines = []
    if rng.random() < 0.04:
        lines.append("\ufeff" + _line(rng))
    for _ in range(rng.randint(0, 2) if rng.random() < 0.2 else 0):
        lines.append(_line(rng))
    names = rng.sample(PROFILES, rng.randint(1, 4))
    for name in names:
        if rng.random() < 0.1:
            lines.append(f"{name} = {_inline(rng, 0)}")
            continue
        lines.append(_header(rng, name))
        if rng.random() < 0.35:
            lines.append(rng.choice(["active = true", "active = false", "active = 1", 'active = "true"']))
        for _ in range(rng.randint(0, 5)):
            lines.append(_line(rng))
    if rng.random() < 0.1:
        lines.append(_header(rng, rng.choice(names)))
    if rng.random() < _ODD[0]:
        lines.insert(rng.randint(0, len(lines)), rng.choice(STRUCTURES))
    text = "\n".join(lines)
    if rng.random() < 0.8:
        text += "\n"
    if rng.random() < _ODD[0]:
        text = mutate(rng, text, rng.randint(1, 3))
    if rng.random() < 0.05:
        text = text.replace("\n", rng.choice(["\r\n", "\r"]))
    return text


def mutate(rng, text, n):
    chars = list(text)
    for _ in range(n):
        op = rng.random()
        i = rng.randint(0, len(chars))
        if op < 0.4:
            chars.insert(i, rng.choice(ALPHABET))
        elif op < 0.7 and chars:
            del chars[min(i, len(chars) - 1)]
        elif chars:
            chars[min(i, len(chars) - 1)] = rng.choice(ALPHABET)
    return "".join(chars)


def gen_env(rng, text_profiles):
    env = {}
    r = rng.random()
    if r < 0.15:
        env["MODAL_PROFILE"] = rng.choice(text_profiles + ["nope", "", " default"])
    if rng.random() < 0.08:
        key = rng.choice(["MODAL_TOKEN_ID", "MODAL_ENVIRONMENT", "MODAL_MAX_THROTTLE_WAIT", "MODAL_LOGS_TIMEOUT",
                          "MODAL_FORCE_BUILD", "MODAL_SERVER_URL", "MODAL_TRACEBACK"])
        env[key] = rng.choice(["x", "1", "0", "99999999999999999999", "1e400", "inf", "true", " 5 ", "", "0x10"])
    return env


def gen_case(rng, index):
    text = gen_file(rng)
    env = gen_env(rng, [p for p in PROFILES if p in text])
    c = {"name": f"gen-{index}", "file": text, "env": env}
    r = rng.random()
    if r < 0.01:
        c = {"name": c["name"], "file": None, "env": {"MODAL_CONFIG_PATH": "$DIR/modal.toml/"},
             "extra_files": {"modal.toml": text}}
    elif r < 0.015:
        c = {"name": c["name"], "file": None, "env": {"MODAL_CONFIG_PATH": "/dev/null"}}
    elif r < 0.035:
        # Bytes that are not UTF-8 somewhere in the file.
        data = bytearray(text.encode("utf-8"))
        data.insert(rng.randint(0, len(data)), rng.choice([0xFF, 0xC3, 0x80, 0xED, 0xF4]))
        c = {"name": c["name"], "file": None, "env": env, "file_b64": base64.b64encode(bytes(data)).decode("ascii")}
    elif r < 0.05:
        c["env"]["MODAL_CONFIG_PATH"] = rng.choice(["cfg.toml", "$DIR/sub/c.toml", "./x/../c.toml"])
    return c


# ---------------------------------------------------------------------------------------------
# Oracle (the real client) and subject (modalcfg)
# ---------------------------------------------------------------------------------------------
WORKER = r'''
import io, json, os, sys
sys.path.insert(0, sys.argv[1])
import client_probe as p
base = dict(os.environ)
for line in sys.stdin:
    job = json.loads(line)
    os.environ.clear()
    os.environ.update(job["env"])
    os.chdir(job["cwd"])
    with p._quiet():
        cfg, err = p._load_config_neutralised()
    out = {"config_path": getattr(cfg, "user_config_path", None), "profile": None, "profiles": None,
           "active": None, "error": None, "check_error": None, "settings": None}
    if err is not None:
        out["error"] = p._fmt_exc(err)
    else:
        uc = cfg._user_config
        out["profile"] = cfg._profile
        out["profiles"] = list(cfg.config_profiles())
        out["active"] = [n for n, v in uc.items() if v.get("active", False) is True]
        with p._quiet():
            try:
                cfg._check_config()
            except Exception as exc:
                out["check_error"] = p._fmt_exc(exc)
            settings = {}
            for key in sorted(cfg._SETTINGS):
                if "MODAL_" + key.upper() in os.environ:
                    source = "env"
                elif cfg._profile in uc and key in uc[cfg._profile]:
                    source = "file"
                else:
                    source = "default"
                try:
                    settings[key] = {"value": p._enc(cfg.config.get(key)), "source": source}
                except Exception as exc:
                    settings[key] = {"error": p._fmt_exc(exc), "source": source}
            out["settings"] = settings
    sys.stdout.write(json.dumps(out, ensure_ascii=True) + "\n")
    sys.stdout.flush()
'''


class Layout:
    """A case laid out on disk exactly as generate.py lays it out for the probe."""

    def __init__(self, case):
        self.tmp = tempfile.mkdtemp(prefix="modalcfg-fuzz-")
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": self.tmp}
        for k, v in case["env"].items():
            self.env[k] = v.replace(DIR_TOKEN, self.tmp)
        for rel, text in (case.get("extra_files") or {}).items():
            with open(os.path.join(self.tmp, rel), "wb") as f:
                f.write(text.encode("utf-8"))
        path = generate._client_config_path(self.env, self.tmp)
        if case.get("file") is not None or "file_b64" in case:
            if not generate._inside(path, self.tmp):
                raise ValueError(f"config path {path!r} outside the temp dir")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = base64.b64decode(case["file_b64"]) if "file_b64" in case else case["file"].encode("utf-8")
            with open(path, "wb") as f:
                f.write(data)

    def clean(self, out):
        return json.loads(out.replace(self.tmp, DIR_TOKEN))

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


class Oracle:
    def __init__(self, python):
        self.python = python
        self.proc = None
        self.fresh_runs = 0

    def _worker(self):
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                [self.python, "-c", WORKER, HERE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True, env={"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"})
        return self.proc

    def fast(self, case):
        lay = Layout(case)
        try:
            w = self._worker()
            w.stdin.write(json.dumps({"env": lay.env, "cwd": lay.tmp}) + "\n")
            w.stdin.flush()
            line = w.stdout.readline()
            if not line:
                self.proc = None
                raise RuntimeError("oracle worker died")
            return lay.clean(line)
        finally:
            lay.close()

    def fresh(self, case):
        self.fresh_runs += 1
        return generate.run_case(case, self.python)

    @staticmethod
    def import_may_differ(out):
        """Whether `import modal` itself might fail where re-executing config.py does not."""
        s = out.get("settings")
        if not s:
            return False
        # modal reads these while it is imported (the logger setup, client.py's
        # HEARTBEAT_INTERVAL, the log pattern); the other settings only inside functions. Any
        # value that is not the default goes through a real `import modal`.
        return any(s.get(k, {}).get("source", "default") != "default" or "error" in s.get(k, {})
                   for k in ("loglevel", "log_format", "log_pattern", "heartbeat_interval"))

    def run(self, case):
        out = self.fast(case)
        if self.import_may_differ(out):
            out = self.fresh(case)
        return out


def subject(case, binary):
    lay = Layout(case)
    try:
        proc = subprocess.run([binary, "show", "--json", "--include-internal", "--reveal"], env=lay.env,
                              cwd=lay.tmp, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        out = proc.stdout.decode("utf-8", "replace")
        try:
            data = lay.clean(out)
        except ValueError:
            return {"$crash": f"exit {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')[-400:]}"}
        return {k: data.get(k) for k in FIELDS}
    finally:
        lay.close()


def same(a, b):
    """Type-exact equality (int 10 is not float 10.0; True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return set(a) == set(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def diff_fields(expect, got):
    if "$crash" in got:
        return ["crash"]
    out = []
    for f in FIELDS:
        if f == "settings" and isinstance(expect.get(f), dict) and isinstance(got.get(f), dict):
            keys = [k for k in expect[f] if not same(expect[f][k], got[f].get(k))]
            out += [f"settings.{k}" for k in keys]
            if list(expect[f]) != list(got[f]) and not keys:
                out.append("settings")
        elif not same(expect.get(f), got.get(f)):
            out.append(f)
    return out


# ---------------------------------------------------------------------------------------------
# Minimisation
# ---------------------------------------------------------------------------------------------
def ddmin(items, still_fails):
    """Zeller's delta debugging: a 1-minimal sublist of `items` for which still_fails holds."""
    n = 2
    while len(items) >= 2:
        chunk = max(1, len(items) // n)
        subsets = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        reduced = False
        for i in range(len(subsets)):
            complement = [x for j, s in enumerate(subsets) if j != i for x in s]
            if still_fails(complement):
                items, n, reduced = complement, max(n - 1, 2), True
                break
        if not reduced:
            if n >= len(items):
                break
            n = min(len(items), n * 2)
    return items


def minimise(case, field, oracle, binary):
    def fails(c):
        try:
            return field in diff_fields(oracle.run(c), subject(c, binary))
        except Exception:  # noqa: BLE001 - a candidate the layout refuses is not a failure
            return False

    c = dict(case)
    if c.get("file") is not None:
        lines = c["file"].split("\n")
        lines = ddmin(lines, lambda ls: fails({**c, "file": "\n".join(ls)}))
        c["file"] = "\n".join(lines)
        chars = ddmin(list(c["file"]), lambda cs: fails({**c, "file": "".join(cs)}))
        c["file"] = "".join(chars)
    if "file_b64" in c:
        data = list(base64.b64decode(c["file_b64"]))
        data = ddmin(data, lambda bs: fails({**c, "file_b64": base64.b64encode(bytes(bs)).decode("ascii")}))
        c["file_b64"] = base64.b64encode(bytes(data)).decode("ascii")
    env_keys = ddmin(sorted(c["env"]), lambda ks: fails({**c, "env": {k: c["env"][k] for k in ks}}))
    if not fails({**c, "env": {k: c["env"][k] for k in env_keys}}):
        env_keys = sorted(c["env"])
    c["env"] = {k: c["env"][k] for k in env_keys}
    return c


def record(case, field):
    found = []
    if os.path.exists(FOUND):
        with open(FOUND, encoding="utf-8") as f:
            found = json.load(f)
    body = json.dumps([case.get("file"), case["env"], case.get("extra_files"), case.get("file_b64")], sort_keys=True,
                      ensure_ascii=False)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]
    name = f"fuzz-{field.replace('settings.', '').replace('_', '-')}-{digest}"
    if any(f["name"] == name for f in found):
        return name, False
    entry = {"name": name, "file": case.get("file"), "env": case["env"]}
    for opt in ("extra_files", "file_b64"):
        if case.get(opt):
            entry[opt] = case[opt]
    found.append(entry)
    with open(FOUND + ".tmp", "w", encoding="utf-8") as f:
        json.dump(found, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(FOUND + ".tmp", FOUND)
    return name, True


# ---------------------------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--python", default=os.environ.get("MODALCFG_CLIENT_PYTHON") or DEFAULT_PYTHON)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "debug", "modalcfg"))
    ap.add_argument("--check-oracle", type=int, default=0, metavar="N",
                    help="also run N random cases through the fresh-process probe and compare")
    ap.add_argument("--no-minimise", action="store_true")
    ap.add_argument("--max-mismatches", type=int, default=50, help="minimise at most this many")
    ap.add_argument("--jobs", type=int, default=3, help="cases compared in parallel (default 3)")
    ap.add_argument("--replay", metavar="JSON", help="run the cases of a fuzz_cases.json instead")
    args = ap.parse_args(argv)
    args.bin = os.path.abspath(args.bin)

    oracle = Oracle(args.python)
    rng = random.Random(args.seed)
    if args.replay:
        with open(args.replay, encoding="utf-8") as f:
            cases = json.load(f)
    else:
        cases = [gen_case(rng, i) for i in range(args.cases)]
    check = set(random.Random(args.seed + 1).sample(range(len(cases)), min(args.check_oracle, len(cases))))
    local = threading.local()

    def compare(i):
        if not hasattr(local, "oracle"):
            local.oracle = Oracle(args.python)
        case = cases[i]
        expect = local.oracle.run(case)
        if i in check:
            fresh = local.oracle.fresh(case)
            if not same(fresh, expect):
                return i, None, fresh, expect
        return i, diff_fields(expect, subject(case, args.bin)), None, None

    start = time.monotonic()
    total = mismatches = 0
    kinds = {}
    found = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for i, fields, fresh, expect in pool.map(compare, range(len(cases))):
            total += 1
            if fields is None:
                print(f"ORACLE DISAGREES on case {i}: {json.dumps(cases[i], ensure_ascii=False)}", file=sys.stderr)
                for f in FIELDS:
                    if not same(fresh.get(f), expect.get(f)):
                        print(f"  {f}: fresh {json.dumps(fresh.get(f))[:400]}\n  {f}: fast  {json.dumps(expect.get(f))[:400]}",
                              file=sys.stderr)
                return 2
            if fields:
                mismatches += 1
                print(f"MISMATCH {cases[i]['name']} in {', '.join(fields[:4])}", flush=True)
                found.append((cases[i], fields[0]))
            if total % 250 == 0:
                print(f"  {total} cases, {mismatches} mismatches, {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)
    for case, field in found[: args.max_mismatches]:
        small = case if args.no_minimise else minimise(case, field, oracle, args.bin)
        name, new = record(small, field)
        kinds[name] = kinds.get(name, 0) + 1
        print(f"  minimised ({'new' if new else 'known'}): {name}: file={small.get('file')!r} env={small['env']}")
        e2, g2 = oracle.run(small), subject(small, args.bin)
        for f in diff_fields(e2, g2)[:2]:
            key = f.split(".", 1)
            ev = e2.get(key[0]) if len(key) == 1 else e2["settings"].get(key[1])
            gv = g2.get(key[0]) if len(key) == 1 else (g2.get("settings") or {}).get(key[1])
            print(f"    {f}: client {json.dumps(ev, ensure_ascii=False)[:300]}")
            print(f"    {f}: ours   {json.dumps(gv, ensure_ascii=False)[:300]}")
    elapsed = time.monotonic() - start
    how = f"--replay {args.replay}" if args.replay else f"--seed {args.seed} --cases {args.cases}"
    print(f"{total} cases ({how}), {mismatches} mismatches, {len(kinds)} minimised kinds, {elapsed:.0f} s")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
