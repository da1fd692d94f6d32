"""Golden probe: resolve the Modal configuration with the real client and print ONE JSON object.

Run INSIDE the venv that has `modal==1.6.4`, in a fresh process per case; the orchestrator
(`generate.py`) prepares the environment and the config file. Output contract (it is also
`modalcfg show --json --include-internal --reveal`):

    {"config_path": str, "profile": str|null, "profiles": [str]|null, "active": [str]|null,
     "error": null|str, "check_error": null|str, "auth_error": null|str,
     "settings": null | {KEY: {"value": V, "source": "env"|"file"|"default"}
                             | {"error": str, "source": "env"|"file"}}}

How it works:

1. `import modal` is really attempted (stdout/stderr captured, so the "installation seems
   broken" banner does not pollute our JSON). Any exception becomes `error`.
2. If the import succeeded, `modal.config` is the module we inspect.
   If it failed, every `modal*` module is dropped from `sys.modules` and the real
   `modal/config.py` is executed again with two things neutralised:
     * the `modal` package `__init__` is not run (a bare package module with the real
       `__path__` stands in for it), and
     * `modal._utils.logger` is replaced by a stub whose `configure_logger` does nothing, and
       while the module body runs MODAL_LOGLEVEL / MODAL_LOG_FORMAT are pinned to valid values
       (the body reads both right before calling configure_logger); the real environment is
       restored before any setting is resolved.
   Everything else (`_read_user_config`, `_config_active_profile`, `_profile`, `Config.get`,
   `_SETTINGS`, `_check_config`) is the client's own code. If *that* execution fails, the file
   could not be read: `profiles`, `profile`, `active`, `settings` are null.
3. `auth_error`: the real `_Client.from_env()` is called with its network step (`_Client._open`)
   replaced by a stub that only records "would connect", and with `_check_config` (reported
   as `check_error`) skipped. Whatever it raises before connecting is `auth_error`; null if
   it would connect, or if `import modal` failed (the client never gets there).
4. Each of the 41 settings is read separately with `config.get(key)` (sorted by key), so one
   failing key does not hide the others.

Stdlib only (plus the client itself).
"""

import contextlib
import datetime
import importlib.util
import io
import json
import logging
import math
import os
import re
import sys
import types
import warnings

_ADDR_RE = re.compile(r" at 0x[0-9a-fA-F]+")
_READ_ERROR_PREFIX = "\nError when reading the modal configuration from `"
_IMPORT_TIME_ENV = {"MODAL_LOGLEVEL": "WARNING", "MODAL_LOG_FORMAT": "STRING"}


def _norm(text):
    return _ADDR_RE.sub(" at 0x?", text)


def _fmt_exc(exc):
    return _norm(f"{type(exc).__name__}: {exc}")


def _enc(value):
    """Encode a Python value for the JSON contract (floats stay floats, non-finite and
    date/time objects get tagged objects)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value):
            return {"$float": "nan"}
        if math.isinf(value):
            return {"$float": "inf" if value > 0 else "-inf"}
        return float(value)
    # datetime is a subclass of date: test it first. The tag names the client's type.
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"$time": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_enc(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _enc(v) for k, v in value.items()}
    # Not expected from TOML or the transforms; make it visible rather than crash.
    return {"$repr": _norm(repr(value))}


@contextlib.contextmanager
def _quiet():
    """Swallow anything printed on stdout/stderr and every warning."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield sink


