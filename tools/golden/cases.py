"""Golden corpus case definitions for `modalcfg` (reference client: `modal` 1.6.4).

Each case is a dict:

* ``name``       unique slug (the corpus keeps this order).
* ``file``       config file content as text, or ``None`` (no file is created).
* ``file_b64``   optional: raw bytes (base64) written instead of ``file`` (``file`` is then None).
* ``file_kind``  optional: ``"directory"`` (a directory at the config path) or
                 ``"symlink-missing"`` (a dangling symlink at the config path).
* ``env``        env vars added to the clean base (PATH, LANG=C.UTF-8, HOME=$DIR). ``$DIR`` is
                 replaced by the case's temp directory. Setting ``HOME`` or
                 ``MODAL_CONFIG_PATH`` moves the config file: the file is written wherever the
                 client will look (``MODAL_CONFIG_PATH`` if non-empty, else ``$HOME/.modal.toml``).
* ``extra_files`` optional: ``{relative path under $DIR: text}``, decoy files written besides the
                 config file (e.g. a ``.modal.toml`` in HOME that must be ignored).

Spec references (§) are to /work/shared/docs/modal-config-spec.md.
"""

import base64

CASES = []
_NAMES = set()


def case(name, file, env=None, *, file_b64=None, file_kind=None, extra_files=None):
    assert name not in _NAMES, name
    _NAMES.add(name)
    c = {"name": name, "file": file, "env": dict(env or {})}
    if file_b64 is not None:
        assert file is None
        c["file_b64"] = base64.b64encode(file_b64).decode("ascii")
    if file_kind is not None:
        assert file_kind in ("directory", "symlink-missing")
        c["file_kind"] = file_kind
    if extra_files:
        c["extra_files"] = dict(extra_files)
    CASES.append(c)


def prof(body, name="default", active=None):
    """A one-profile file."""
    head = f"[{name}]\n"
    if active is not None:
        head += f"active = {active}\n"
    return head + body + ("\n" if body and not body.endswith("\n") else "")


BASIC = '[default]\ntoken_id = "ak-default"\ntoken_secret = "as-default"\n'
TWO = (
    '[prod]\ntoken_id = "ak-prod"\ntoken_secret = "as-prod"\nenvironment = "main"\n\n'
    '[dev]\nactive = true\ntoken_id = "ak-dev"\ntoken_secret = "as-dev"\nenvironment = "dev"\n'
)

# ---------------------------------------------------------------------------------------------
# §1/§2: where the file is, missing / empty / unreadable
# ---------------------------------------------------------------------------------------------
case("missing-file", None)
case("empty-file", "")
case("whitespace-only", "  \n\n\t \n")
case("comment-only", "# just a comment\n   # indented comment\n\n#\n")
case("basic-default-profile", BASIC)
case("basic-no-trailing-newline", '[default]\ntoken_id = "ak-x"')
case("crlf-line-endings", '[default]\r\ntoken_id = "ak-crlf"\r\nlogs_timeout = 3\r\n')
case("cr-only-line-endings", '[default]\rtoken_id = "ak-cr"\r')
case("two-profiles-one-active", TWO)
case(
    "config-path-env-other-file",
    '[other]\nactive = true\ntoken_id = "ak-other"\n',
    {"MODAL_CONFIG_PATH": "$DIR/other.toml"},
    extra_files={".modal.toml": '[home]\nactive = true\ntoken_id = "ak-home"\n'},
)
case(
    "config-path-env-empty-uses-home",
    '[home]\nactive = true\ntoken_id = "ak-home"\n',
    {"MODAL_CONFIG_PATH": ""},
)
case(
    "config-path-env-missing-file",
    None,
    {"MODAL_CONFIG_PATH": "$DIR/nope.toml"},
    extra_files={".modal.toml": '[home]\nactive = true\ntoken_id = "ak-home"\n'},
)
case(
    "config-path-env-subdir",
    '[default]\ntoken_id = "ak-sub"\n',
    {"MODAL_CONFIG_PATH": "$DIR/sub/dir/modal config é.toml"},
)
case(
    "config-path-tilde-is-literal",
    None,
    {"MODAL_CONFIG_PATH": "~/.modal.toml"},
    extra_files={".modal.toml": '[home]\nactive = true\ntoken_id = "ak-home"\n'},
)
case(
    "config-path-dollar-home-is-literal",
    None,
    {"MODAL_CONFIG_PATH": "$HOME/.modal.toml"},
    extra_files={".modal.toml": '[home]\nactive = true\ntoken_id = "ak-home"\n'},
)
case(
    "config-path-directory",
    None,
    {"MODAL_CONFIG_PATH": "$DIR/cfgdir"},
    file_kind="directory",
)
case("home-trailing-slash", BASIC, {"HOME": "$DIR/"})
case("home-double-trailing-slash", BASIC, {"HOME": "$DIR//"})
case("home-subdir", '[default]\ntoken_id = "ak-h"\n', {"HOME": "$DIR/h"})
case("home-empty-string", None, {"HOME": ""})
case("home-root", None, {"HOME": "/"})
case("directory-at-path", None, file_kind="directory")
case("dangling-symlink-at-path", None, file_kind="symlink-missing")
case("bom-utf8", None, file_b64=b"\xef\xbb\xbf" + BASIC.encode())
case("bom-utf8-empty", None, file_b64=b"\xef\xbb\xbf")
case("invalid-utf8-ff", None, file_b64=b'[default]\ntoken_id = "ak\xff"\n')
case("invalid-utf8-in-comment", None, file_b64=b"# caf\xe9\n[default]\n")
case("invalid-utf8-truncated-sequence", None, file_b64=b'[default]\nx = "\xe2\x82"\n')
case("utf16-le-file", None, file_b64=b"\xff\xfe" + "[default]\n".encode("utf-16-le"))
case("nul-byte-outside-string", None, file_b64=b"[default]\nx = 1\x00\n")
case("nul-byte-inside-string", None, file_b64=b'[default]\ntoken_id = "a\x00b"\n')
case("utf8-unicode-values", '[default]\ntoken_id = "ak-ünï-😀"\nenvironment = "日本"\n')

# MODAL_IS_REMOTE (§2)
case("remote-1-ignores-file", TWO, {"MODAL_IS_REMOTE": "1"})
case("remote-1-ignores-malformed-file", "[oops\n", {"MODAL_IS_REMOTE": "1"})
case("remote-1-ignores-directory", None, {"MODAL_IS_REMOTE": "1"}, file_kind="directory")
case("remote-1-env-still-used", TWO, {"MODAL_IS_REMOTE": "1", "MODAL_TOKEN_ID": "ak-env", "MODAL_PROFILE": "prod"})
case("remote-true-reads-file", TWO, {"MODAL_IS_REMOTE": "true"})
case("remote-true-malformed-file", "[oops\n", {"MODAL_IS_REMOTE": "true"})
case("remote-empty-reads-file", TWO, {"MODAL_IS_REMOTE": ""})
case("remote-0-reads-file", TWO, {"MODAL_IS_REMOTE": "0"})
case("remote-space-1-reads-file", TWO, {"MODAL_IS_REMOTE": " 1"})
case("remote-1-bad-loglevel-still-fails", None, {"MODAL_IS_REMOTE": "1", "MODAL_LOGLEVEL": "nope"})
case("remote-1-bad-heartbeat-still-fails", None, {"MODAL_IS_REMOTE": "1", "MODAL_HEARTBEAT_INTERVAL": "x"})
case("remote-1-file-loglevel-ignored", prof('loglevel = "bogus"'), {"MODAL_IS_REMOTE": "1"})
case("empty-default-table", "[default]\n")
case("empty-tables-only", "[a]\n[b]\n[default]\n")

# ---------------------------------------------------------------------------------------------
# §2: top-level values must be tables
# ---------------------------------------------------------------------------------------------
case("toplevel-scalar-string", 'title = "x"\n\n[default]\ntoken_id = "a"\n')
case("toplevel-active-true", "active = true\n")
case("toplevel-int", "x = 1\n")
case("toplevel-array", "x = [1, 2]\n[default]\n")
case("toplevel-array-of-tables", '[[default]]\ntoken_id = "a"\n')
case("toplevel-array-of-inline-tables", 'default = [{token_id = "a"}]\n')
case("toplevel-inline-table-profile", 'prod = { token_id = "ak-inline", active = true }\n')
case(
    "toplevel-inline-and-section-profiles",
    'a = { token_id = "ak-a" }\nb = { token_id = "ak-b", active = true }\n\n[c]\ntoken_id = "ak-c"\n',
)
case("toplevel-inline-empty", "default = {}\n")
case("toplevel-dotted-key-profile", 'default.token_id = "ak-dotted"\ndefault.logs_timeout = 4\n')
case("toplevel-quoted-dotted-key-profile", '"default".token_id = "ak-q"\n')
case("toplevel-empty-name-inline-active", '"" = { active = true, token_id = "ak-empty" }\n')

