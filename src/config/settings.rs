//! The settings table of the Modal client 1.6.4: every key it resolves, its default (typed
//! exactly as the client returns it), the transform applied to env and file values, and flags.

use crate::py::PyValue;

/// How the client turns a raw env string or file value into the setting's value (spec §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// Returned as given (env: the string; file: whatever TOML type it parsed to).
    Identity,
    /// `value.upper()`.
    Upper,
    /// `str(value).lower() not in {"", "0", "false"}`.
    Boolean,
    /// `float(value)`.
    Float,
    /// `int(value) if value else None`.
    IntOrNone,
    /// `value if value else None`.
    FalsyNone,
    /// `value.lower()`, then it must be one of the choices.
    Choice(&'static [&'static str]),
    /// Truthy values must match `^[a-zA-Z0-9]{1,8}$`.
    Suffix,
    /// `"a:b, c:d"` → `{"a": "b", "c": "d"}`.
    Headers,
}

/// The built-in default, returned untransformed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    None,
    Str(&'static str),
    Bool(bool),
    Int(i64),
}

impl DefaultValue {
    pub fn to_py(self) -> PyValue {
        match self {
            DefaultValue::None => PyValue::None,
            DefaultValue::Str(s) => PyValue::Str(s.to_string()),
            DefaultValue::Bool(b) => PyValue::Bool(b),
            DefaultValue::Int(i) => PyValue::Int(i),
        }
    }
}

/// The type a value written by modalcfg gets for this key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    String,
    Float,
    Integer,
    Boolean,
}

#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub key: &'static str,
    pub default: DefaultValue,
    pub transform: Transform,
    pub secret: bool,
    pub internal: bool,
    /// Deprecation date when reading the key warns.
    pub deprecated: Option<&'static str>,
    /// Read while `import modal` runs: a bad value breaks every command.
    pub read_at_import: bool,
    /// Dropped from the client: a file may still set it, but nothing reads it.
    pub retired: bool,
    pub description: &'static str,
}

impl Setting {
    /// `MODAL_` + the key upper-cased.
    pub fn env_var(&self) -> String {
        format!("MODAL_{}", self.key.to_ascii_uppercase())
    }

    /// The type `modalcfg set` writes for this key.
    pub fn value_kind(&self) -> ValueKind {
        match self.transform {
            Transform::Boolean => ValueKind::Boolean,
            Transform::Float => ValueKind::Float,
            Transform::IntOrNone => ValueKind::Integer,
            _ => ValueKind::String,
        }
    }

    /// Words for error messages: "a number", "true or false", ...
    pub fn expected(&self) -> String {
        match self.transform {
            Transform::Boolean => "a boolean (true or false)".into(),
            Transform::Float => "a number (for example 10 or 2.5)".into(),
            Transform::IntOrNone => "a whole number of seconds".into(),
            Transform::Choice(c) => format!("one of {}", c.join(", ")),
            Transform::Suffix => "up to 8 letters or digits".into(),
            Transform::Headers => "a comma-separated list of header:value pairs".into(),
            Transform::Upper if self.key == "loglevel" => {
                format!("a log level: {}", LOG_LEVELS.join(", "))
            }
            _ => "a string".into(),
        }
    }
}

/// The level names Python's `logging` accepts (after upper-casing).
pub const LOG_LEVELS: &[&str] = &[
    "CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO", "DEBUG", "NOTSET",
];

pub const PAYLOAD_FORMATS: &[&str] = &["pickle", "cbor"];
pub const BUILD_VALIDATIONS: &[&str] = &["error", "warn", "ignore"];

const fn s(
    key: &'static str,
    default: DefaultValue,
    transform: Transform,
    description: &'static str,
) -> Setting {
    Setting {
        key,
        default,
        transform,
        secret: false,
        internal: false,
        deprecated: None,
        read_at_import: false,
        retired: false,
        description,
    }
}

const fn secret(mut x: Setting) -> Setting {
    x.secret = true;
    x
}
const fn internal(mut x: Setting) -> Setting {
    x.internal = true;
    x
}
const fn at_import(mut x: Setting) -> Setting {
    x.read_at_import = true;
    x
}
const fn deprecated(mut x: Setting, date: &'static str) -> Setting {
    x.deprecated = Some(date);
    x
}