def _load_config_neutralised():
    """Execute the real modal/config.py without the package __init__ and without logger
    configuration. Returns (module, read_exception_or_None)."""
    for name in list(sys.modules):
        if name == "modal" or name.startswith("modal."):
            del sys.modules[name]
    # Make sure loggers touched by the failed import do not print anything.
    logging.getLogger("modal-client").handlers.clear()
    logging.getLogger("modal-utils").handlers.clear()

    pkg_spec = importlib.util.find_spec("modal")
    pkg = types.ModuleType("modal")
    pkg.__path__ = list(pkg_spec.submodule_search_locations)
    pkg.__package__ = "modal"
    pkg.__file__ = pkg_spec.origin
    pkg.__spec__ = pkg_spec
    sys.modules["modal"] = pkg

    import modal._utils  # real (empty) subpackage

    stub = types.ModuleType("modal._utils.logger")

    def configure_logger(logger, log_level, log_format):  # noqa: ARG001 - neutralised
        return None

    stub.configure_logger = configure_logger
    stub.logger = logging.getLogger("modal-utils")
    sys.modules["modal._utils.logger"] = stub
    modal._utils.logger = stub

    spec = importlib.util.find_spec("modal.config")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["modal.config"] = mod
    pkg.config = mod
    # The module ends with `configure_logger(logger, config["loglevel"], config["log_format"])`:
    # the two reads happen before our no-op stub is called, and their transforms can raise.
    # Pin both env vars to valid values while the module body runs (nothing computed at module
    # level depends on them), then restore the real environment before anything is resolved.
    saved = {k: os.environ.get(k) for k in _IMPORT_TIME_ENV}
    os.environ.update(_IMPORT_TIME_ENV)
    try:
        spec.loader.exec_module(mod)
    except Exception as exc:  # the file could not be read (or something unexpected)
        return mod, exc
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return mod, None


def _auth_error():
    """What `_Client.from_env()` raises before it would connect, or None."""
    import asyncio

    from modal import client as client_mod

    would_connect = []

    async def _open_stub(self):  # the network step, replaced
        would_connect.append(self.client_type)

    client_mod._Client._open = _open_stub
    client_mod._check_config = lambda: None  # reported separately as check_error
    client_mod._Client._client_from_env = None
    try:
        asyncio.run(client_mod._Client.from_env())
    except Exception as exc:
        return _fmt_exc(exc)
    if not would_connect:
        raise RuntimeError("from_env neither raised nor reached the network step")
    return None


def main():
    import_error = None
    with _quiet():
        try:
            import modal  # noqa: F401
        except Exception as exc:
            import_error = exc

    out = {
        "config_path": None,
        "profile": None,
        "profiles": None,
        "active": None,
        "error": None if import_error is None else _fmt_exc(import_error),
        "check_error": None,
        "auth_error": None,
        "settings": None,
    }

    with _quiet():
        if import_error is None:
            cfg = sys.modules["modal.config"]
            read_error = None
        else:
            cfg, read_error = _load_config_neutralised()

    out["config_path"] = getattr(cfg, "user_config_path", None)

    if read_error is not None:
        # Only a failure of _read_user_config is expected here; anything else is a probe bug.
        if not (type(read_error).__name__ == "InvalidError" and str(read_error).startswith(_READ_ERROR_PREFIX)):
            raise RuntimeError(f"unexpected failure while loading modal.config: {_fmt_exc(read_error)}")
        if out["error"] != _fmt_exc(read_error):
            raise RuntimeError(
                f"import error {out['error']!r} differs from the file read error {_fmt_exc(read_error)!r}"
            )
        print(json.dumps(out, ensure_ascii=True))
        return

    user_config = cfg._user_config
    profile = cfg._profile
    out["profile"] = profile
    out["profiles"] = list(cfg.config_profiles())
    out["active"] = [name for name, values in user_config.items() if values.get("active", False) is True]

    with _quiet():
        try:
            cfg._check_config()
        except Exception as exc:
            out["check_error"] = _fmt_exc(exc)

        settings = {}
        for key in sorted(cfg._SETTINGS):
            if "MODAL_" + key.upper() in os.environ:
                source = "env"
            elif profile in user_config and key in user_config[profile]:
                source = "file"
            else:
                source = "default"
            try:
                value = cfg.config.get(key)
            except Exception as exc:
                settings[key] = {"error": _fmt_exc(exc), "source": source}
            else:
                settings[key] = {"value": _enc(value), "source": source}
        out["settings"] = settings
        if import_error is None:
            out["auth_error"] = _auth_error()

    print(json.dumps(out, ensure_ascii=True))


if __name__ == "__main__":
    main()
