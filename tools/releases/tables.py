#!/usr/bin/env python3
"""Write src/client/tables.rs: the settings table of every Modal client release from 1.0.0 on,
read from each release's own `modal/config.py` (and `_Client.from_env` in `modal/client.py`),
with consecutive releases that agree sharing one table.

    python3 tools/releases/tables.py WHEELS_DIR          # WHEELS_DIR/<version>/modal/config.py
    python3 tools/releases/tables.py WHEELS_DIR --check  # exit 1 if tables.rs is stale
    python3 tools/releases/tables.py WHEELS_DIR --check --download  # what CI runs

`--download` first fetches, into WHEELS_DIR, the two files it reads of every release that
tables.rs lists as KNOWN and WHEELS_DIR lacks (`python -m pip download --no-deps` with the
running Python, four at a time; nothing is installed). By hand, for one release:
    pip download --no-deps modal==X.Y.Z -d dl && unzip dl/modal-X.Y.Z-*.whl 'modal/*' -d WHEELS_DIR/X.Y.Z
A new release on PyPI is added by downloading it into WHEELS_DIR and running without --check.

The Rust side keeps one description of each key (`src/client/keys.rs`, as the newest release
defines it); a table entry is that description, adjusted where the release differs (default,
transform, internal flag, deprecation). Stdlib only.
"""

import ast
import concurrent.futures
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "src", "client", "tables.rs")


def vkey(v):
    main, _, post = v.partition(".post")
    return [int(x) for x in main.split(".")] + [int(post or 0)]