# ---------------------------------------------------------------------------------------------
# Malformed files (§2 wrapper + §12)
# ---------------------------------------------------------------------------------------------
MALFORMED = [
    ("header-unterminated", "[default\ntoken_id = 1\n"),
    ("header-double-close", "[default]]\n"),
    ("header-key-on-same-line", "[default] token_id = 1\n"),
    ("header-empty-bare", "[ ]\n"),
    ("header-trailing-dot", "[default.]\n"),
    ("header-leading-dot", "[.default]\n"),
    ("header-empty-quoted", '[""]\ntoken_id = "x"\n'),
    ("header-escaped-quote", '["a\\"b"]\ntoken_id = "x"\n'),
    ("header-bare-unicode", "[é]\n"),
    ("lone-close-bracket", "]\n"),
    ("key-without-value", "[default]\ntoken_id\n"),
    ("key-without-value-eof", "[default]\ntoken_id"),
    ("empty-key-name", "[default]\n= 1\n"),
    ("empty-value", "[default]\ntoken_id = \n"),
    ("key-with-space", "[default]\ntoken id = 1\n"),
    ("key-with-dollar", "[default]\ntoken$id = 1\n"),
    ("unterminated-quoted-key", '[default]\n"token_id = 1\n'),
    ("unterminated-basic-string", '[default]\ntoken_id = "abc\n'),
    ("unterminated-literal-string", "[default]\ntoken_id = 'abc\n"),
    ("unterminated-multiline-string", '[default]\ntoken_id = """abc\n'),
    ("unterminated-inline-table", "[default]\nx = {a = 1\n"),
    ("two-strings-one-value", '[default]\ntoken_id = "a" "b"\n'),
    ("two-keys-one-line", "[default]\nx = 1 y = 2\n"),
    ("bool-capitalised", "[default]\nforce_build = True\n"),
    ("bool-truncated", "[default]\nforce_build = tru\n"),
    ("bare-word-value", "[default]\nenvironment = main\n"),
    ("int-leading-zero", "[default]\nlogs_timeout = 05\n"),
    ("int-double-underscore", "[default]\nlogs_timeout = 1__0\n"),
    ("int-trailing-underscore", "[default]\nlogs_timeout = 1_\n"),
    ("int-leading-underscore", "[default]\nlogs_timeout = _1\n"),
    ("float-leading-dot", "[default]\nlogs_timeout = .5\n"),
    ("float-trailing-dot", "[default]\nlogs_timeout = 5.\n"),
    ("float-exponent-missing-digits", "[default]\nlogs_timeout = 1.5e\n"),
    ("sign-only", "[default]\nlogs_timeout = -\n"),
    ("datetime-no-seconds-z", "[default]\nenvironment = 1979-05-27T07:32Z\n"),
    ("date-invalid-month", "[default]\nenvironment = 1979-13-01\n"),
    ("date-invalid-day", "[default]\nenvironment = 1979-02-30\n"),
    ("datetime-invalid-hour", "[default]\nenvironment = 1979-05-27T25:00:00\n"),
    ("time-invalid-hour", "[default]\nenvironment = 24:00:00\n"),
    ("time-invalid-second", "[default]\nenvironment = 07:32:60\n"),
    ("duplicate-key", '[default]\ntoken_id = "a"\ntoken_id = "b"\n'),
    ("duplicate-key-inline-table", "[default]\nx = {a = 1, a = 2}\n"),
    ("duplicate-table", '[default]\ntoken_id = "a"\n[default]\ntoken_secret = "b"\n'),
    ("duplicate-table-non-adjacent", "[a]\nx = 1\n[b]\nx = 2\n[a]\n"),
    ("duplicate-subtable", "[a.b]\n[a.b]\n"),
    ("dotted-key-then-table", 'default.token_id = "a"\n[default]\n'),
    ("key-then-subtable", "[a]\nb = 1\n[a.b]\n"),
    ("dotted-key-then-subtable", "[a]\nb.c = 1\n[a.b]\n"),
    ("table-then-array-of-tables", "[a]\nx = 1\n[[a]]\n"),
    ("array-of-tables-then-table", "[[a]]\n[a]\n"),
    ("subarray-then-subtable", "[p]\n[[p.x]]\n[p.x]\n"),
    ("mixed-array-int-string", '[default]\nx = [1, "a"]\n'),
    ("mixed-array-int-float", "[default]\nx = [1, 2.0]\n"),
    ("mixed-array-bool-int", "[default]\nx = [true, 1]\n"),
    ("mixed-array-int-array", "[default]\nx = [1, [2]]\n"),
    ("mixed-array-array-inline", "[default]\nx = [[1], {a = 1}]\n"),
    ("mixed-array-string-inline", '[default]\nx = ["a", {a = 1}]\n'),
    ("mixed-array-date-time", "[default]\nx = [1979-05-27, 07:32:00]\n"),
    ("escape-q-reserved", '[default]\ntoken_id = "a\\qb"\n'),
    ("escape-slash-reserved", '[default]\ntoken_id = "a\\/b"\n'),
    ("escape-space-reserved", '[default]\ntoken_id = "a\\ b"\n'),
    ("escape-surrogate", '[default]\ntoken_id = "\\ud800"\n'),
    ("toml11-escape-e", '[default]\ntoken_id = "\\e[0m"\n'),
    ("toml11-escape-x", '[default]\ntoken_id = "\\x41"\n'),
    ("toml11-inline-table-newline", "[default]\nx = {a = 1,\n  b = 2}\n"),
    ("toml11-inline-table-trailing-comma", "[default]\nx = {a = 1,}\n"),
    ("toml11-time-without-seconds", "[default]\nenvironment = 07:32\n"),
    ("toml11-datetime-without-seconds", "[default]\nenvironment = 1979-05-27T07:32\n"),
    ("literal-key-bad-escape", "[default]\n'C:\\ws' = 1\n"),
    ("literal-key-bad-escape-inline-profile", "'C:\\ws' = { token_id = \"x\" }\n"),
    ("literal-value-then-garbage", "[default]\ntoken_id = 'a' b\n"),
]
for slug, text in MALFORMED:
    case("malformed-" + slug, text)

# Things toml 0.10.2 accepts although they look broken (§12)
case("accepted-unterminated-array-at-eof", "[default]\nenvironment = [1, 2")
case("accepted-array-double-comma", "[default]\nenvironment = [1,,2]\n")
case("accepted-dotted-key-trailing-dot", "[default]\ntoken_id. = 1\n")
case("accepted-array-inline-then-scalar", "[default]\nenvironment = [{a = 1}, 2]\n")
case("accepted-array-inline-then-string", '[default]\nenvironment = [{a = 1}, "s", {b = 3}]\n')
case("accepted-array-inline-then-array", "[default]\nenvironment = [{a = 1}, [1]]\n")
case("accepted-array-empty-string", '[default]\nenvironment = [""]\n')
case("accepted-array-escaped-quote", '[default]\nenvironment = ["a\\"b"]\n')
case("accepted-array-nested-mixed-inner", '[default]\nenvironment = [[1, 2], ["a"]]\n')
case("accepted-array-trailing-comma-comments", '[default]\nenvironment = [\n  "a#b", # c\n  "d",\n]\n')
case("accepted-array-of-inline-tables", '[default]\nenvironment = [ {a = 1}, {a = "x"} , ]\n')
case("accepted-array-empty-and-nested-empty", "[default]\nenvironment = [[], [1]]\ntoken_id = []\n")
case("accepted-array-multiline-strings", "[default]\nenvironment = [\"a\", 'b', \"\"\"c\"\"\"]\n")
case("accepted-raw-control-u0001", '[default]\ntoken_id = "a\x01b"\n')
case("accepted-raw-control-esc-literal", "[default]\ntoken_id = 'a\x1b[0m'\n")
case("accepted-raw-control-del", '[default]\ntoken_id = "a\x7fb"\n')
case("raw-cr-in-string-universal-newlines", '[default]\ntoken_id = "a\rb"\n')
case("accepted-raw-control-multiline", '[default]\ntoken_id = """a\x01b"""\n')
case("accepted-raw-control-in-key", '[default]\n"a\x01" = 1\ntoken_id = "k"\n')
case("accepted-raw-control-in-header", '["a\x01"]\nactive = true\ntoken_id = "k"\n')
case("accepted-leading-control-string", '[default]\ntoken_id = "\\u001b[0m"\n')
case("accepted-empty-key-in-table", '[default]\n"" = 1\ntoken_id = "k"\n')
case("accepted-lowercase-z-datetime", "[default]\nenvironment = 1979-05-27T07:32:00z\n")
case("accepted-dot-z-datetime", "[default]\nenvironment = 1979-05-27T07:32:00.Z\n")
case("accepted-offset-without-colon", "[default]\nenvironment = 1979-05-27T07:32:00+0100\n")
case("accepted-inf-nan-any-case", "[default]\nlogs_timeout = Inf\nserve_timeout = NAN\nvolume_block_read_timeout = -iNf\n")
case("accepted-negative-zero-float", "[default]\nlogs_timeout = -0.0\nserve_timeout = +0.0\nenvironment = -0.0\n")
case("accepted-float-overflow-to-inf", "[default]\nlogs_timeout = 1e400\nenvironment = 1e400\n")
case("accepted-big-ints", "[default]\ntoken_id = 9223372036854775808\nenvironment = -9223372036854775809\nimage_id = 99999999999999999999999\n")
case("accepted-underscored-numbers", "[default]\nlogs_timeout = 1_000\nserve_timeout = 1_000.5\nvolume_block_read_timeout = 1_0e2\n")
case("accepted-multiline-strings", "[default]\ntoken_id = \"\"\"\nak-\\\n   multi\"\"\"\ntoken_secret = '''\nas-'x'\nline2'''\n")
case("accepted-comments-everywhere", '# top\n[default] # after header\ntoken_id = "ak-c" # after value\nenvironment = "#not-a-comment"\n')
case("accepted-whitespace-in-header", '[ default ]\ntoken_id = "ak-ws"\n')
case("raw-cr-only-in-literal-string", "[default]\ntoken_id = 'a\rb'\n")
case("raw-crlf-inside-multiline-string", '[default]\ntoken_id = """a\r\nb"""\n')

