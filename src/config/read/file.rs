//! Loading the config file as the Modal client does: where it is, whether it is read at all,
//! and what the client's reader (`toml` 0.10.2) makes of it. The result is a [`ConfigFile`]:
//! missing, ignored (remote), readable (profiles in the client's view) or unreadable (a typed
//! error with file, line and column).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::read::client_view::{self, Profile};
use crate::config::read::lines::LineIndex;
use crate::env::Env;

/// What the client would make of the config file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The path as the client names it (`MODAL_CONFIG_PATH` literally, or `~/.modal.toml`).
    pub path: PathBuf,
    /// Whether and how the client reads it.
    pub source: Source,
}

/// What the client makes of the file.
#[derive(Debug, Clone)]
pub enum Source {
    /// No file (or a dangling symlink): no profiles, not an error.
    Missing,
    /// `MODAL_IS_REMOTE=1`: the client does not read the file.
    Remote,
    /// Read: the profiles in the client's view.
    Parsed(Parsed),
    /// The client cannot read it (a typed error with the place).
    Unreadable(LoadError),
}

/// A file the client can read.
#[derive(Clone)]
pub struct Parsed {
    /// The file's bytes as read (the editor works on these).
    pub bytes: Vec<u8>,
    /// Profiles in file order, named as the client names them.
    pub profiles: Vec<Profile>,
    /// Things the client accepts but that deserve a word (retired keys, ...), with lines.
    pub notes: Vec<String>,
    /// Profile name → position in `profiles`.
    index: std::collections::HashMap<String, usize>,
    /// The file's permission bits when it was read from disk (`None`: parsed from bytes, or
    /// not a regular file), for the loose-permissions warning.
    pub mode: Option<u32>,
}

/// Masked: the bytes are not printed, and the profiles print their secrets masked.
impl fmt::Debug for Parsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parsed")
            .field("bytes", &crate::config::secret::Redacted(self.bytes.len()))
            .field("profiles", &self.profiles)
            .field("notes", &self.notes)
            .finish()
    }
}

/// Why a file cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// Could not open or read it (directory, permission, FIFO, ...).
    Io,
    /// Not UTF-8.
    Encoding,
    /// A TOML syntax error, or a construct `toml` 0.10.2 rejects.
    Syntax,
    /// Parsed, but a top-level value is not a table.
    NotTables,
}

/// Why the client cannot read the file. Never carries the file's contents beyond a position.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// What kind of failure.
    pub kind: LoadErrorKind,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong, in our words.
    pub detail: String,
    /// The inner message of the client's exception, when we reproduce it exactly.
    pub client_inner: Option<String>,
    /// `detail` and `client_inner` as the client words them, when they were masked (see
    /// `LoadError::masked`); shown only by [`LoadError::revealed`].
    pub unmasked: Option<Box<Unmasked>>,
}

/// The texts of a [`LoadError`] before masking. `Debug` does not print them.
#[derive(Clone)]
pub struct Unmasked {
    detail: String,
    client_inner: Option<String>,
}

impl fmt::Debug for Unmasked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unmasked(<not shown>)")
    }
}

impl LoadError {
    /// The error with every piece of a secret of `text` (the file as far as it was read)
    /// hidden from its texts: the client's messages quote values, and even the repr of all it
    /// parsed before a duplicate table. The one place a file's error is masked; the CLI, JSON
    /// and the app all show this.
    fn masked(mut self, text: &str) -> LoadError {
        let secrets = crate::config::read::secret_scan::fragments(text);
        let mask = |t: &str| crate::config::secret::mask_message(t, &secrets);
        let detail = mask(&self.detail);
        let inner = self.client_inner.as_deref().map(mask);
        if detail != self.detail || inner != self.client_inner {
            self.unmasked = Some(Box::new(Unmasked {
                detail: std::mem::replace(&mut self.detail, detail),
                client_inner: std::mem::replace(&mut self.client_inner, inner),
            }));
        }
        self
    }

    /// The error as the client words it, secrets included (`--reveal`).
    pub fn revealed(&self) -> LoadError {
        match &self.unmasked {
            Some(u) => LoadError {
                detail: u.detail.clone(),
                client_inner: u.client_inner.clone(),
                unmasked: None,
                ..self.clone()
            },
            None => self.clone(),
        }
    }

