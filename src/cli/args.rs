//! The command line, as clap derive types. `modalcfg` alone opens the terminal app.

use clap::{Args, Parser, Subcommand};
use clap_complete::engine::ArgValueCandidates;

use super::candidates::{key_names, profile_names};

#[derive(Debug, Parser)]
#[command(
    name = "modalcfg",
    version,
    about = "See which Modal setting wins and why, and edit ~/.modal.toml safely",
    long_about = "modalcfg resolves the Modal client's configuration exactly like modal 1.6.4: \
MODAL_<KEY> environment variables beat the active profile in ~/.modal.toml (or MODAL_CONFIG_PATH), \
which beats the built-in defaults. Without a subcommand it opens the terminal app."
)]
pub struct Cli {
    /// Open the app on a sample configuration in a temporary folder (nothing of yours is touched).
    #[arg(long)]
    pub demo: bool,
    /// Resolve like this modal release (e.g. 1.2.6) instead of the one found in VIRTUAL_ENV,
    /// beside modalcfg or on PATH (also MODALCFG_CLIENT_VERSION).
    #[arg(long, global = true, value_name = "X.Y.Z")]
    pub client_version: Option<String>,
    /// For the reliability tests: panic right after the app's first frame (debug builds only).
    #[cfg(debug_assertions)]
    #[arg(long, hide = true)]
    pub test_panic: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every resolved setting with its value, source and origin (like `aws configure list`).
    ///
    /// Keys set by the environment or the file come first, then defaults, each in the
    /// client's table order (the app's order too). Exit 3 when the Modal client would fail
    /// here, 1 when modalcfg cannot answer (unreadable file, unknown --profile).
    Show(ShowArgs),
    /// One resolved value alone, for scripts.
    ///
    /// Strings are printed bare (`""` is an empty line), every other value as JSON (`null`
    /// for None). Exit 3 when the Modal client would fail here (`import modal` raises, or
    /// reading this key does), 1 when modalcfg cannot answer.
    Get {
        #[arg(add = ArgValueCandidates::new(key_names))]
        key: String,
        #[arg(long, add = ArgValueCandidates::new(profile_names))]
        profile: Option<String>,
        /// Print a secret in full.
        #[arg(long)]
        reveal: bool,
        /// `{"key", "profile", "source", "origin", "value", "error"}` (a stable contract).
        #[arg(long)]
        json: bool,
    },
    /// Every layer of one key: which wins and why.
    Explain {
        #[arg(add = ArgValueCandidates::new(key_names))]
        key: String,
        #[arg(long, add = ArgValueCandidates::new(profile_names))]
        profile: Option<String>,
        /// Print secrets in full.
        #[arg(long)]
        reveal: bool,
    },
    /// List, show, switch and manage profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Every diagnostic; exits 1 when the real client would fail.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Store a token in a profile (values from flags, or from stdin with `-` or when omitted).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Set a key in a profile, typed and validated by the settings table.
    Set {
        #[arg(add = ArgValueCandidates::new(key_names))]
        key: String,
        /// The value; a negative number needs no `--` (`set sandbox_channel_idle_timeout -5`).
        #[arg(allow_negative_numbers = true)]
        value: String,
        #[arg(long, add = ArgValueCandidates::new(profile_names))]
        profile: Option<String>,
        /// Make the profile if the file does not have it (a typo is refused without this).
        #[arg(long)]
        create: bool,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Remove a key from a profile (it falls back to env or the default); a key the profile
    /// does not set is left alone (exit 0).
    Unset {
        #[arg(add = ArgValueCandidates::new(key_names))]
        key: String,
        #[arg(long, add = ArgValueCandidates::new(profile_names))]
        profile: Option<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Make the config file readable and writable by you only (mode 0600), as ssh and the aws
    /// CLI ask of files holding a secret; its contents are not touched.
    FixPermissions {
        /// Say what would change (the file's mode now) instead of changing it.
        #[arg(long)]
        dry_run: bool,
    },
    /// The profile the client uses, for a shell prompt, starship or tmux.
    ///
    /// Prints `dev`, `dev (env)` when MODAL_PROFILE chose it, and ` ✗` when `modalcfg check`
    /// would fail. Exits 0 even then (a broken config shows as ✗, not as an error in your
    /// prompt); only a bad --format exits 1.
    Prompt {
        /// Placeholders: {profile} {source} (env|file|default) {env} (" (env)" or nothing)
        /// {fail} (" ✗" or nothing) {status} (ok|fail); `{{` and `}}` are literal braces.
        #[arg(long, value_name = "FMT")]
        format: Option<String>,
    },
    /// Print the script that registers dynamic shell completion (profile and key names too).
    ///
    /// E.g. `source <(modalcfg completions bash)` in ~/.bashrc, the same as
    /// `source <(COMPLETE=bash modalcfg)`; fish: `modalcfg completions fish | source`.
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the man page (roff) to stdout (e.g. `modalcfg man | man -l -`), or write it and
    /// one page per subcommand (`modalcfg-show.1`, …, the pages it refers to) into a folder.
    ///
    /// E.g. `modalcfg man --dir ~/.local/share/man/man1`, then `man modalcfg-show`.
    Man {
        /// Write modalcfg.1 and every modalcfg-<subcommand>.1 into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

/// Shells `modalcfg completions` supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args, Clone, Copy)]
pub struct WriteArgs {
    /// Print the unified diff instead of writing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write even if the real client would then fail here (it is refused otherwise); for
    /// `set`, also allow a key the client does not know (written as a string).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Write token_id and token_secret into a profile: every command line of the client's
    /// `modal token set` works (`--profile=NAME` makes the profile, as the client does).
    ///
    /// Like the client, without --profile it writes to MODAL_PROFILE's profile; with neither,
    /// to the profile in use (the client would look up the token's workspace online). The
    /// profile becomes active unless --no-activate (the first profile of a file always does);
    /// MODAL_SERVER_URL, when set to another server, is stored as `server_url`. Values are
    /// stored as given. modalcfg works offline: --verify is accepted, nothing is verified.
    #[command(args_override_self = true)]
    Set {
        /// The token id, or `-` to read it from stdin.
        #[arg(long, allow_hyphen_values = true, value_name = "TOKEN_ID")]
        token_id: Option<String>,
        /// The token secret, or `-` to read it from stdin (never echoed).
        #[arg(long, allow_hyphen_values = true, value_name = "TOKEN_SECRET")]
        token_secret: Option<String>,
        /// The profile to write, made when the file does not have it (default: MODAL_PROFILE,
        /// else the profile in use).
        #[arg(long, add = ArgValueCandidates::new(profile_names))]
        profile: Option<String>,
        /// Accepted for older modalcfg command lines: token set makes the profile anyway.
        #[arg(long, hide = true)]
        create: bool,
        /// Make the profile active (the default).
        #[arg(long, overrides_with = "no_activate")]
        activate: bool,
        /// Leave the active flags alone (the first profile of a new file is activated anyway).
        #[arg(long, overrides_with = "activate")]
        no_activate: bool,
        /// Accepted like the client's; modalcfg never contacts Modal, so nothing is verified.
        #[arg(long, overrides_with = "no_verify")]
        verify: bool,
        /// Do not verify the token (modalcfg never does; this silences the note saying so).
        #[arg(long, overrides_with = "verify")]
        no_verify: bool,
        /// The client's option to delete the profile's old token on Modal's servers: refused
        /// (modalcfg works offline; use `modal token set --delete-existing`).
        #[arg(long)]
        delete_existing: bool,
        #[command(flatten)]
        write: WriteArgs,
    },
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Resolve for this profile instead of the effective one.
    #[arg(long, add = ArgValueCandidates::new(profile_names))]
    pub profile: Option<String>,
    /// Ignore MODAL_* environment variables (file and defaults only).
    #[arg(long)]
    pub no_env: bool,
    /// Include the 14 internal settings.
    #[arg(long)]
    pub include_internal: bool,
    /// Only the keys set by the environment or the file (like `git config --list --show-origin`).
    #[arg(long)]
    pub set: bool,
    /// Print secrets in full.
    #[arg(long)]
    pub reveal: bool,
    /// Machine-readable output (a stable contract).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Profiles in file order, marking the one the client uses.
    List {
        #[arg(long)]
        json: bool,
    },
    /// The profile the client uses now.
    ///
    /// With `--profile NAME`: the profile `modal --profile NAME …` uses (NAME, which must be
    /// in the file), the same as with `MODAL_PROFILE=NAME`.
    Current {
        #[arg(long, add = ArgValueCandidates::new(profile_names))]
        profile: Option<String>,
    },
    /// Mark a profile `active = true` (and no other), changing nothing else in the file.
    Activate {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        name: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Add an empty profile at the end of the file.
    Create {
        name: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Rename a profile in place.
    Rename {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        from: String,
        to: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Delete a profile and everything in it.
    Delete {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        name: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Use a profile in this shell only: prints `export MODAL_PROFILE=<name>` (eval it).
    Use {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        name: String,
        /// Print the export line (the only mode; for `eval "$(modalcfg profile use X --print)"`).
        #[arg(long)]
        print: bool,
    },
}