# Numbers: hex/oct/bin are read only with whitespace after `=`; `key=value` (no space) must be
# float()-parseable, a date/time, quoted, an array/inline table or true/false (§12 differs)
NUMBERS = [
    ("hex-spaced", "environment = 0x1F"),
    ("hex-no-space", "environment=0x1F"),
    ("hex-space-before-eq-only", "environment =0x1F"),
    ("hex-space-after-eq-only", "environment= 0x1F"),
    ("hex-underscore-spaced", "environment = 0xDEAD_BEEF"),
    ("hex-lowercase-spaced", "environment = 0xff"),
    ("octal-spaced", "environment = 0o17"),
    ("octal-no-space", "environment=0o17"),
    ("binary-spaced", "environment = 0b101"),
    ("binary-no-space", "environment=0b101"),
    ("hex-logs-timeout-spaced", "logs_timeout = 0x1F"),
    ("hex-logs-timeout-no-space", "logs_timeout=0x1F"),
    ("negative-hex-spaced", "environment = -0x10"),
    ("int-no-space", "environment=42"),
    ("float-no-space", "environment=1.5"),
    ("inf-no-space", "environment=inf"),
    ("nan-no-space", "environment=nan"),
    ("bool-no-space", "environment=true"),
    ("string-no-space", 'environment="x"'),
    ("date-no-space", "environment=1979-05-27"),
    ("time-no-space", "environment=07:32:00"),
    ("array-no-space", "environment=[1]"),
    ("inline-table-no-space", "environment={a=1}"),
    ("underscore-no-space", "environment=1_000"),
    ("exponent-spaced", "environment = 6.626e-34"),
    ("exponent-upper-plus", "environment = 1E+2"),
    ("negative-int", "environment = -17"),
    ("plus-int", "environment = +17"),
    ("negative-zero-int", "environment = -0"),
    ("float-with-underscore", "environment = 9_224_617.445_991"),
    ("image-builder-version-float", "image_builder_version = 2024.10"),
]
for slug, line in NUMBERS:
    case("number-" + slug, f"[default]\n{line}\n")

# Local times: fractional seconds are mangled by toml 0.10.2 (datetimes are fine)
for slug, val in [("1-digit", "07:32:00.5"), ("2-digits", "07:32:00.25"), ("3-digits", "07:32:00.123"),
                  ("4-digits", "07:32:00.1234"), ("6-digits", "07:32:00.123456"),
                  ("9-digits", "07:32:00.123456789"), ("midnight", "00:00:00")]:
    case(f"time-fraction-{slug}", f"[default]\nenvironment = {val}\n")
for slug, val in [("1-digit", "1979-05-27T07:32:00.5"), ("9-digits-offset", "1979-05-27T07:32:00.123456789Z"),
                  ("space-separator-fraction", "1979-05-27 07:32:00.25+01:00"),
                  ("lowercase-t", "1979-05-27t07:32:00")]:
    case(f"datetime-fraction-{slug}", f"[default]\nenvironment = {val}\n")

# ---------------------------------------------------------------------------------------------
# Quoted table names (§12): no escape decoding in headers
# ---------------------------------------------------------------------------------------------
HEADERS = [
    ("basic-space", '["my prof"]'),
    ("literal-space", "['my prof']"),
    ("basic-dot", '["a.b"]'),
    ("literal-dot", "['a.b']"),
    ("basic-tab-escape", '["tab\\tname"]'),
    ("basic-unicode-escape", '["a\\u00e9"]'),
    ("basic-double-backslash", '["a\\\\b"]'),
    ("literal-backslash", "['C:\\ws']"),
    ("literal-double-quote", "['a\"b']"),
    ("basic-unicode-raw", '["é-prof"]'),
    ("basic-hash", '["#x"]'),
    ("basic-close-bracket", '["a]b"]'),
    ("basic-equals", '["a=b"]'),
    ("basic-single-quote", "[\"it's\"]"),
    ("quoted-bare-name", '["default"]'),
    ("spaced-quoted", '[ "default" ]'),
]
for slug, header in HEADERS:
    case("header-" + slug, f'{header}\nactive = true\ntoken_id = "ak-{slug}"\n')
case("header-dotted-quoted-part", '[a."b.c"]\nx = 1\n[d]\nactive = true\n')
case("header-dotted-literal-part", "[a.'b']\nx = 1\n")
case("header-quoted-first-part-dotted", '["a b".c]\nx = 1\n')
case("header-spaced-dots", "[ a . b ]\nx = 1\n[default]\ntoken_id = \"k\"\n")
case("header-raw-escape-selected-by-env", '["a\\u00e9"]\ntoken_id = "ak-raw"\n', {"MODAL_PROFILE": "a\\u00e9"})
case("header-raw-escape-env-decoded-misses", '["a\\u00e9"]\ntoken_id = "ak-raw"\n', {"MODAL_PROFILE": "aé"})
case("header-case-sensitive-profiles", "[p]\nactive = true\ntoken_id = \"lower\"\n[P]\nactive = true\ntoken_id = \"upper\"\n")

# ---------------------------------------------------------------------------------------------
# Quoted keys (§12): short escapes decoded even in literal keys, \u kept raw
# ---------------------------------------------------------------------------------------------
case("key-basic-quoted-token-id", '[default]\n"token_id" = "ak-q"\n')
case("key-literal-quoted-token-id", "[default]\n'token_id' = \"ak-lq\"\n")
case("key-unicode-escape-raw", '[default]\n"token\\u005fid" = "ak-esc"\n')
case("key-unicode-escape-and-plain", '[default]\n"token\\u005fid" = "ak-esc"\ntoken_id = "ak-plain"\n')
case("key-literal-tab-escape", "[default]\n'a\\tb' = 1\ntoken_id = \"k\"\n")
case("key-basic-tab-escape", '[default]\n"a\\tb" = 1\n')
case("key-literal-escaped-quote", "[default]\n'a\\\"b' = 1\n")
case("key-literal-double-backslash", "[default]\n'a\\\\b' = 1\n")
case("key-literal-newline-escape", "[default]\n'\\n' = 1\n")
case("key-basic-dotted-quoted", '[default]\n"token_id.x" = 1\n')
case("key-dotted-with-quoted-part", '[default]\na."b.c" = 1\n')
case("key-inline-table-quoted", 'default = { "token_id" = "ak-iq", \'environment\' = "e" }\n')
case("key-basic-escaped-setting-name", '[default]\n"log\\u005fpattern" = "plain"\n')
case("key-literal-and-basic-tab-collide", "[default]\n'a\\tb' = 1\n\"a\\tb\" = 2\n")
case("key-quoted-and-bare-collide", '[default]\n"token_id" = "a"\ntoken_id = "b"\n')
case("header-literal-and-basic-tab-collide", "['a\\tb']\nx = 1\n[\"a\\tb\"]\ny = 2\n")
# Top-level quoted keys name inline-table profiles: their decoding becomes visible in `profiles`
TOP_KEYS = [
    ("literal-tab-escape", "'tab\\tname'"),
    ("basic-tab-escape", '"tab\\tname"'),
    ("basic-unicode-escape", '"a\\u00e9"'),
    ("literal-unicode-escape", "'a\\u00e9'"),
    ("literal-double-backslash", "'a\\\\b'"),
    ("basic-escaped-quote", '"a\\"b"'),
    ("literal-escaped-quote", "'a\\\"b'"),
    ("basic-dot", '"a.b"'),
    ("basic-space", '"my prof"'),
    ("basic-newline-escape", '"a\\nb"'),
]
for slug, key in TOP_KEYS:
    case("toplevel-key-" + slug, f'{key} = {{ active = true, token_id = "ak-{slug}" }}\n')
