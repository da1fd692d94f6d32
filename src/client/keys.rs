//! Every setting key some Modal client release from 1.0.0 on reads, described once: its
//! meaning, whether it is a secret, and how the newest release that has it defines it. A
//! release's table (`tables.rs`) lists these, with what that release defines differently.

use crate::client::settings::{
    BUILD_VALIDATIONS, DefaultValue as D, PAYLOAD_FORMATS, Setting, Transform as T, at_import,
    deprecated, internal, s, secret,
};

pub const SERVER_URL: Setting = s(
    "server_url",
    D::Str("https://api.modal.com,https://api.modal2.com"),
    T::Identity,
    "API endpoint(s); a comma-separated list is primary plus failover.",
);
pub const TOKEN_ID: Setting = s("token_id", D::None, T::Identity, "API token id (ak-…).");
pub const TOKEN_SECRET: Setting = secret(s(
    "token_secret",
    D::None,
    T::Identity,
    "API token secret (as-…).",
));
pub const OAUTH_REFRESH_TOKEN: Setting = secret(s(
    "oauth_refresh_token",
    D::None,
    T::Identity,
    "OAuth refresh token (third-party integrations).",
));
pub const OAUTH_CLIENT_ID: Setting = s(
    "oauth_client_id",
    D::None,
    T::Identity,
    "OAuth client id (oc-…).",
);
pub const OAUTH_CLIENT_SECRET: Setting = secret(s(
    "oauth_client_secret",
    D::None,
    T::Identity,
    "OAuth client secret (ov-…); exactly one of this or oauth_jwt_key.",
));
pub const OAUTH_JWT_KEY: Setting = secret(s(
    "oauth_jwt_key",
    D::None,
    T::Identity,
    "PEM private key for OAuth JWT client auth.",
));
pub const LOGLEVEL: Setting = at_import(s(
    "loglevel",
    D::Str("WARNING"),
    T::Upper,
    "Client log level; must be a logging level name or `import modal` fails.",
));
pub const LOG_FORMAT: Setting = at_import(s(
    "log_format",
    D::Str("STRING"),
    T::Upper,
    "JSON needs pythonjsonlogger (import fails without it); anything else is plain text.",
));
pub const LOG_PATTERN: Setting = at_import(s(
    "log_pattern",
    D::None,
    T::Identity,
    "%-style logging format for client logs; needs a %(name)s field.",
));
pub const SANDBOX_V2: Setting = s(
    "sandbox_v2",
    D::Bool(true),
    T::Boolean,
    "Use the v2 Sandbox implementation.",
);
pub const PAYLOAD_FORMAT: Setting = s(
    "payload_format",
    D::Str("pickle"),
    T::Choice(PAYLOAD_FORMATS),
    "Serialization format for function payloads (pickle or cbor).",
);
pub const ASYNC_WARNINGS: Setting = deprecated(
    s(
        "async_warnings",
        D::Bool(true),
        T::Boolean,
        "Warn when blocking Modal APIs are called from async code.",
    ),
    "2026-09-12",
);
pub const ENVIRONMENT: Setting = s(
    "environment",
    D::None,
    T::Identity,
    "Default Modal environment for commands without --env.",
);
pub const DEV_SUFFIX: Setting = s(
    "dev_suffix",
    D::Str(""),
    T::Suffix,
    "Replaces the -dev suffix of `modal serve` web endpoint URLs.",
);
pub const TRACEBACK: Setting = s(
    "traceback",
    D::Bool(false),
    T::Boolean,
    "Show full Python tracebacks for CLI errors.",
);
pub const BUILD_VALIDATION: Setting = s(
    "build_validation",
    D::Str("error"),
    T::Choice(BUILD_VALIDATIONS),
    "Local file changed during a build: error, warn or ignore.",
);
pub const IMAGE_BUILDER_VERSION: Setting = s(
    "image_builder_version",
    D::None,
    T::Identity,
    "Pins the image builder version (e.g. 2024.10).",
);
pub const FORCE_BUILD: Setting = s(
    "force_build",
    D::Bool(false),
    T::Boolean,
    "Ignore the image cache and rebuild every layer, overwriting the cache.",
);
pub const IGNORE_CACHE: Setting = s(
    "ignore_cache",
    D::Bool(false),
    T::Boolean,
    "Rebuild every image layer without overwriting the cache.",
);
pub const DISABLE_API_PROXY: Setting = s(
    "disable_api_proxy",
    D::Bool(false),
    T::Boolean,
    "Do not route API traffic through system HTTP(S) proxies.",
);
pub const DEFAULT_CLOUD: Setting = deprecated(
    s(
        "default_cloud",
        D::None,
        T::FalsyNone,
        "Default cloud provider for functions that do not choose one.",
    ),
    "2026-09-12",
);
pub const MAX_THROTTLE_WAIT: Setting = s(
    "max_throttle_wait",
    D::None,
    T::IntOrNone,
    "Upper bound (s) on backing off while rate-limited; none = no limit.",
);
pub const LOGS_TIMEOUT: Setting = s(
    "logs_timeout",
    D::Int(10),
    T::Float,
    "Seconds to wait for logs to drain when a session closes.",
);
pub const SERVE_TIMEOUT: Setting = s(
    "serve_timeout",
    D::None,
    T::Float,
    "How long `modal serve` runs before exiting; none = forever.",
);
pub const SANDBOX_CHANNEL_IDLE_TIMEOUT: Setting = s(
    "sandbox_channel_idle_timeout",
    D::Int(30),
    T::Float,
    "Idle timeout (s) of the sandbox command-router channel.",
);
pub const VOLUME_BLOCK_READ_TIMEOUT: Setting = s(
    "volume_block_read_timeout",
    D::Int(60),
    T::Float,
    "Timeout (s) for reading one Volume block.",
);
pub const STREAMS_URL: Setting = internal(s(
    "streams_url",
    D::Str("https://modal-labs-streams--streams-service-proxy.modal.run"),
    T::Identity,
    "Endpoint of the experimental streams API.",
));
pub const SYNC_ENTRYPOINT: Setting = internal(s(
    "sync_entrypoint",
    D::None,
    T::Identity,
    "Upload the local client package as the client mount (modal development).",
));
pub const HEARTBEAT_INTERVAL: Setting = internal(at_import(s(
    "heartbeat_interval",
    D::Int(15),
    T::Float,
    "Client heartbeat period (s); read at import.",
)));
pub const FUNCTION_RUNTIME: Setting = internal(s(
    "function_runtime",
    D::None,
    T::Identity,
    "Container runtime override sent with definitions.",
));
pub const FUNCTION_RUNTIME_DEBUG: Setting = internal(s(
    "function_runtime_debug",
    D::Bool(false),
    T::Boolean,
    "Runtime debug flag sent with definitions.",
));
pub const RUNTIME_PERF_RECORD: Setting = internal(s(
    "runtime_perf_record",
    D::Bool(false),
    T::Boolean,
    "Request runtime perf recording for functions.",
));
pub const USE_CONTROL_PLANE_SIDECAR_CREATE: Setting = internal(s(
    "use_control_plane_sidecar_create",
    D::Bool(true),
    T::Boolean,
    "Sandbox v2 creation path toggle.",
));
pub const WORKER_ID: Setting = internal(s(
    "worker_id",
    D::None,
    T::Identity,
    "Pin functions and sandboxes to a worker (internal testing).",
));
pub const TASK_ID: Setting = internal(s(
    "task_id",
    D::None,
    T::Identity,
    "Set inside containers; read-only.",
));
pub const IMAGE_ID: Setting = internal(s(
    "image_id",
    D::None,
    T::Identity,
    "Set inside containers; identifies the running image.",
));
pub const CUDA_CHECKPOINT_PATH: Setting = internal(s(
    "cuda_checkpoint_path",
    D::Str("/__modal/.bin/cuda-checkpoint"),
    T::Identity,
    "Path of the CUDA checkpoint helper inside containers.",
));
pub const RESTORE_STATE_PATH: Setting = internal(s(
    "restore_state_path",
    D::Str("/__modal/restore-state.json"),
    T::Identity,
    "Path of the memory-snapshot restore state inside containers.",
));
pub const SNAPSHOT_DEBUG: Setting = internal(s(
    "snapshot_debug",
    D::Bool(false),
    T::Boolean,
    "Debug flag for memory snapshots.",
));
pub const OVERRIDE_HEADERS: Setting = internal(s(
    "override_headers",
    D::None,
    T::Headers,
    "Extra gRPC metadata sent on every request.",
));

