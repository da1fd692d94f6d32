//! The command line, as clap derive types. `modalcfg` alone opens the terminal app.

use clap::{Args, Parser, Subcommand};

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
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every resolved setting with its value, source and origin (like `aws configure list`).
    Show(ShowArgs),
    /// One resolved value alone, for scripts.
    Get {
        key: String,
        #[arg(long)]
        profile: Option<String>,
        /// Print a secret in full.
        #[arg(long)]
        reveal: bool,
    },
    /// Every layer of one key: which wins and why.
    Explain {
        key: String,
        #[arg(long)]
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
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Resolve for this profile instead of the effective one.
    #[arg(long)]
    pub profile: Option<String>,
    /// Ignore MODAL_* environment variables (file and defaults only).
    #[arg(long)]
    pub no_env: bool,
    /// Include the 14 internal settings.
    #[arg(long)]
    pub include_internal: bool,
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
    Current,
}