case("toplevel-dotted-quoted-tab-raw", '"tab\\tname".token_id = "ak-dq"\n"tab\\tname".active = true\n')
case("toplevel-dotted-literal-tab-raw", "'tab\\tname'.token_id = \"ak-dl\"\n'tab\\tname'.active = true\n")
case("toplevel-dotted-quoted-setting", 'default."token_id" = "ak-dqs"\n')

# Dotted keys inside a profile
case("dotted-key-setting-is-table", "[default]\ntoken_id.x = 1\n")
case("dotted-header-setting-is-table", "[default.token_id]\nx = 1\n")
case("dotted-header-array-of-tables", "[default]\ntoken_id = \"k\"\n[[default.items]]\nx = 1\n[[default.items]]\nx = 2\n")
case("dotted-header-creates-profile", "[a.b]\nx = 1\n")
case("dotted-header-active-in-subtable", "[a.b]\nactive = true\n")
case("dotted-header-profile-order", "[x.y]\nz = 1\n[w]\nactive = true\ntoken_id = \"w\"\n[x]\nactive = true\ntoken_id = \"x\"\n")
case("dotted-top-key-active", 'a.active = true\na.token_id = "ak-a"\n[b]\ntoken_id = "ak-b"\n')

# ---------------------------------------------------------------------------------------------
# Profile choice (§3) and the check (§7)
# ---------------------------------------------------------------------------------------------
case("lone-nondefault-profile", '[prod]\ntoken_id = "ak-prod"\ntoken_secret = "as-prod"\n')
case("lone-nondefault-active-false", '[prod]\nactive = false\ntoken_id = "ak-prod"\n')
case("lone-nondefault-active-true", '[prod]\nactive = true\ntoken_id = "ak-prod"\n')
case("default-and-other-no-active", '[default]\ntoken_id = "ak-d"\n[other]\ntoken_id = "ak-o"\n')
case("two-nondefault-no-active", '[a]\ntoken_id = "ak-a"\n[b]\ntoken_id = "ak-b"\n')
case("two-nondefault-all-false", '[a]\nactive = false\n[b]\nactive = false\n')
case("two-active-first-wins", '[a]\nactive = true\ntoken_id = "ak-a"\n[b]\nactive = true\ntoken_id = "ak-b"\n')
case("three-active", "[a]\nactive = true\n[b]\nactive = true\n[c]\nactive = true\n")
case("active-second-first-false", '[a]\nactive = false\ntoken_id = "ak-a"\n[b]\nactive = true\ntoken_id = "ak-b"\n')
ACTIVE_VALUES = [
    ("string-true", '"true"'),
    ("int-1", "1"),
    ("int-2", "2"),
    ("int-0", "0"),
    ("int-minus-1", "-1"),
    ("float-1", "1.0"),
    ("float-1-5", "1.5"),
    ("float-0-5", "0.5"),
    ("array-true", "[true]"),
    ("inline-table", "{}"),
    ("date", "1979-05-27"),
    ("datetime-offset", "1979-05-27T07:32:00Z"),
    ("nan", "nan"),
    ("inf", "inf"),
]
for slug, val in ACTIVE_VALUES:
    case(f"active-{slug}-lone", f'[prod]\nactive = {val}\ntoken_id = "ak-prod"\n')
case("active-int-1-two-profiles", '[a]\nactive = 1\ntoken_id = "ak-a"\n[b]\ntoken_id = "ak-b"\n')
case("active-string-true-with-real-active", '[a]\nactive = "true"\n[b]\nactive = true\ntoken_id = "ak-b"\n')
case("active-true-plus-int-1", '[a]\nactive = true\n[b]\nactive = 1\n')
case("active-true-plus-minus-1", '[default]\nactive = true\ntoken_id = "ak-d"\n[x]\nactive = -1\n')
case("active-true-plus-minus-1-profile-env", '[default]\nactive = true\n[x]\nactive = -1\n', {"MODAL_PROFILE": "x"})
case("active-subtable-lone", '[prod]\ntoken_id = "ak-prod"\n[prod.active]\nx = 1\n')
case("active-array-of-tables-lone", '[prod]\ntoken_id = "ak-prod"\n[[prod.active]]\nx = 1\n')
case("active-inline-table-profile", 'a = { token_id = "ak-a" }\nb = { active = true, token_id = "ak-b" }\n')
case("active-in-default-ignored-when-env", '[default]\nactive = true\ntoken_id = "ak-d"\n[prod]\ntoken_id = "ak-p"\n', {"MODAL_PROFILE": "prod"})

case("modal-profile-existing", TWO, {"MODAL_PROFILE": "prod"})
case("modal-profile-missing", TWO, {"MODAL_PROFILE": "staging"})
case("modal-profile-empty", TWO, {"MODAL_PROFILE": ""})
case("modal-profile-case-mismatch", TWO, {"MODAL_PROFILE": "Prod"})
case("modal-profile-whitespace", TWO, {"MODAL_PROFILE": " prod"})
case("modal-profile-default-no-file", None, {"MODAL_PROFILE": "default"})
case("modal-profile-missing-no-file", None, {"MODAL_PROFILE": "ghost"})
case("modal-profile-default-two-inactive", '[default]\ntoken_id = "ak-d"\n[b]\ntoken_id = "ak-b"\n', {"MODAL_PROFILE": "default"})
case("modal-profile-other-two-inactive", '[a]\ntoken_id = "ak-a"\n[b]\ntoken_id = "ak-b"\n', {"MODAL_PROFILE": "b"})
case("modal-profile-empty-two-inactive", '[a]\ntoken_id = "ak-a"\n[b]\ntoken_id = "ak-b"\n', {"MODAL_PROFILE": ""})
case("modal-profile-selects-inline-profile", 'a = { token_id = "ak-a", logs_timeout = 2 }\n', {"MODAL_PROFILE": "a"})
case("modal-profile-selects-subtable-profile", "[a.b]\nx = 1\n", {"MODAL_PROFILE": "a"})
case("modal-profile-two-active", '[a]\nactive = true\n[b]\nactive = true\ntoken_id = "ak-b"\n', {"MODAL_PROFILE": "b"})
case("modal-profile-with-active-string", '[a]\nactive = "yes"\ntoken_id = "ak-a"\n', {"MODAL_PROFILE": "a"})