/// Read by 1.0.x only (dropped in 1.1.0).
pub const FUNCTION_SCHEMAS: Setting = s(
    "function_schemas",
    D::Bool(false),
    T::Boolean,
    "Send function schemas with definitions (experimental).",
);

/// Read up to 1.5.5 (dropped in 1.6.0).
pub const STRICT_PARAMETERS: Setting = s(
    "strict_parameters",
    D::Bool(false),
    T::Boolean,
    "Strict checking of class parameters (internal, experimental).",
);

/// Read from 1.2.1 to 1.3.1.
pub const TASK_COMMAND_ROUTER_INSECURE: Setting = s(
    "task_command_router_insecure",
    D::Bool(false),
    T::Boolean,
    "Talk to the task command router without TLS (internal testing).",
);

/// Keys clients before 1.0 read: a file may still set them; no release from 1.0.0 on reads them.
pub static RETIRED_BEFORE_1_0: [Setting; 1] = [Setting {
    retired: true,
    ..s(
        "automount",
        D::Bool(true),
        T::Boolean,
        "Retired: automatic mounting of local packages; ignored by current clients.",
    )
}];
/// A key as releases before 1.6.0 defined it: not internal, not deprecated.
pub const fn plain(mut x: Setting) -> Setting {
    x.internal = false;
    x.deprecated = None;
    x
}
