//! `modalcfg prompt [--format FMT]`: the effective profile for a shell prompt, a starship
//! custom module or a tmux status line. It reads the file once, prints one line and never
//! fails loudly: a prompt must not break because the config is broken (the `{fail}` mark says
//! that instead).

use std::io::Write;

use super::{CliResult, Snapshot, UserError};
use crate::client::Detected;
use crate::config::diagnose::check::{Severity, findings};
use crate::config::read::file::ConfigFile;
use crate::config::resolve::layers::{Source, effective_profile};
use crate::env::Env;

/// The format used without `--format`: `dev`, `dev (env)`, `dev ✗`, `dev (env) ✗`.
pub const DEFAULT_FORMAT: &str = "{profile}{env}{fail}";

/// The placeholders `--format` understands, with what each becomes.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    (
        "profile",
        "the profile the client uses (as `profile current` prints it)",
    ),
    (
        "source",
        "`env` (MODAL_PROFILE), `file` (active = true) or `default` (fallback)",
    ),
    (
        "env",
        "` (env)` when MODAL_PROFILE chooses the profile, else nothing",
    ),
    (
        "fail",
        "` ✗` when `modalcfg check` would fail, else nothing",
    ),
    (
        "status",
        "`fail` when `modalcfg check` would fail, else `ok`",
    ),
];

/// What a prompt shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptState {
    pub profile: String,
    pub source: Source,
    pub fails: bool,
}

/// The state for this environment and file: the same profile as `profile current`, and
/// whether `check` would exit 1.
pub fn state(d: &Detected, env: &Env, file: &ConfigFile) -> PromptState {
    let choice = effective_profile(env, file);
    let source = choice.source();
    let fails = findings(&d.client, env, file)
        .iter()
        .any(|f| f.severity == Severity::Error);
    PromptState {
        profile: choice.name,
        source,
        fails,
    }
}

/// Expands `fmt`; `{{` and `}}` are literal braces. Control and invisible characters in a
/// profile name are escaped (`text::visible`), so a hostile name cannot drive the terminal
/// through a prompt.
pub fn render(fmt: &str, s: &PromptState) -> Result<String, String> {
    let mut out = String::with_capacity(fmt.len() + s.profile.len());
    let mut rest = fmt;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('}') {
            return Err(format!("unmatched `}}` in --format {fmt:?} (write `}}}}`)"));
        }
        let Some(end) = tail.find('}') else {
            return Err(format!("unclosed `{{` in --format {fmt:?} (write `{{{{`)"));
        };
        let name = &tail[1..end];
        match name {
            "profile" => out.push_str(&crate::text::visible(&s.profile)),
            "source" => out.push_str(s.source.as_str()),
            "env" if s.source == Source::Env => out.push_str(" (env)"),
            "fail" if s.fails => out.push_str(" ✗"),
            "status" => out.push_str(if s.fails { "fail" } else { "ok" }),
            "env" | "fail" => {}
            other => {
                let known: Vec<String> = PLACEHOLDERS
                    .iter()
                    .map(|(p, _)| format!("{{{p}}}"))
                    .collect();
                return Err(format!(
                    "unknown placeholder {{{other}}} in --format; known: {}",
                    known.join(" ")
                ));
            }
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

pub fn prompt(s: &Snapshot, format: Option<&str>, out: &mut dyn Write) -> CliResult {
    let Snapshot { d, env, file } = *s;
    let fmt = format.unwrap_or(DEFAULT_FORMAT);
    let line = render(fmt, &state(d, env, file)).map_err(UserError)?;
    writeln!(out, "{line}").map_err(super::io)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(profile: &str, source: Source, fails: bool) -> PromptState {
        PromptState {
            profile: profile.into(),
            source,
            fails,
        }
    }

    #[test]
    fn the_default_format() {
        assert_eq!(
            render(DEFAULT_FORMAT, &st("dev", Source::File, false)).unwrap(),
            "dev"
        );
        assert_eq!(
            render(DEFAULT_FORMAT, &st("dev", Source::Env, false)).unwrap(),
            "dev (env)"
        );
        assert_eq!(
            render(DEFAULT_FORMAT, &st("dev", Source::Env, true)).unwrap(),
            "dev (env) ✗"
        );
        assert_eq!(
            render(DEFAULT_FORMAT, &st("default", Source::Default, true)).unwrap(),
            "default ✗"
        );
    }

    #[test]
    fn custom_formats_and_escapes() {
        let s = st("prod", Source::File, true);
        assert_eq!(
            render("☁ {profile} [{source}] {status}", &s).unwrap(),
            "☁ prod [file] fail"
        );
        assert_eq!(render("{{{profile}}}", &s).unwrap(), "{prod}");
        assert!(
            render("{nope}", &s)
                .unwrap_err()
                .contains("unknown placeholder {nope}")
        );
        assert!(render("{profile", &s).is_err());
        assert!(render("x}", &s).is_err());
        assert_eq!(
            render("{profile}", &st("a\x1b[2Jb", Source::Env, false)).unwrap(),
            "a\\u{1b}[2Jb"
        );
    }
}