# ---------------------------------------------------------------------------------------------
# Env precedence (§5): present-even-if-empty, exact names
# ---------------------------------------------------------------------------------------------
FULL = (
    "[default]\n"
    'server_url = "https://file.example"\n'
    'token_id = "ak-file"\n'
    'token_secret = "as-file"\n'
    'environment = "file-env"\n'
    "logs_timeout = 7\n"
    "force_build = true\n"
    "max_throttle_wait = 5\n"
    'default_cloud = "aws"\n'
    'dev_suffix = "file"\n'
    'payload_format = "cbor"\n'
    'build_validation = "warn"\n'
    'override_headers = "a:b"\n'
    "serve_timeout = 9\n"
    "async_warnings = false\n"
)
case("file-values-full", FULL)
case(
    "env-empty-overrides-everything",
    FULL,
    {
        "MODAL_SERVER_URL": "",
        "MODAL_TOKEN_ID": "",
        "MODAL_TOKEN_SECRET": "",
        "MODAL_ENVIRONMENT": "",
        "MODAL_LOGS_TIMEOUT": "",
        "MODAL_FORCE_BUILD": "",
        "MODAL_MAX_THROTTLE_WAIT": "",
        "MODAL_DEFAULT_CLOUD": "",
        "MODAL_DEV_SUFFIX": "",
        "MODAL_PAYLOAD_FORMAT": "",
        "MODAL_BUILD_VALIDATION": "",
        "MODAL_OVERRIDE_HEADERS": "",
        "MODAL_SERVE_TIMEOUT": "",
        "MODAL_ASYNC_WARNINGS": "",
        "MODAL_LOG_FORMAT": "",
        "MODAL_LOG_PATTERN": "",
        "MODAL_SANDBOX_V2": "",
        "MODAL_USE_CONTROL_PLANE_SIDECAR_CREATE": "",
        "MODAL_STREAMS_URL": "",
        "MODAL_CUDA_CHECKPOINT_PATH": "",
        "MODAL_OAUTH_JWT_KEY": "",
        "MODAL_SYNC_ENTRYPOINT": "",
    },
)
case("env-empty-loglevel", BASIC, {"MODAL_LOGLEVEL": ""})
case("env-empty-heartbeat-interval", BASIC, {"MODAL_HEARTBEAT_INTERVAL": ""})
case(
    "env-overrides-file",
    FULL,
    {
        "MODAL_SERVER_URL": "https://env.example",
        "MODAL_TOKEN_ID": "ak-env",
        "MODAL_ENVIRONMENT": "env-env",
        "MODAL_LOGS_TIMEOUT": "1",
        "MODAL_FORCE_BUILD": "0",
        "MODAL_MAX_THROTTLE_WAIT": "0",
        "MODAL_DEFAULT_CLOUD": "gcp",
        "MODAL_PAYLOAD_FORMAT": "PICKLE",
    },
)
case("env-no-file", None, {"MODAL_TOKEN_ID": "ak-env", "MODAL_TOKEN_SECRET": "as-env", "MODAL_LOGS_TIMEOUT": "2.5"})
case("env-lowercase-name-ignored", BASIC, {"modal_token_id": "ak-lower", "Modal_Token_Id": "ak-mixed", "MODAL_token_id": "ak-m2"})
case("env-non-setting-vars-ignored", BASIC, {"MODAL_ACTIVE": "1", "MODAL_AUTOMOUNT": "0", "MODAL_WORKSPACE": "w", "MODAL_TOKEN": "x"})
case("env-oauth-all", None, {
    "MODAL_OAUTH_REFRESH_TOKEN": "rt",
    "MODAL_OAUTH_CLIENT_ID": "oc-1",
    "MODAL_OAUTH_CLIENT_SECRET": "ov-1",
    "MODAL_OAUTH_JWT_KEY": "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n",
})
case("env-internal-keys", None, {
    "MODAL_STREAMS_URL": "https://s",
    "MODAL_SYNC_ENTRYPOINT": "1",
    "MODAL_FUNCTION_RUNTIME": "gvisor",
    "MODAL_FUNCTION_RUNTIME_DEBUG": "1",
    "MODAL_RUNTIME_PERF_RECORD": "true",
    "MODAL_USE_CONTROL_PLANE_SIDECAR_CREATE": "false",
    "MODAL_WORKER_ID": "w-1",
    "MODAL_TASK_ID": "ta-1",
    "MODAL_IMAGE_ID": "im-1",
    "MODAL_CUDA_CHECKPOINT_PATH": "/x",
    "MODAL_RESTORE_STATE_PATH": "/y",
    "MODAL_SNAPSHOT_DEBUG": "yes",
    "MODAL_HEARTBEAT_INTERVAL": "3",
})
case("file-internal-keys", prof(
    'streams_url = "https://s"\nsync_entrypoint = true\nfunction_runtime = "runc"\nfunction_runtime_debug = 1\n'
    "runtime_perf_record = 0\nuse_control_plane_sidecar_create = false\nworker_id = 5\ntask_id = \"ta\"\n"
    'image_id = "im"\ncuda_checkpoint_path = "/c"\nrestore_state_path = "/r"\nsnapshot_debug = "0"\nheartbeat_interval = 2\n'
))
case("env-values-with-newlines", BASIC, {"MODAL_TOKEN_ID": "ak\nx", "MODAL_ENVIRONMENT": " spaced "})

# Unknown / uppercase / retired / deprecated keys (§4, §10)
case("unknown-keys-ignored", prof('workspace = "ws"\ntoken-id = "dash"\nTOKEN_ID = "upper"\nToken_Id = "mixed"\nautomount = true\ntoken_id = "real"\n'))
case("uppercase-key-only", prof('TOKEN_ID = "upper"\nLOGLEVEL = "nonsense"\n'))
case("retired-automount", prof("automount = false\n"))
case("retired-automount-env", BASIC, {"MODAL_AUTOMOUNT": "false"})
case("deprecated-keys-file", prof('async_warnings = false\ndefault_cloud = "oci"\n'))
case("deprecated-keys-env", None, {"MODAL_ASYNC_WARNINGS": "0", "MODAL_DEFAULT_CLOUD": "aws"})
case("deprecated-keys-in-other-profile", '[default]\n[x]\nasync_warnings = false\n')

# ---------------------------------------------------------------------------------------------
# float() transform (§5): logs_timeout / serve_timeout / sandbox_channel_idle_timeout /
# volume_block_read_timeout (heartbeat_interval is import-time, see below)
# ---------------------------------------------------------------------------------------------
FLOAT_ENV = [
    ("int", "5"),
    ("decimal", "2.5"),
    ("spaces", " 7 "),
    ("tab-newline", "\t3\n"),
    ("underscore", "1_000"),
    ("double-underscore", "1__0"),
    ("leading-underscore-digit", "0_1"),
    ("inf", "inf"),
    ("neg-infinity", "-Infinity"),
    ("nan", "nan"),
    ("nan-upper", "NaN"),
    ("exponent", "1e3"),
    ("exponent-overflow", "1e400"),
    ("leading-dot", ".5"),
    ("trailing-dot", "5."),
    ("plus", "+5"),
    ("neg-zero", "-0"),
    ("arabic-indic-digits", "١٠"),
    ("fullwidth-digits", "１２"),
    ("hex", "0x10"),
    ("abc", "abc"),
    ("empty", ""),
    ("spaces-only", "  "),
    ("comma-decimal", "1,5"),
    ("unicode-minus", "\u22121"),
    ("nbsp-around", "\u00a05\u00a0"),
]
for slug, val in FLOAT_ENV:
    case(f"float-env-logs-timeout-{slug}", BASIC, {"MODAL_LOGS_TIMEOUT": val})
case("float-env-all-four", None, {
    "MODAL_LOGS_TIMEOUT": "1",
    "MODAL_SERVE_TIMEOUT": "2",
    "MODAL_SANDBOX_CHANNEL_IDLE_TIMEOUT": "x",
    "MODAL_VOLUME_BLOCK_READ_TIMEOUT": "-4.5",
})
FLOAT_FILE = [
    ("int", "5"),
    ("float", "1.5"),
    ("string-int", '"5"'),
    ("string-spaces", '" 7 "'),
    ("string-abc", '"abc"'),
    ("string-empty", '""'),
    ("bool-true", "true"),
    ("bool-false", "false"),
    ("inf", "inf"),
    ("nan", "nan"),
    ("neg-inf", "-inf"),
    ("array", "[1]"),
    ("inline-table", "{a = 1}"),
    ("datetime-offset", "1979-05-27T07:32:00Z"),
    ("datetime-local", "1979-05-27T07:32:00"),
    ("date", "1979-05-27"),
    ("time", "07:32:00"),
    ("string-fullwidth", '"１２"'),
    ("big-int", "99999999999999999999999"),
]
for slug, val in FLOAT_FILE:
    case(f"float-file-logs-timeout-{slug}", prof(f"logs_timeout = {val}"))
case("float-file-logs-timeout-subtable", "[default]\n[default.logs_timeout]\na = 1\n")
case("float-file-logs-timeout-dotted-key-table", "[default]\nlogs_timeout.a = 1\n")
case("headers-file-subtable", '[default.override_headers]\na = "b"\n')
case("float-file-all-four", prof("logs_timeout = 1\nserve_timeout = 2.0\nsandbox_channel_idle_timeout = \"x\"\nvolume_block_read_timeout = -4\n"))
case("float-defaults-are-ints", None)

# ---------------------------------------------------------------------------------------------
# boolean transform (§5)
# ---------------------------------------------------------------------------------------------
BOOL_ENV = [
    ("0", "0"), ("1", "1"), ("false", "false"), ("FALSE", "FALSE"), ("False", "False"),
    ("true", "true"), ("empty", ""), ("no", "no"), ("off", "off"), ("space-0", " 0"),
    ("0-space", "0 "), ("0.0", "0.0"), ("yes", "yes"), ("false-space", "false "), ("00", "00"),
    ("fullwidth-0", "０"), ("none", "None"),
]
for slug, val in BOOL_ENV:
    case(f"bool-env-force-build-{slug}", None, {"MODAL_FORCE_BUILD": val})
