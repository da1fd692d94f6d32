//! How the program reports what went wrong, through color-eyre: its panic hook and its error
//! hook, each wrapped so that the terminal is restored first (the main screen, cooked mode,
//! the cursor shown) and the report lands on the user's screen, not on the app's.
//!
//! An error is one line, `modalcfg: <what was being done>: <why>`, each layer of the chain
//! shown through [`text::visible`] (texts that reach here were masked where they were made:
//! a file's secrets by the loader, see `LoadError::masked`). An error that is not a message
//! for the user (an I/O error of the terminal, say) is followed, when `RUST_BACKTRACE` asks
//! for it, by color-eyre's report: the same layers, where the report was made and the
//! backtrace. A panic prints color-eyre's panic report, its message shown the same way.

use std::error::Error;
use std::fmt;

use color_eyre::config::{EyreHook, HookBuilder, PanicHook, Theme};
use color_eyre::eyre::{self, EyreHandler};
use color_eyre::section::PanicMessage;

use crate::cli::UserError;
use crate::text;
use crate::tui::terminal;

/// Installs the panic and error hooks; called once, first thing. `color`: the backtrace of a
/// verbose report is colored (stderr is a terminal and `NO_COLOR` is not set).
pub fn install(color: bool) {
    let verbose = backtrace_asked();
    let (panic_hook, eyre_hook) = hooks(color, verbose);
    let report_panic = panic_hook.into_panic_hook();
    std::panic::set_hook(Box::new(move |info| {
        terminal::hard_restore();
        report_panic(info);
    }));
    let handler = eyre_hook.into_eyre_hook();
    // The only hook set in this process: this cannot fail.
    let _ = eyre::set_hook(Box::new(move |error| {
        Box::new(Handler {
            inner: handler(error),
            verbose,
        })
    }));
}

/// color-eyre's hooks, configured: no "Run with RUST_BACKTRACE=1…" section, and "Location:"
/// only when `verbose` (a developer set RUST_BACKTRACE).
fn hooks(color: bool, verbose: bool) -> (PanicHook, EyreHook) {
    let builder = HookBuilder::blank()
        .add_default_filters()
        .theme(if color { Theme::dark() } else { Theme::new() })
        .panic_message(VisiblePanicMessage)
        .display_env_section(false)
        .display_location_section(verbose);
    // What to do about a panic, in place of the env section (which also speaks of span traces).
    let builder = match verbose {
        true => builder,
        false => builder.panic_section(
            "This is a bug in modalcfg: please report it, with the report of the same steps \
             run with the environment variable RUST_BACKTRACE=1.",
        ),
    };
    builder.into_hooks()
}

/// `RUST_BACKTRACE` (or `RUST_LIB_BACKTRACE`) is set to something other than `0`.
fn backtrace_asked() -> bool {
    ["RUST_LIB_BACKTRACE", "RUST_BACKTRACE"]
        .iter()
        .find_map(std::env::var_os)
        .is_some_and(|v| v != "0")
}

/// color-eyre's handler behind the one line of [`layers`].
struct Handler {
    inner: Box<dyn EyreHandler>,
    verbose: bool,
}

