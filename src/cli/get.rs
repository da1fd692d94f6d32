//! `modalcfg get KEY [--json]`: one resolved value for scripts, and whether the client would
//! fail with it.
//!
//! One printing rule: a string is printed bare (`""` is an empty line); every other value is
//! printed as its JSON (`null` for None, `true`, `10`, `10.0`), exactly the `value` field of
//! `get --json`. Exit codes: 0, or [`EXIT_CLIENT_FAILS`](super::EXIT_CLIENT_FAILS) when the
//! client raises (reading this key, or `import modal`), or 1 when modalcfg cannot answer, or
//! [`EXIT_SECRET_HIDDEN`](super::EXIT_SECRET_HIDDEN) when the value is a secret and `--reveal`
//! was not given: nothing on stdout, a message on stderr (a masked `…1234` is not a value a
//! script can use).

use std::io::Write;

use serde_json::{Map, Value, json};

use super::read::resolve_key;
use super::{CliResult, EXIT_CLIENT_FAILS, EXIT_SECRET_HIDDEN, Snapshot, UserError, io};
use crate::config::diagnose::check::import_error;
use crate::config::resolve::layers::shown;
use crate::config::secret::Reveal;
use crate::config::show::snapshot::to_json;
use crate::py::PyValue;

/// How `get` prints a value (the value is already masked when it has to be).
pub fn plain(v: &PyValue) -> String {
    match v {
        PyValue::Str(s) => s.clone(),
        other => to_json(other).to_string(),
    }
}

pub fn get(
    s: &Snapshot,
    key: &str,
    profile: Option<&str>,
    reveal: Reveal,
    json: bool,
    out: &mut dyn Write,
) -> CliResult {
    let Snapshot { d, env, file } = *s;
    let (r, at) = resolve_key(s, key, profile, reveal)?;
    if let Some(why) = at.ignored {
        return Err(UserError(format!("`{key}` is {why}")));
    }
    if let Some(w) = &at.warning {
        eprintln!("{}", crate::text::visible(w));
    }
    let value = match r.value() {
        Ok(v) => Ok(shown(&r, v, reveal)),
        Err(e) => Err(e.clone()),
    };
    // A masked secret is not the value: a script must not capture `…1234` as a token.
    if let (Ok(shown), Ok(real)) = (&value, r.value())
        && shown != real
    {
        eprintln!(
            "modalcfg: `{key}` is a secret ({}): add --reveal to print it",
            crate::text::visible(&r.winner().origin.to_string())
        );
        return Ok(EXIT_SECRET_HIDDEN);
    }
    // What the client raises for a script that reads this key: the key's own error, else
    // the error `import modal` raises before anything is read.
    let import = import_error(&d.client, env, file);
    let error = value.as_ref().err().cloned().or(import.clone());
    if json {
        let mut obj = Map::new();
        obj.insert("key".into(), json!(r.setting.key));
        obj.insert("profile".into(), json!(at.profile));
        obj.insert("source".into(), json!(r.source().as_str()));
        obj.insert("origin".into(), json!(r.winner().origin.to_string()));
        if let Ok(v) = &value {
            obj.insert("value".into(), to_json(v));
        }
        obj.insert("error".into(), json!(error.as_ref().map(|e| e.to_string())));
        let text = serde_json::to_string_pretty(&Value::Object(obj)).unwrap_or_default();
        writeln!(out, "{text}").map_err(io)?;
    } else {
        match &value {
            Ok(v) => out
                .write_all(&crate::text::script_line(&plain(v)))
                .map_err(io)?,
            Err(e) => eprintln!(
                "modalcfg: the client raises for `{key}`: {}",
                crate::text::visible(&format!("{} ({})", e.one_line(), r.winner().origin))
            ),
        }
        if value.is_ok()
            && let Some(e) = &import
        {
            eprintln!(
                "modalcfg: {}",
                crate::text::visible(&crate::text::first_line(
                    &crate::config::diagnose::check::import_fails_message(e)
                ))
            );
        }
    }
    Ok(if error.is_some() {
        EXIT_CLIENT_FAILS
    } else {
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_and_empty_string_print_differently() {
        assert_eq!(plain(&PyValue::None), "null");
        assert_eq!(plain(&PyValue::Str(String::new())), "");
        // The rule's one blind spot (a string spelled `null`) is why `--json` exists.
        assert_eq!(plain(&PyValue::Str("null".into())), "null");
        assert_eq!(plain(&PyValue::Float(10.0)), "10.0");
        assert_eq!(plain(&PyValue::Bool(true)), "true");
    }
}