BOOL_FILE = [
    ("true", "true"), ("false", "false"), ("int-0", "0"), ("int-1", "1"), ("int-minus-0", "-0"),
    ("float-0", "0.0"), ("float-neg-0", "-0.0"), ("string-0", '"0"'), ("string-false", '"false"'),
    ("string-FALSE", '"FALSE"'), ("string-empty", '""'), ("string-no", '"no"'), ("empty-array", "[]"),
    ("empty-table", "{}"), ("array-false", "[false]"), ("date", "1979-05-27"), ("nan", "nan"), ("inf", "inf"),
]
for slug, val in BOOL_FILE:
    case(f"bool-file-force-build-{slug}", prof(f"force_build = {val}"))
case("bool-all-keys-file", prof(
    "sandbox_v2 = false\nasync_warnings = 0\ntraceback = 1\nforce_build = \"no\"\nignore_cache = \"false\"\n"
    "disable_api_proxy = 0.0\nfunction_runtime_debug = \"\"\nruntime_perf_record = []\n"
    "use_control_plane_sidecar_create = \"False\"\nsnapshot_debug = true\n"
))
case("bool-all-keys-env", None, {
    "MODAL_SANDBOX_V2": "0",
    "MODAL_TRACEBACK": "1",
    "MODAL_IGNORE_CACHE": "False",
    "MODAL_DISABLE_API_PROXY": "on",
    "MODAL_FUNCTION_RUNTIME_DEBUG": "",
    "MODAL_RUNTIME_PERF_RECORD": "0",
    "MODAL_USE_CONTROL_PLANE_SIDECAR_CREATE": "FALSE",
    "MODAL_SNAPSHOT_DEBUG": "true",
})

# ---------------------------------------------------------------------------------------------
# max_throttle_wait (§5)
# ---------------------------------------------------------------------------------------------
MTW_FILE = [
    ("int-0", "0"), ("int-5", "5"), ("int-neg", "-3"), ("false", "false"), ("true", "true"),
    ("string-empty", '""'), ("string-0", '"0"'), ("string-5", '"5"'), ("string-1.9", '"1.9"'),
    ("float-0", "0.0"), ("float-1.9", "1.9"), ("float-neg-0.5", "-0.5"), ("inf", "inf"), ("nan", "nan"),
    ("empty-array", "[]"), ("array", "[1]"), ("empty-table", "{}"), ("date", "1979-05-27"),
    ("string-spaces", '" 3 "'),
]
for slug, val in MTW_FILE:
    case(f"mtw-file-{slug}", prof(f"max_throttle_wait = {val}"))
MTW_ENV = [
    ("0", "0"), ("5", "5"), ("1.9", "1.9"), ("spaces", " 3 "), ("underscore", "1_0"), ("plus", "+5"),
    ("neg", "-5"), ("arabic-digit", "٣"), ("abc", "abc"), ("hex", "0x10"), ("empty", ""), ("space", " "),
    ("inf", "inf"),
]
for slug, val in MTW_ENV:
    case(f"mtw-env-{slug}", None, {"MODAL_MAX_THROTTLE_WAIT": val})

# ---------------------------------------------------------------------------------------------
# choices (§5): payload_format / build_validation
# ---------------------------------------------------------------------------------------------
CHOICE_ENV = [
    ("payload_format", "cbor"), ("payload_format", "CBOR"), ("payload_format", "Pickle"),
    ("payload_format", "json"), ("payload_format", ""), ("payload_format", " cbor"),
    ("build_validation", "WARN"), ("build_validation", "Ignore"), ("build_validation", "none"),
    ("build_validation", "error\n"),
]
for i, (key, val) in enumerate(CHOICE_ENV):
    case(f"choice-env-{key.replace('_', '-')}-{i}", None, {"MODAL_" + key.upper(): val})
CHOICE_FILE = [
    ("payload_format", '"CBOR"'), ("payload_format", "1"), ("payload_format", "true"),
    ("payload_format", '"json"'), ("build_validation", '["warn"]'), ("build_validation", '"IGNORE"'),
    ("build_validation", '""'), ("build_validation", "{}"),
]
for i, (key, val) in enumerate(CHOICE_FILE):
    case(f"choice-file-{key.replace('_', '-')}-{i}", prof(f"{key} = {val}"))

# ---------------------------------------------------------------------------------------------
# dev_suffix (§5)
# ---------------------------------------------------------------------------------------------
SUFFIX_ENV = [
    ("abc", "abc"), ("trailing-newline", "ab\n"), ("two-newlines", "ab\n\n"), ("eight", "abcdefgh"),
    ("nine", "abcdefghi"), ("dash", "a-b"), ("empty", ""), ("unicode-letter", "é"),
    ("arabic-digit", "١"), ("leading-newline", "\nab"), ("space", "ab "),
]
for slug, val in SUFFIX_ENV:
    case(f"suffix-env-{slug}", None, {"MODAL_DEV_SUFFIX": val})
SUFFIX_FILE = [
    ("int-0", "0"), ("false", "false"), ("empty", '""'), ("int-5", "5"), ("true", "true"),
    ("empty-array", "[]"), ("empty-table", "{}"), ("float-0", "0.0"), ("string-ok", '"Dev1"'),
    ("string-newline", '"ab\\n"'), ("array", '["a"]'),
]
for slug, val in SUFFIX_FILE:
    case(f"suffix-file-{slug}", prof(f"dev_suffix = {val}"))

# ---------------------------------------------------------------------------------------------
# override_headers (§5)
# ---------------------------------------------------------------------------------------------
HEADERS_ENV = [
    ("two", "a:b, c : d"), ("colon-in-value", "x:y:z"), ("trailing-comma", "a:b,"),
    ("empty-header", ":b"), ("empty-value", "a:"), ("no-colon", "a"), ("later-wins", "a:b,a:c"),
    ("empty", ""), ("space", " "), ("whitespace-inside", " k e y : v a l "),
]
for slug, val in HEADERS_ENV:
    case(f"headers-env-{slug}", None, {"MODAL_OVERRIDE_HEADERS": val})
HEADERS_FILE = [
    ("string", '"a:b,c:d"'), ("int", "1"), ("table", '{a = "b"}'), ("empty-string", '""'),
    ("empty-array", "[]"), ("false", "false"),
]
for slug, val in HEADERS_FILE:
    case(f"headers-file-{slug}", prof(f"override_headers = {val}"))

# ---------------------------------------------------------------------------------------------
# default_cloud (§5)
# ---------------------------------------------------------------------------------------------
for slug, val in [("empty", ""), ("aws", "aws"), ("zero", "0"), ("space", " ")]:
    case(f"cloud-env-{slug}", None, {"MODAL_DEFAULT_CLOUD": val})
for slug, val in [("int-0", "0"), ("false", "false"), ("string", '"gcp"'), ("int-1", "1"),
                  ("empty-array", "[]"), ("array", '["aws"]'), ("empty-string", '""')]:
    case(f"cloud-file-{slug}", prof(f"default_cloud = {val}"))

# ---------------------------------------------------------------------------------------------
# identity keys keep their TOML type (§5)
# ---------------------------------------------------------------------------------------------
case("identity-types", prof(
    "token_id = 5\ntoken_secret = 1.5\nenvironment = true\nimage_builder_version = 2024.10\n"
    "server_url = [\"a\", \"b\"]\nworker_id = { a = 1, b = [1, 2] }\nlog_pattern = \"\"\n"
    'oauth_client_id = ""\n'
))
case("identity-string-escapes", prof(
    'token_id = "a\\tb\\n\\"q\\"\\\\"\ntoken_secret = \'C:\\Users\\x\'\nenvironment = "\\u00e9\\U0001F600"\n'
))