impl EyreHandler for Handler {
    fn debug(&self, error: &(dyn Error + 'static), f: &mut fmt::Formatter<'_>) -> fmt::Result {
        terminal::hard_restore();
        let layers = layers(error);
        f.write_str(&layers.join(": "))?;
        if self.verbose && !for_the_user(error) {
            writeln!(f)?;
            self.inner.debug(&Masked::chain(layers), f)?;
        }
        Ok(())
    }

    fn display(&self, error: &(dyn Error + 'static), f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let layers = layers(error);
        match f.alternate() {
            true => f.write_str(&layers.join(": ")),
            false => f.write_str(&layers[0]),
        }
    }

    fn track_caller(&mut self, location: &'static std::panic::Location<'static>) {
        self.inner.track_caller(location);
    }
}

/// Each error of the chain, outermost first, as it may be shown on a terminal.
fn layers(error: &(dyn Error + 'static)) -> Vec<String> {
    eyre::Chain::new(error)
        .map(|e| text::visible(&e.to_string()).into_owned())
        .collect()
}

/// The chain ends in a message written for the user (a bad argument, a file problem already
/// explained): no backtrace is any help there.
fn for_the_user(error: &(dyn Error + 'static)) -> bool {
    eyre::Chain::new(error)
        .last()
        .is_some_and(|e| e.is::<UserError>())
}

/// A chain of texts already shown through [`text::visible`], for color-eyre to print.
#[derive(Debug)]
struct Masked {
    text: String,
    source: Option<Box<Masked>>,
}

impl Masked {
    fn chain(layers: Vec<String>) -> Masked {
        let mut it = layers.into_iter().rev();
        let mut chain = Masked {
            text: it.next().unwrap_or_default(),
            source: None,
        };
        for text in it {
            chain = Masked {
                text,
                source: Some(Box::new(chain)),
            };
        }
        chain
    }
}

impl fmt::Display for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Error for Masked {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|s| s as &(dyn Error + 'static))
    }
}

/// color-eyre's panic message, its text shown through [`text::visible`].
struct VisiblePanicMessage;

impl PanicMessage for VisiblePanicMessage {
    fn display(
        &self,
        pi: &std::panic::PanicHookInfo<'_>,
        f: &mut fmt::Formatter<'_>,
    ) -> fmt::Result {
        let payload = pi
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| pi.payload().downcast_ref::<&str>().copied())
            .unwrap_or("<not a text>");
        writeln!(f, "The application panicked (crashed).")?;
        writeln!(f, "Message:  {}", text::visible(payload))?;
        match pi.location() {
            Some(l) => write!(f, "Location: {}:{}", l.file(), l.line()),
            None => write!(f, "Location: <unknown>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layer_is_shown_visible_and_the_chain_is_kept() {
        let e = Masked::chain(vec!["running the app".into(), "hung up".into()]);
        assert_eq!(layers(&e), ["running the app", "hung up"]);
        let raw = std::io::Error::other("a\x1b[2Jb");
        assert_eq!(layers(&raw), [text::visible("a\x1b[2Jb").into_owned()]);
        assert!(!layers(&raw)[0].contains('\x1b'));
    }

    /// What `eprintln!("modalcfg: {report:?}")` prints after `modalcfg: `, through `Handler`.
    fn debug_text(error: &(dyn Error + 'static), verbose: bool) -> String {
        struct Show<'a>(&'a Handler, &'a (dyn Error + 'static));
        impl fmt::Display for Show<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.debug(self.1, f)
            }
        }
        let (_, eyre_hook) = hooks(false, verbose);
        let handler = Handler {
            inner: eyre_hook.into_eyre_hook()(error),
            verbose,
        };
        Show(&handler, error).to_string()
    }

    #[test]
    fn an_error_is_one_line_and_a_verbose_one_adds_the_report_to_an_unexpected_error() {
        use color_eyre::eyre::WrapErr;
        let io: Result<(), _> = Err(std::io::Error::other("hung up\x1b[2J"));
        let r = io.wrap_err("running the app on the terminal").unwrap_err();
        assert_eq!(
            debug_text(r.as_ref(), false),
            "running the app on the terminal: hung up\\u{1b}[2J"
        );
        let verbose = debug_text(r.as_ref(), true);
        let (line, report) = verbose.split_once('\n').unwrap();
        assert_eq!(line, "running the app on the terminal: hung up\\u{1b}[2J");
        assert!(
            report.contains("0: running the app on the terminal"),
            "{report}"
        );
        assert!(report.contains("1: hung up\\u{1b}[2J"), "{report}");
        assert!(report.contains("Location:"), "{report}");
        assert!(!verbose.contains('\x1b'), "{verbose}");
        // A message for the user stays one line, even under RUST_BACKTRACE.
        let user: Result<(), _> = Err(UserError("no profile named \"x\"".into()));
        let r = user.wrap_err("detecting the Modal client").unwrap_err();
        assert_eq!(
            debug_text(r.as_ref(), true),
            "detecting the Modal client: no profile named \"x\""
        );
    }

    #[test]
    fn a_user_error_under_context_is_for_the_user() {
        use color_eyre::eyre::WrapErr;
        let user: Result<(), _> = Err(UserError("no such profile".into()));
        let r = user.wrap_err("detecting the Modal client").unwrap_err();
        assert!(for_the_user(r.as_ref()));
        let io: Result<(), _> = Err(std::io::Error::other("broken pipe"));
        let r = io.wrap_err("running the app").unwrap_err();
        assert!(!for_the_user(r.as_ref()));
    }
}