def strip_docs(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            b = node.body
            if b and isinstance(b[0], ast.Expr) and isinstance(getattr(b[0], "value", None), ast.Constant) \
                    and isinstance(b[0].value.value, str):
                node.body = b[1:] or [ast.Pass()]
    return tree


def module_consts(tree):
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return out


def function(tree, name):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return node
    return None


def transform_of(node, check_value_lowercases):
    """The Rust `Transform` of a `_Setting(...)` transform expression."""
    if node is None:
        return "T::Identity"
    src = ast.unparse(node)
    table = {
        "lambda s: s.upper()": "T::Upper",
        "float": "T::Float",
        "_to_boolean": "T::Boolean",
        "lambda x: x if x else None": "T::FalsyNone",
        "lambda x: int(x) if x else None": "T::IntOrNone",
        "_enforce_suffix_rules": "T::Suffix",
        "_transform_headers": "T::Headers",
    }
    if src in table:
        return table[src]
    m = re.fullmatch(r"lambda s: _check_value\((\[.*\])\)\(s\.lower\(\)\)", src)
    if m:
        return choice(ast.literal_eval(m.group(1)), True)
    m = re.fullmatch(r"_check_value\((\[.*\])\)", src)
    if m:
        return choice(ast.literal_eval(m.group(1)), check_value_lowercases)
    raise SystemExit(f"unknown transform: {src}")


def choice(options, lowercase):
    name = {("error", "warn", "ignore"): "BUILD_VALIDATIONS", ("pickle", "cbor"): "PAYLOAD_FORMATS"}[tuple(options)]
    return f"T::Choice({name})" if lowercase else f"T::ChoiceExact({name})"


def default_rs(value):
    if value is None:
        return "D::None"
    if isinstance(value, bool):
        return f"D::Bool({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"D::Int({value})"
    if isinstance(value, str):
        return f"D::Str({value!r})".replace("'", '"')
    raise SystemExit(f"unknown default {value!r}")


def settings_of(path):
    tree = strip_docs(ast.parse(open(path, encoding="utf-8").read()))
    consts = module_consts(tree)
    cv = function(tree, "_check_value")
    lowercases = cv is not None and any(a.arg == "lowercase" for a in cv.args.args)
    table = None
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id == "_SETTINGS":
                table = node.value
    rows = []
    for k, v in zip(table.keys, table.values):
        key = ast.literal_eval(k)
        args = list(v.args)
        kw = {x.arg: x.value for x in v.keywords}
        default = args[0] if args else kw.get("default")
        transform = args[1] if len(args) > 1 else kw.get("transform")
        if default is None:
            dval = None
        elif isinstance(default, ast.Name):
            dval = consts[default.id]
        else:
            dval = ast.literal_eval(default)
        dep = kw.get("deprecated")
        rows.append({
            "key": key,
            "default": default_rs(dval),
            "transform": transform_of(transform, lowercases),
            "internal": "internal" in kw and ast.literal_eval(kw["internal"]),
            "deprecated": "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(ast.literal_eval(dep))) if dep else None,
        })
    return rows


def auth_of(path):
    """A fingerprint of `_Client.from_env` (credential rules and their texts)."""
    tree = strip_docs(ast.parse(open(path, encoding="utf-8").read()))
    fn = function(tree, "from_env")
    text = ast.unparse(fn).replace("Optional[tuple[str, str]]", "tuple[str, str] | None")
    text = text.replace("        async_utils.on_shutdown(client._close())\n", "")
    return hashlib.sha256(text.encode()).hexdigest()[:12]


# What keys.rs says for each key (the newest definition), to write only what differs.
def catalog():
    text = open(os.path.join(REPO, "src", "client", "keys.rs"), encoding="utf-8").read()
    out = {}
    for m in re.finditer(r"pub const ([A-Z0-9_]+): Setting = (.*?);\n(?=pub |\n|/)", text, re.S):
        body = m.group(2)
        key = re.search(r'"([a-z0-9_]+)"', body).group(1)
        d = re.search(r'(D::[A-Za-z]+(?:\([^)]*\))?),', body)
        t = re.search(r'(T::[A-Za-z]+(?:\([A-Z_]+\))?),', body)
        out[key] = {
            "const": m.group(1),
            "default": d.group(1) if d else None,
            "transform": t.group(1) if t else None,
            "internal": body.startswith("internal("),
            "deprecated": (re.search(r'\n\s*"(\d{4}-\d\d-\d\d)",\n\s*\)$', body) or [None, None])[1],
        }
    return out


def entry(row, cat):
    c = cat[row["key"]]
    expr = f"K::{c['const']}"
    if (c["internal"] or c["deprecated"]) and not row["internal"] and not row["deprecated"]:
        # Releases before 1.6.0 had neither flag.
        expr = f"plain(K::{c['const']})"
        c = dict(c, internal=False, deprecated=None)
    changes = []
    if row["default"] != c["default"]:
        changes.append(f"default: {row['default']}")
    if row["transform"] != c["transform"]:
        changes.append(f"transform: {row['transform']}")
    if row["internal"] != c["internal"]:
        changes.append(f"internal: {'true' if row['internal'] else 'false'}")
    if row["deprecated"] != c["deprecated"]:
        changes.append(f"deprecated: {'Some(%r)' % row['deprecated'] if row['deprecated'] else 'None'}".replace("'", '"'))
    if not changes:
        return expr
    return "Setting {\n        " + ",\n        ".join(changes) + f",\n        ..{expr}\n    }}"


def version_rs(v):
    major, minor, patch, post = vkey(v)
    if post:
        return f"Version {{ major: {major}, minor: {minor}, patch: {patch}, post: {post} }}"
    return f"Version::new({major}, {minor}, {patch})"


def known_versions():
    """The releases tables.rs lists as KNOWN."""
    text = open(OUT, encoding="utf-8").read().split("pub static KNOWN", 1)[1].split("];", 1)[0]
    out = []
    for m in re.finditer(r"Version::new\((\d+), (\d+), (\d+)\)|Version\s*\{\s*major: (\d+),\s*minor: (\d+),"
                         r"\s*patch: (\d+),\s*post: (\d+),?\s*\}", text):
        if m.group(1):
            out.append(".".join(m.group(1, 2, 3)))
        else:
            out.append(".".join(m.group(4, 5, 6)) + f".post{m.group(7)}")
    return out


def download(wheels, versions):
    """Fetch `modal/config.py` and `modal/client.py` of each release into WHEELS_DIR/<version>/."""
    def one(v):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                            "--disable-pip-version-check", f"modal=={v}", "-d", tmp], check=True)
            (whl,) = [f for f in os.listdir(tmp) if f.endswith(".whl")]
            with zipfile.ZipFile(os.path.join(tmp, whl)) as z:
                for name in ("modal/config.py", "modal/client.py"):
                    z.extract(name, os.path.join(tmp, v))
            os.makedirs(wheels, exist_ok=True)
            os.replace(os.path.join(tmp, v), os.path.join(wheels, v))  # whole or not at all

    missing = [v for v in versions if not os.path.exists(os.path.join(wheels, v, "modal", "client.py"))]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(one, missing))
    print(f"{len(versions)} releases in {wheels} ({len(missing)} downloaded now)")