# ---------------------------------------------------------------------------------------------
# TOML datetimes as values (§5, §12)
# ---------------------------------------------------------------------------------------------
case("datetime-kinds-identity", prof(
    "environment = 1979-05-27T07:32:00Z\n"
    "token_id = 1979-05-27T00:32:00.999999-07:00\n"
    "token_secret = 1979-05-27 07:32:00+05:30\n"
    "image_builder_version = 1979-05-27T07:32:00\n"
    "worker_id = 1979-05-27T07:32:00.5\n"
    "task_id = 1979-05-27\n"
    "image_id = 07:32:00\n"
    "function_runtime = 07:32:00.123456\n"
    "oauth_client_id = 07:32:00.5\n"
    "sync_entrypoint = 1979-05-27T07:32:00.123456789+01:00\n"
))
case("datetime-in-arrays-and-tables", prof(
    "environment = [1979-05-27, 1979-05-28]\n"
    "token_id = [1979-05-27T07:32:00Z, 1979-05-27T07:32:00]\n"
    "worker_id = { when = 1979-05-27T07:32:00-08:00, day = 1979-05-27, at = 07:32:00 }\n"
))
case("datetime-float-transform-errors", prof(
    "logs_timeout = 1979-05-27T07:32:00Z\n"
    "serve_timeout = 1979-05-27T07:32:00\n"
    "sandbox_channel_idle_timeout = 1979-05-27\n"
    "volume_block_read_timeout = 07:32:00\n"
))
case("datetime-other-transforms", prof(
    "force_build = 1979-05-27T07:32:00Z\n"
    "max_throttle_wait = 1979-05-27T07:32:00Z\n"
    "payload_format = 1979-05-27\n"
    "dev_suffix = 07:32:00\n"
    "default_cloud = 1979-05-27T07:32:00\n"
    "override_headers = 1979-05-27\n"
))
case("datetime-offset-negative-zero", prof("environment = 1979-05-27T07:32:00-00:00\n"))

# ---------------------------------------------------------------------------------------------
# Import-time settings (§6): loglevel, log_format, log_pattern, heartbeat_interval
# ---------------------------------------------------------------------------------------------
LOGLEVEL_ENV = [
    ("debug", "debug"), ("warn", "warn"), ("fatal", "fatal"), ("notset", "notset"),
    ("bogus", "Level X"), ("x", "x"), ("empty", ""), ("numeric", "10"), ("dotless-i", "ınfo"),
    ("sharp-s", "ß"), ("leading-space", " info"),
]
for slug, val in LOGLEVEL_ENV:
    case(f"loglevel-env-{slug}", BASIC, {"MODAL_LOGLEVEL": val})
LOGLEVEL_FILE = [
    ("debug", '"debug"'), ("bogus", '"bogus"'), ("int", "10"), ("bool", "true"), ("array", '["INFO"]'),
    ("empty", '""'),
]
for slug, val in LOGLEVEL_FILE:
    case(f"loglevel-file-{slug}", prof(f"loglevel = {val}\ntoken_id = \"k\""))
case("loglevel-file-bad-env-good", prof('loglevel = "bogus"'), {"MODAL_LOGLEVEL": "info"})
case("loglevel-file-bad-other-profile", '[default]\ntoken_id = "k"\n[x]\nloglevel = "bogus"\n')
case("loglevel-file-bad-profile-env-selects", '[default]\n[x]\nloglevel = "bogus"\n', {"MODAL_PROFILE": "x"})
case("loglevel-file-in-missing-profile-ignored", '[x]\nloglevel = "bogus"\n')

LOGFORMAT = [
    ("env-json", None, {"MODAL_LOG_FORMAT": "json"}),
    ("env-Json", None, {"MODAL_LOG_FORMAT": "Json"}),
    ("env-text", None, {"MODAL_LOG_FORMAT": "text"}),
    ("env-empty", None, {"MODAL_LOG_FORMAT": ""}),
    ("file-json", prof('log_format = "json"'), {}),
    ("file-int", prof("log_format = 1"), {}),
    ("file-string", prof('log_format = "string"'), {}),
    ("env-json-and-bad-loglevel", None, {"MODAL_LOG_FORMAT": "JSON", "MODAL_LOGLEVEL": "nope"}),
    ("env-json-and-bad-pattern", None, {"MODAL_LOG_FORMAT": "JSON", "MODAL_LOG_PATTERN": "plain"}),
]
for slug, text, env in LOGFORMAT:
    case("logformat-" + slug, text, env)

LOGPATTERN = [
    ("env-good", None, {"MODAL_LOG_PATTERN": "%(levelname)s %(message)s"}),
    ("env-plain", None, {"MODAL_LOG_PATTERN": "plain text"}),
    ("env-empty", None, {"MODAL_LOG_PATTERN": ""}),
    ("env-unknown-field", None, {"MODAL_LOG_PATTERN": "%(nosuchfield)s"}),
    ("env-missing-conversion", None, {"MODAL_LOG_PATTERN": "%(message)"}),
    ("env-percent-s", None, {"MODAL_LOG_PATTERN": "%s"}),
    ("file-int", prof("log_pattern = 5"), {}),
    ("file-bool", prof("log_pattern = true"), {}),
    ("file-false", prof("log_pattern = false"), {}),
    ("file-empty-array", prof("log_pattern = []"), {}),
    ("file-array", prof('log_pattern = ["%(message)s"]'), {}),
    ("file-plain", prof('log_pattern = "plain"'), {}),
    ("file-good", prof('log_pattern = "%(message)s"'), {}),
    ("bad-loglevel-and-bad-pattern", None, {"MODAL_LOG_PATTERN": "plain", "MODAL_LOGLEVEL": "nope"}),
]
for slug, text, env in LOGPATTERN:
    case("logpattern-" + slug, text, env)

HEARTBEAT = [
    ("env-x", None, {"MODAL_HEARTBEAT_INTERVAL": "x"}),
    ("env-good", None, {"MODAL_HEARTBEAT_INTERVAL": " 5 "}),
    ("env-inf", None, {"MODAL_HEARTBEAT_INTERVAL": "inf"}),
    ("file-x", prof('heartbeat_interval = "x"'), {}),
    ("file-int", prof("heartbeat_interval = 5"), {}),
    ("file-array", prof("heartbeat_interval = []"), {}),
    ("file-bool", prof("heartbeat_interval = true"), {}),
    ("bad-and-bad-loglevel", None, {"MODAL_HEARTBEAT_INTERVAL": "x", "MODAL_LOGLEVEL": "nope"}),
    ("bad-and-bad-logs-timeout", None, {"MODAL_HEARTBEAT_INTERVAL": "x", "MODAL_LOGS_TIMEOUT": "y"}),
]
for slug, text, env in HEARTBEAT:
    case("heartbeat-" + slug, text, env)

# Bad values of non-import-time keys never break the import (§5/§6)
case("all-runtime-keys-bad-env", BASIC, {
    "MODAL_LOGS_TIMEOUT": "a",
    "MODAL_SERVE_TIMEOUT": "b",
    "MODAL_SANDBOX_CHANNEL_IDLE_TIMEOUT": "c",
    "MODAL_VOLUME_BLOCK_READ_TIMEOUT": "d",
    "MODAL_MAX_THROTTLE_WAIT": "e",
    "MODAL_PAYLOAD_FORMAT": "f",
    "MODAL_BUILD_VALIDATION": "g",
    "MODAL_DEV_SUFFIX": "h-h",
    "MODAL_OVERRIDE_HEADERS": "i",
})
case("all-runtime-keys-bad-file", prof(
    'logs_timeout = "a"\nserve_timeout = []\nsandbox_channel_idle_timeout = {}\nvolume_block_read_timeout = "d"\n'
    'max_throttle_wait = "e"\npayload_format = 1\nbuild_validation = 2\ndev_suffix = 3\noverride_headers = 4\n'
))
case("import-error-file-unreadable-wins", "[oops\n", {"MODAL_LOGLEVEL": "nope", "MODAL_HEARTBEAT_INTERVAL": "x"})

# ---------------------------------------------------------------------------------------------
# Realistic multi-profile files
# ---------------------------------------------------------------------------------------------
REAL = (
    "# Modal config\n"
    "[personal]\n"
    'token_id = "ak-personal"\n'
    'token_secret = "as-personal"\n'
    "\n"
    "[work]\n"
    'token_id = "ak-work"\n'
    'token_secret = "as-work"\n'
    'environment = "staging"\n'
    'server_url = "https://api.example.com"\n'
    "active = true\n"
    "\n"
    "[work.extra]\n"
    "note = 1\n"
)
case("realistic-multi-profile", REAL)
case("realistic-multi-profile-env-profile", REAL, {"MODAL_PROFILE": "personal"})
case("realistic-multi-profile-env-token", REAL, {"MODAL_TOKEN_ID": "ak-env", "MODAL_ENVIRONMENT": "prod"})
case("realistic-written-by-client", (
    '[default]\ntoken_id = "ak-1"\ntoken_secret = "as-1"\nactive = true\n\n'
    '["my workspace"]\ntoken_id = "ak-2"\ntoken_secret = "as-2"\n\n'
    "[default.nested]\na = 1\n"
))

# ---------------------------------------------------------------------------------------------
# toml 0.10.2 read step by step (issue 11): every kind a differential run found where a
# TOML parser and the client's reader part ways, minimised (see tools/golden/fuzz.py).
# ---------------------------------------------------------------------------------------------
def _t(name, body, env=None, **kw):
    case("reader-" + name, body, env, **kw)