use DefaultValue as D;
use Transform as T;

/// All 41 settings of modal 1.6.4, in the client's table order.
pub static SETTINGS: [Setting; 41] = [
    s(
        "server_url",
        D::Str("https://api.modal.com,https://api.modal2.com"),
        T::Identity,
        "API endpoint(s); a comma-separated list is primary plus failover.",
    ),
    s("token_id", D::None, T::Identity, "API token id (ak-…)."),
    secret(s(
        "token_secret",
        D::None,
        T::Identity,
        "API token secret (as-…).",
    )),
    secret(s(
        "oauth_refresh_token",
        D::None,
        T::Identity,
        "OAuth refresh token (third-party integrations).",
    )),
    s(
        "oauth_client_id",
        D::None,
        T::Identity,
        "OAuth client id (oc-…).",
    ),
    secret(s(
        "oauth_client_secret",
        D::None,
        T::Identity,
        "OAuth client secret (ov-…); exactly one of this or oauth_jwt_key.",
    )),
    secret(s(
        "oauth_jwt_key",
        D::None,
        T::Identity,
        "PEM private key for OAuth JWT client auth.",
    )),
    at_import(s(
        "loglevel",
        D::Str("WARNING"),
        T::Upper,
        "Client log level; must be a logging level name or `import modal` fails.",
    )),
    at_import(s(
        "log_format",
        D::Str("STRING"),
        T::Upper,
        "JSON needs pythonjsonlogger (import fails without it); anything else is plain text.",
    )),
    at_import(s(
        "log_pattern",
        D::None,
        T::Identity,
        "%-style logging format for client logs; needs a %(name)s field.",
    )),
    s(
        "sandbox_v2",
        D::Bool(true),
        T::Boolean,
        "Use the v2 Sandbox implementation.",
    ),
    s(
        "payload_format",
        D::Str("pickle"),
        T::Choice(PAYLOAD_FORMATS),
        "Serialization format for function payloads (pickle or cbor).",
    ),
    deprecated(
        s(
            "async_warnings",
            D::Bool(true),
            T::Boolean,
            "Warn when blocking Modal APIs are called from async code.",
        ),
        "2026-09-12",
    ),
    s(
        "environment",
        D::None,
        T::Identity,
        "Default Modal environment for commands without --env.",
    ),
    s(
        "dev_suffix",
        D::Str(""),
        T::Suffix,
        "Replaces the -dev suffix of `modal serve` web endpoint URLs.",
    ),
    s(
        "traceback",
        D::Bool(false),
        T::Boolean,
        "Show full Python tracebacks for CLI errors.",
    ),
    s(
        "build_validation",
        D::Str("error"),
        T::Choice(BUILD_VALIDATIONS),
        "Local file changed during a build: error, warn or ignore.",
    ),
    s(
        "image_builder_version",
        D::None,
        T::Identity,
        "Pins the image builder version (e.g. 2024.10).",
    ),
    s(
        "force_build",
        D::Bool(false),
        T::Boolean,
        "Ignore the image cache and rebuild every layer, overwriting the cache.",
    ),
    s(
        "ignore_cache",
        D::Bool(false),
        T::Boolean,
        "Rebuild every image layer without overwriting the cache.",
    ),
    s(
        "disable_api_proxy",
        D::Bool(false),
        T::Boolean,
        "Do not route API traffic through system HTTP(S) proxies.",
    ),
    deprecated(
        s(
            "default_cloud",
            D::None,
            T::FalsyNone,
            "Default cloud provider for functions that do not choose one.",
        ),
        "2026-09-12",
    ),
    s(
        "max_throttle_wait",
        D::None,
        T::IntOrNone,
        "Upper bound (s) on backing off while rate-limited; none = no limit.",
    ),
    s(
        "logs_timeout",
        D::Int(10),
        T::Float,
        "Seconds to wait for logs to drain when a session closes.",
    ),
    s(
        "serve_timeout",
        D::None,
        T::Float,
        "How long `modal serve` runs before exiting; none = forever.",
    ),
    s(
        "sandbox_channel_idle_timeout",
        D::Int(30),
        T::Float,
        "Idle timeout (s) of the sandbox command-router channel.",
    ),
    s(
        "volume_block_read_timeout",
        D::Int(60),
        T::Float,
        "Timeout (s) for reading one Volume block.",
    ),
    internal(s(
        "streams_url",
        D::Str("https://modal-labs-streams--streams-service-proxy.modal.run"),
        T::Identity,
        "Endpoint of the experimental streams API.",
    )),
    internal(s(
        "sync_entrypoint",
        D::None,
        T::Identity,
        "Upload the local client package as the client mount (modal development).",
    )),
    internal(at_import(s(
        "heartbeat_interval",
        D::Int(15),
        T::Float,
        "Client heartbeat period (s); read at import.",
    ))),
    internal(s(
        "function_runtime",
        D::None,
        T::Identity,
        "Container runtime override sent with definitions.",
    )),
    internal(s(
        "function_runtime_debug",
        D::Bool(false),
        T::Boolean,
        "Runtime debug flag sent with definitions.",
    )),
    internal(s(
        "runtime_perf_record",
        D::Bool(false),
        T::Boolean,
        "Request runtime perf recording for functions.",
    )),
    internal(s(
        "use_control_plane_sidecar_create",
        D::Bool(true),
        T::Boolean,
        "Sandbox v2 creation path toggle.",
    )),
    internal(s(
        "worker_id",
        D::None,
        T::Identity,
        "Pin functions and sandboxes to a worker (internal testing).",
    )),
    internal(s(
        "task_id",
        D::None,
        T::Identity,
        "Set inside containers; read-only.",
    )),
    internal(s(
        "image_id",
        D::None,
        T::Identity,
        "Set inside containers; identifies the running image.",
    )),
    internal(s(
        "cuda_checkpoint_path",
        D::Str("/__modal/.bin/cuda-checkpoint"),
        T::Identity,
        "Path of the CUDA checkpoint helper inside containers.",
    )),
    internal(s(
        "restore_state_path",
        D::Str("/__modal/restore-state.json"),
        T::Identity,
        "Path of the memory-snapshot restore state inside containers.",
    )),
    internal(s(
        "snapshot_debug",
        D::Bool(false),
        T::Boolean,
        "Debug flag for memory snapshots.",
    )),
    internal(s(
        "override_headers",
        D::None,
        T::Headers,
        "Extra gRPC metadata sent on every request.",
    )),
];