    /// The exception `import modal` raises.
    pub fn client_error(&self) -> crate::client::error::ClientError {
        let inner = self
            .client_inner
            .clone()
            .unwrap_or_else(|| self.detail.clone());
        crate::client::error::ClientError::new(
            crate::client::error::ErrorClass::InvalidError,
            format!(
                "\nError when reading the modal configuration from `{}`.\n\n{}",
                crate::py::surrogate::path_str(&self.path),
                inner
            ),
        )
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::env::shown_os(self.path.as_os_str()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": modal 1.6.4 cannot read this file: {}", self.detail)
    }
}

impl std::error::Error for LoadError {}

/// What `MODAL_IS_REMOTE=1` does to the file, in one wording for `check`, the app and the
/// writers.
pub const REMOTE_IGNORES_FILE: &str = "MODAL_IS_REMOTE=1: the client ignores the config file";

impl ConfigFile {
    /// What a missing file means for the client, in one wording for `check` and the app.
    pub fn missing_note(&self) -> String {
        format!(
            "{} does not exist: no profiles, settings come from env and defaults",
            crate::py::surrogate::path_str(&self.path)
        )
    }

    /// Finds and reads the file the client would read in this environment.
    pub fn load(env: &Env) -> ConfigFile {
        let path = env.config_path();
        if env.is_remote() {
            return ConfigFile {
                path,
                source: Source::Remote,
            };
        }
        let source = match read_bytes(&path) {
            Ok(None) => Source::Missing,
            Ok(Some((bytes, mode))) => match parse(&path, bytes) {
                Ok(p) => Source::Parsed(Parsed { mode, ..p }),
                Err(e) => Source::Unreadable(e),
            },
            Err(e) => Source::Unreadable(e),
        };
        ConfigFile { path, source }
    }

    /// Parses given bytes as if they were the file at `path`.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> ConfigFile {
        let source = match parse(path, bytes) {
            Ok(p) => Source::Parsed(p),
            Err(e) => Source::Unreadable(e),
        };
        ConfigFile {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Profiles in file order (none when missing, remote or unreadable).
    pub fn profiles(&self) -> &[Profile] {
        match &self.source {
            Source::Parsed(p) => &p.profiles,
            _ => &[],
        }
    }

    /// The profile `name`, as the client names it.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        let p = self.parsed()?;
        p.index.get(name).map(|i| &p.profiles[*i])
    }

    /// Why the client cannot read the file, if it cannot.
    pub fn error(&self) -> Option<&LoadError> {
        match &self.source {
            Source::Unreadable(e) => Some(e),
            _ => None,
        }
    }

    /// The client's view of the file, if it could read it.
    pub fn parsed(&self) -> Option<&Parsed> {
        match &self.source {
            Source::Parsed(p) => Some(p),
            _ => None,
        }
    }

    /// The disk still holds exactly what was loaded (a byte comparison, no parsing): a cheap
    /// check before a write or on a timer. `false` when unsure.
    pub fn unchanged_on_disk(&self) -> bool {
        match (&self.source, crate::config::disk::read_config(&self.path)) {
            (Source::Parsed(p), Ok(Some(now))) => now == p.bytes,
            (Source::Missing, Ok(None)) => true,
            _ => false,
        }
    }

    /// The bytes on disk when loaded: `None` when there was no file.
    pub fn bytes(&self) -> Option<&[u8]> {
        self.parsed().map(|p| p.bytes.as_slice())
    }
}

/// Python's `OSError` text: `[Errno 21] Is a directory: '<path>'`.
fn errno_text(err: &std::io::Error, path: &Path) -> String {
    let text = err.to_string();
    let text = text.split(" (os error").next().unwrap_or(&text).to_string();
    match err.raw_os_error().map(|n| python_errno(n, text.clone())) {
        Some((n, text)) => format!(
            "[Errno {n}] {text}: {}",
            crate::py::repr::repr(&crate::py::PyValue::Str(crate::py::surrogate::path_str(
                path
            )))
        ),
        None => text,
    }
}