# The client reads these; a TOML parser refuses them.
_t("unicode-bare-key", '[default]\ncafé = "x"\ntoken_id = "ak-1"\n')
_t("nbsp-before-key", '[default]\n\u00a0token_id = "ak-1"\n')
_t("ideographic-space-after-header", '[default]\u3000\ntoken_id = "ak-1"\n')
_t("unit-separator-after-header", '[default]\u001f\ntoken_id = "ak-1"\n')
_t("em-space-after-value", '[default]\ntoken_id = "ak-1"\u2003\n')
_t("nbsp-inside-header", '[\u00a0default\u00a0]\ntoken_id = "ak-1"\n')
_t("inf-nan-cases", prof("logs_timeout = Inf\nmax_throttle_wait = 1\nx = NaN\ny = -INF\n"))
_t("underscore-hex-prefix", prof("max_throttle_wait = 0x_f\n"))
_t("underscore-before-exponent", prof("logs_timeout = 1_e5\n"))
_t("underscore-after-exponent", prof("logs_timeout = 1e_5\n"))
_t("underscore-in-arrays", prof("environment = [_1]\nimage_id = [1__0]\n"))
_t("loose-ints-in-arrays", prof("environment = [0X10]\nimage_id = [+0x1]\ntask_id = [00]\n"))
_t("float-dot-exponent", prof("logs_timeout = 1.e5\n"))
_t("string-nul-escape", prof('environment = "a\\0b"\n'))
_t("datetime-trailing-dot", prof("environment = 1979-05-27T07:32:00.\n"))
_t("datetime-trailing-junk", prof("environment = 1979-05-27T07:32:00xyz\n"))
_t("datetime-any-separator", prof("environment = 1979-05-27X07:32:00\n"))
_t("datetime-offset-no-colon", prof("environment = 1979-05-27T07:32:00.5+0530\n"))
_t("time-trailing-junk", prof("environment = 07:32:00junk\n"))
_t("int-beyond-64-bits", prof("max_throttle_wait = 99999999999999999999\nlogs_timeout = -99999999999999999999\n"))
_t("float-overflow-inf", prof("logs_timeout = 1e400\n"))
_t("inline-table-as-line", '[default]\n{token_id="ak-1"}\n')
_t("inline-profile-extended-by-header", 'prod = { token_id = "ak-1" }\n[prod.extra]\nx = 1\n')
_t("inline-profile-extended-by-array", 'prod = { token_id = "ak-1" }\n[[prod.s]]\nx = 1\n')
_t("implicit-table-reopened-twice", "[x.w.y]\n[w]\n[w]\n")
_t("raw-unicode-escape-key-beside-plain", '[default]\n"token\\u005fid" = "ak-raw"\ntoken_id = "ak-plain"\n')
_t("raw-unicode-escape-header-beside-plain", '["a\\u00e9"]\nx = 1\n["aé"]\nx = 2\n')
_t("bom-before-key-line", "\ufeffdefault = { token_id = \"ak-1\" }\n")
_t("array-open-at-eof", prof("environment = []\nimage_id = [1, 2"))
_t("double-equals", prof('token_id == "ak-1"\n'))
_t("four-quotes-drop-rest", prof('token_id = """"\nenvironment = "x"\n'))
_t("nan-inf-in-inline-table", 'default = { logs_timeout = nan }\n')
# The client refuses these; a TOML parser reads them.
_t("dotted-key-space-after-dot", 'prod. token_id = "ak-1"\n')
_t("inline-value-inf", "[default]\nx = { logs_timeout = inf }\n")
_t("inline-value-plus", "[default]\nx = { a = +1 }\n")
_t("inline-quoted-key-comma", '[default]\nx = { "a,b" = 1 }\n')
_t("seven-quotes", prof('token_id = """""""\n'))
_t("line-ending-backslash-then-spaces", prof('environment = """a \\\n   b\n  \\\n  c"""\n'))
_t("header-dotted-escaped-quote", '[a."b\\"c"]\nx = 1\n')
# Both read, with different answers.
_t("space-before-dot-in-key", 'prod .token_id = "ak-1"\n')
_t("header-dotted-raw-escape", '[default."b\\tc"]\nx = 1\n')
_t("double-decoded-escapes", prof('environment = "\\u005ct"\nimage_id = "a\\u0022b"\n'))
_t("multiline-after-opening-quotes", prof('environment = """   \n  x"""\n'))
_t("multiline-backslash-whitespace", prof('environment = """a\\\n\n   b"""\n'))
_t("space-after-closing-triple-quote", prof('environment = """a\nb""" \ntoken_id = "ak-1"\n'))
_t("quoted-and-bare-same-header", '["default"]\ntoken_id = "ak-1"\n[default]\nx = 1\n')
_t("env-big-int", BASIC, {"MODAL_MAX_THROTTLE_WAIT": "99999999999999999999"})
_t("date-time-datetime-types", prof("environment = 1979-05-27\nimage_id = 07:32:00\ntask_id = 1979-05-27T07:32:00Z\n"))
# Both refuse, each with its own text: the client's is what users search for.
_t("table-then-array-of-tables", "[x]\n[[x]]\n")
_t("inline-empty-key-and-value", "[default]\nx = {=}\n")
_t("toplevel-scalar-and-error", 'x = 1\n[default]\ntoken_id = "ak-1\n')
_t("header-twice", "[default]\n[default]\n")
_t("key-without-value", "[default]\ntoken_id\n")
# Paths the client does not read as a file.
_t("config-path-trailing-slash", None, {"MODAL_CONFIG_PATH": "$DIR/modal.toml/"},
   extra_files={"modal.toml": '[other]\nactive = true\ntoken_id = "ak-other"\n'})
_t("config-path-dev-null", None, {"MODAL_CONFIG_PATH": "/dev/null"})

# ---------------------------------------------------------------------------------------------
# Minimised mismatches recorded by the differential fuzzer (tools/golden/fuzz.py).
# ---------------------------------------------------------------------------------------------
def _fuzz_cases():
    import json
    import os

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz_cases.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        for c in json.load(f):
            raw = base64.b64decode(c["file_b64"]) if "file_b64" in c else None
            case(c["name"], c["file"], c["env"], extra_files=c.get("extra_files"), file_b64=raw)


_fuzz_cases()
# The credential verdict (`auth_error`, issue 10): what `_Client.from_env` raises before it
# connects.
PAIR = 'token_id = "ak-pair"\ntoken_secret = "as-pair"\n'
OAUTH = 'oauth_refresh_token = "rt-1"\noauth_client_id = "cid-1"\n'
case("auth-pair-ok", prof(PAIR))
case("auth-only-token-id", prof('token_id = "ak-only"'))
case("auth-only-token-secret", prof('token_secret = "as-only"'))
case("auth-no-file", None)
case("auth-pair-plus-env-oauth-client-id", prof(PAIR), {"MODAL_OAUTH_CLIENT_ID": "cid-env"})
case("auth-oauth-no-secret-no-jwt", prof(OAUTH))
case("auth-oauth-with-secret", prof(OAUTH + 'oauth_client_secret = "ov-1"\n'))
case("auth-oauth-with-jwt-key", prof(OAUTH + 'oauth_jwt_key = "-----BEGIN KEY-----"\n'))
case("auth-oauth-secret-and-jwt-key", prof(OAUTH + 'oauth_client_secret = "ov-1"\noauth_jwt_key = "k"\n'))
case("auth-oauth-no-client-id", prof('oauth_refresh_token = "rt-1"\noauth_client_secret = "ov-1"\n'))
case("auth-modal-profile-ghost", prof(PAIR, name="work", active="true"), {"MODAL_PROFILE": "ghost"})
case("auth-modal-profile-ghost-env-pair", prof("x = 1"), {"MODAL_PROFILE": "ghost", "MODAL_TOKEN_ID": "ak-e", "MODAL_TOKEN_SECRET": "as-e"})
case("auth-modal-profile-ghost-no-file", None, {"MODAL_PROFILE": "ghost"})
case("auth-env-id-file-secret", prof('token_secret = "as-file"'), {"MODAL_TOKEN_ID": "ak-env"})
case("auth-empty-env-id-hides-file-id", prof(PAIR), {"MODAL_TOKEN_ID": ""})
case("auth-remote-credentials-ignored", None, {"MODAL_IS_REMOTE": "1", "MODAL_TOKEN_ID": "ak-e"})
case("auth-remote-nothing", None, {"MODAL_IS_REMOTE": "1"})
case("auth-non-string-token-id", prof('token_id = 7\ntoken_secret = "as-x"'))
case("auth-false-token-id", prof('token_id = false\ntoken_secret = "as-x"'))