def main(argv):
    wheels = argv[1]
    check = "--check" in argv
    if "--download" in argv:
        download(wheels, known_versions())
    versions = sorted((v for v in os.listdir(wheels) if re.fullmatch(r"\d+\.\d+\.\d+(\.post\d+)?", v)), key=vkey)
    cat = catalog()
    groups = []  # (first, last, rows, auth)
    for v in versions:
        rows = settings_of(os.path.join(wheels, v, "modal", "config.py"))
        auth = auth_of(os.path.join(wheels, v, "modal", "client.py"))
        if groups and groups[-1]["rows"] == rows and groups[-1]["auth"] == auth:
            groups[-1]["last"] = v
            groups[-1]["all"].append(v)
        else:
            groups.append({"first": v, "last": v, "rows": rows, "auth": auth, "all": [v]})
    out = [
        "//! The settings table of every Modal client release from 1.0.0 on, in each release's own",
        "//! order. Generated by `tools/releases/tables.py` from each release's `modal/config.py`;",
        "//! do not edit by hand. Consecutive releases whose tables (and credential rules) agree share",
        "//! one table.",
        "",
        "use super::keys as K;",
        "use super::keys::plain;",
        "use super::version::Version;",
        "use crate::client::settings::{@IMPORTS@};",
        "",
        "/// Every release on PyPI these tables were read from, oldest first.",
        "pub static KNOWN: &[Version] = &[",
    ]
    out += [f"    {version_rs(v)}," for v in versions]
    out.append("];")
    for g in groups:
        name = "T_" + g["first"].replace(".", "_").upper()
        span = g["first"] if g["first"] == g["last"] else f"{g['first']} to {g['last']}"
        out += ["", f"/// modal {span} ({len(g['rows'])} settings; credential rules {g['auth']}).",
                f"pub static {name}: [Setting; {len(g['rows'])}] = ["]
        out += [f"    {entry(r, cat)}," for r in g["rows"]]
        out.append("];")
    out += ["", "/// (first release, its table, fingerprint of its `_Client.from_env`), oldest first.",
            "pub static TABLES: &[(Version, &[Setting], &str)] = &["]
    out += [f'    ({version_rs(g["first"])}, &T_{g["first"].replace(".", "_").upper()}, "{g["auth"]}"),' for g in groups]
    out.append("];")
    text = "\n".join(out) + "\n"
    body = text.split("pub static KNOWN", 1)[1]
    used = [n for n in ["BUILD_VALIDATIONS", "DefaultValue as D", "PAYLOAD_FORMATS", "Setting", "Transform as T"]
            if re.search(r"\b%s\b" % re.escape(n.split(" as ")[-1]) + (r"::" if " as " in n else ""), body)]
    text = text.replace("@IMPORTS@", ", ".join(used))
    text = subprocess.run(["rustfmt", "--edition", "2024"], input=text.encode(), stdout=subprocess.PIPE,
                          check=True).stdout.decode()
    if check:
        old = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if old != text:
            print("src/client/tables.rs is stale; run tools/releases/tables.py", file=sys.stderr)
            return 1
        print("tables up to date")
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    for g in groups:
        print(f"{g['first']:>12} .. {g['last']:<12} {len(g['rows'])} settings, auth {g['auth']}  ({', '.join(g['all'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