/// A key older clients read and 1.6.4 dropped. A file may still set it; nothing reads it.
pub static RETIRED: [Setting; 1] = [Setting {
    retired: true,
    ..s(
        "automount",
        D::Bool(true),
        T::Boolean,
        "Retired: automatic mounting of local packages; ignored by current clients.",
    )
}];

#[cfg(test)]
mod tests {
    use super::*;

    fn find(key: &str) -> Option<&'static Setting> {
        crate::client::Client::newest().find(key)
    }
    fn find_any(key: &str) -> Option<&'static Setting> {
        crate::client::Client::newest().find_any(key)
    }

    #[test]
    fn counts_match_the_client() {
        assert_eq!(SETTINGS.iter().filter(|s| !s.internal).count(), 27);
        assert_eq!(SETTINGS.iter().filter(|s| s.internal).count(), 14);
        assert_eq!(SETTINGS.iter().filter(|s| s.secret).count(), 4);
        assert_eq!(SETTINGS.iter().filter(|s| s.read_at_import).count(), 4);
    }

    #[test]
    fn defaults_keep_their_python_type() {
        assert_eq!(
            find("logs_timeout").unwrap().default.to_py(),
            PyValue::Int(10)
        );
        assert_eq!(
            find("sandbox_v2").unwrap().default.to_py(),
            PyValue::Bool(true)
        );
        assert_eq!(find("token_id").unwrap().default.to_py(), PyValue::None);
        assert!(find("automount").is_none());
        assert!(find_any("automount").unwrap().retired);
    }

    #[test]
    fn env_var_names() {
        assert_eq!(
            find("max_throttle_wait").unwrap().env_var(),
            "MODAL_MAX_THROTTLE_WAIT"
        );
    }
}
