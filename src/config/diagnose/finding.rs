//! A finding: one thing `modalcfg check`, `show` and the app report, with its stable
//! [`Code`] and [`Severity`]. Below every module that makes findings.

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Something is not as the user likely meant; the client still works.
    Warning,
    /// The real client fails (at import, or on every networked command).
    Error,
}

impl Severity {
    /// The name used in `check --json` and by the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a finding is about: a stable name for scripts (`check --json` `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The file cannot be read by the client.
    FileUnreadable,
    /// `MODAL_IS_REMOTE` is set: the client ignores the file.
    FileIgnoredRemote,
    /// There is no config file.
    FileMissing,
    /// A note from reading the file.
    FileNote,
    /// `import modal` raises.
    ImportFails,
    /// The active-profile check raises.
    ActiveCheckFails,
    /// Several profiles are marked `active = true`.
    SeveralActive,
    /// An `active` value that is not a boolean.
    ActiveNotBoolean,
    /// The only profile is neither active nor named `default`: the client ignores it.
    LoneProfileIgnored,
    /// No profile is active.
    NoActiveProfile,
    /// The profile the client uses is not in the file.
    ProfileNotInFile,
    /// `MODAL_PROFILE` overrides the file's active profile.
    ProfileOverridden,
    /// A `MODAL_*` variable set to the empty string.
    EmptyEnvVar,
    /// A deprecated key.
    Deprecated,
    /// The token pair's variables override the file's token.
    TokenEnvOverride,
    /// A file holding a secret that others can read.
    LoosePermissions,
    /// The client's credential check raises.
    AuthFails,
    /// The token id and secret come from different places.
    MixedTokenPair,
    /// Credentials the client ignores (inside a container).
    CredentialsIgnored,
    /// A variable or file key the detected client does not read (another release does).
    IgnoredByClient,
    /// Windows: the file has non-ASCII bytes, which the client may decode with the ANSI code
    /// page there.
    WindowsCodePage,
    /// A variable or file key no release reads, with the name it most likely meant.
    UnknownName,
    /// `import modal` works or fails depending on a package modalcfg could not look for.
    ImportDepends,
}

impl Code {
    /// The code's stable name (`check --json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::FileUnreadable => "file-unreadable",
            Code::FileIgnoredRemote => "file-ignored-remote",
            Code::FileMissing => "file-missing",
            Code::FileNote => "file-note",
            Code::ImportFails => "import-fails",
            Code::ActiveCheckFails => "active-check-fails",
            Code::SeveralActive => "several-active",
            Code::ActiveNotBoolean => "active-not-boolean",
            Code::LoneProfileIgnored => "lone-profile-ignored",
            Code::NoActiveProfile => "no-active-profile",
            Code::ProfileNotInFile => "profile-not-in-file",
            Code::ProfileOverridden => "profile-overridden",
            Code::EmptyEnvVar => "empty-env-var",
            Code::Deprecated => "deprecated",
            Code::TokenEnvOverride => "token-env-override",
            Code::LoosePermissions => "loose-permissions",
            Code::AuthFails => "auth-fails",
            Code::MixedTokenPair => "mixed-token-pair",
            Code::CredentialsIgnored => "credentials-ignored",
            Code::IgnoredByClient => "ignored-by-client",
            Code::WindowsCodePage => "windows-code-page",
            Code::UnknownName => "unknown-name",
            Code::ImportDepends => "import-depends",
        }
    }
}

/// One diagnostic. `message` says what is wrong without where; `profile`, `line`, `key` and
/// `env_var` say where. Never contains a secret value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What the finding is about.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, without where.
    pub message: String,
    /// The key it is about.
    pub key: Option<String>,
    /// The profile it is about.
    pub profile: Option<String>,
    /// 1-based line in the file.
    pub line: Option<usize>,
    /// The environment variable it is about.
    pub env_var: Option<String>,
}

impl Finding {
    /// A finding with no place yet (see its builder methods).
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity,
            message: message.into(),
            key: None,
            profile: None,
            line: None,
            env_var: None,
        }
    }
    pub(crate) fn profile(mut self, p: &str) -> Finding {
        self.profile = Some(p.to_string());
        self
    }
    pub(crate) fn line(mut self, l: usize) -> Finding {
        self.line = Some(l);
        self
    }
    pub(crate) fn key(mut self, k: &str) -> Finding {
        self.key = Some(k.to_string());
        self
    }
    pub(crate) fn env_var(mut self, v: &str) -> Finding {
        self.env_var = Some(v.to_string());
        self
    }

    /// The message with where it applies (`profile `dev` line 3: …`), for a list that is not
    /// already grouped by profile.
    pub fn text(&self) -> String {
        match (&self.profile, self.line) {
            (Some(p), Some(l)) => format!("profile `{p}` line {l}: {}", self.message),
            (Some(p), None) => format!("profile `{p}`: {}", self.message),
            (None, Some(l)) => format!("line {l}: {}", self.message),
            (None, None) => self.message.clone(),
        }
    }

    /// The message next to its profile (the app's profile pane): the line only.
    pub fn text_in_profile(&self) -> String {
        match self.line {
            Some(l) => format!("line {l}: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// The `check --json` object.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code.as_str(),
            "severity": self.severity.as_str(),
            "message": self.message,
            "key": self.key,
            "profile": self.profile,
            "line": self.line,
            "env_var": self.env_var,
        })
    }
}