/// The errno and text Python's `open()` reports for the OS error `n`: on Unix the same; on
/// Windows the C runtime's mapping of the Win32 error (`ERROR_ACCESS_DENIED`, also what a
/// folder gives, is `[Errno 13] Permission denied`).
fn python_errno(n: i32, text: String) -> (i32, String) {
    if cfg!(windows) {
        let mapped = match n {
            2 | 3 => Some((2, "No such file or directory")),
            5 | 32 | 33 => Some((13, "Permission denied")),
            123 | 161 => Some((22, "Invalid argument")),
            _ => None,
        };
        if let Some((errno, text)) = mapped {
            return (errno, text.to_string());
        }
    }
    (n, text)
}

/// Reads the file; `Ok(None)` when it does not exist (as `os.path.exists` says). What the
/// client's `open(path).read()` reads, `/dev/null` and FIFOs included (`write::read_config`).
fn read_bytes(path: &Path) -> Result<Option<crate::config::disk::ReadWithMode>, LoadError> {
    crate::config::disk::read_config_with_mode(path).map_err(|e| {
        let is_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir());
        let detail = match e.raw_os_error() {
            Some(21) => "it is a directory, not a file".into(),
            Some(_) if is_dir => "it is a directory, not a file".into(),
            Some(_) => format!("cannot read it: {e}"),
            None => e.to_string(),
        };
        LoadError {
            path: path.to_path_buf(),
            kind: LoadErrorKind::Io,
            line: None,
            column: None,
            detail,
            client_inner: e.raw_os_error().map(|_| errno_text(&e, path)),
            unmasked: None,
        }
    })
}

/// The text `open(path).read()` gives in Python: UTF-8 with universal newlines.
fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let pos = e.valid_up_to();
            let (len, reason) = match e.error_len() {
                Some(n) => {
                    let b = bytes[pos];
                    let start_ok = matches!(b, 0xC2..=0xF4);
                    (
                        n,
                        if start_ok {
                            "invalid continuation byte"
                        } else {
                            "invalid start byte"
                        },
                    )
                }
                None => (bytes.len() - pos, "unexpected end of data"),
            };
            let inner = if len > 1 {
                format!(
                    "'utf-8' codec can't decode bytes in position {}-{}: {reason}",
                    pos,
                    pos + len - 1
                )
            } else {
                format!(
                    "'utf-8' codec can't decode byte 0x{:02x} in position {pos}: {reason}",
                    bytes[pos]
                )
            };
            let idx = LineIndex::new_bytes(&bytes[..pos]);
            let (line, col) = idx.position_at_end();
            Err(LoadError {
                path: path.to_path_buf(),
                kind: LoadErrorKind::Encoding,
                line: Some(line),
                column: Some(col),
                detail: format!(
                    "it is not valid UTF-8 (byte 0x{:02x} at offset {pos})",
                    bytes[pos]
                ),
                client_inner: Some(inner),
                unmasked: None,
            })
        }
    }
}

fn parse(path: &Path, bytes: Vec<u8>) -> Result<Parsed, LoadError> {
    let text = decode(path, &bytes)?;
    // Python reads in text mode: "\r\n" and a lone "\r" both become "\n". A byte-order mark
    // stays a character (the client opens the file as UTF-8, not UTF-8-SIG).
    let normalized;
    let view_text: &str = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        &normalized
    } else {
        text
    };
    let (profiles, notes) = client_view::build(view_text).map_err(|e| LoadError {
        path: path.to_path_buf(),
        kind: if e.not_tables {
            LoadErrorKind::NotTables
        } else {
            LoadErrorKind::Syntax
        },
        line: Some(e.line),
        column: Some(e.column),
        detail: if e.line == 1 && view_text.starts_with('\u{feff}') {
            format!(
                "{} (the file starts with a byte-order mark, which the client reads as part of the first line)",
                e.message
            )
        } else {
            e.message
        },
        client_inner: e.client_inner,
        unmasked: None,
    }
    .masked(view_text))?;
    let index = profiles
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.clone(), i))
        .collect();
    Ok(Parsed {
        bytes,
        profiles,
        notes,
        index,
        mode: None,
    })
}
