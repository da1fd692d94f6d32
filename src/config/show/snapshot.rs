//! The `show --json` contract: everything the client would resolve, as JSON values typed
//! exactly like the client's Python values.

use serde_json::{Map, Value, json};

use crate::client::Client;
use crate::client::error::ClientError;
use crate::config::diagnose::check::{check_error, import_error};
use crate::config::read::file::{ConfigFile, Source as FileSource};
use crate::config::resolve::layers::{effective_profile, resolve, shown};
use crate::env::Env;
use crate::py::PyValue;

use crate::config::secret::Reveal;

/// A Python value as JSON: ints stay ints, floats stay floats, non-finite floats and
/// datetimes become tagged objects.
pub fn to_json(v: &PyValue) -> Value {
    match v {
        PyValue::None => Value::Null,
        PyValue::Bool(b) => Value::Bool(*b),
        PyValue::Int(i) => json!(i),
        // Exact digits, as Python's `json.dumps` writes an int of any size.
        PyValue::BigInt(s) => s
            .parse::<serde_json::Number>()
            .map(Value::Number)
            .unwrap_or(Value::Null),
        PyValue::Float(f) if f.is_nan() => json!({"$float": "nan"}),
        PyValue::Float(f) if f.is_infinite() => {
            json!({"$float": if *f > 0.0 { "inf" } else { "-inf" }})
        }
        PyValue::Float(f) => json!(f),
        PyValue::Str(s) => Value::String(s.clone()),
        PyValue::List(l) => Value::Array(l.iter().map(to_json).collect()),
        PyValue::Dict(d) | PyValue::InlineDict(d) => {
            Value::Object(d.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
        PyValue::DateTime(dt) => {
            let tag = match (dt.date, dt.time) {
                (Some(_), Some(_)) => "$datetime",
                (Some(_), None) => "$date",
                _ => "$time",
            };
            json!({ tag: crate::py::repr::isoformat(dt) })
        }
    }
}

/// Options of `modalcfg show`.
#[derive(Debug, Clone, Copy)]
pub struct ShowOptions<'a> {
    /// The profile to show; `None`: the one the client uses.
    pub profile: Option<&'a str>,
    /// Whether `MODAL_*` variables count (`--no-env` leaves them out).
    pub use_env: bool,
    /// Whether the client's internal keys are listed too.
    pub include_internal: bool,
    /// Whether secrets are shown.
    pub reveal: Reveal,
}

/// The `show --json` object.
pub fn snapshot(client: &Client, env: &Env, file: &ConfigFile, opts: ShowOptions) -> Value {
    let unreadable = matches!(file.source, FileSource::Unreadable(_));
    let profile = opts
        .profile
        .map(str::to_string)
        .unwrap_or_else(|| effective_profile(env, file).name);
    let mut obj = Map::new();
    obj.insert("config_path".into(), json!(file.path.display().to_string()));
    if unreadable {
        obj.insert("profile".into(), Value::Null);
        obj.insert("profiles".into(), Value::Null);
        obj.insert("active".into(), Value::Null);
    } else {
        obj.insert("profile".into(), json!(profile));
        let names: Vec<_> = file.profiles().iter().map(|p| p.name.clone()).collect();
        obj.insert("profiles".into(), json!(names));
        let active: Vec<_> = file
            .profiles()
            .iter()
            .filter(|p| p.is_active())
            .map(|p| p.name.clone())
            .collect();
        obj.insert("active".into(), json!(active));
    }
    let import = import_error(client, env, file);
    // What `_Client.from_env` raises before it connects (after the active-profile check);
    // null when `import modal` already fails, since the client never gets there.
    let auth = match import {
        Some(_) => None,
        None => crate::config::resolve::auth::verdict(client, env, file).error,
    };
    let text = |e: Option<ClientError>| json!(e.map(|e| e.to_string()));
    // Revealed: the file's error as the client words it, secrets included.
    let import = match (file.error(), opts.reveal) {
        (Some(e), Reveal::Revealed) => import.map(|_| e.revealed().client_error()),
        _ => import,
    };
    obj.insert("error".into(), text(import));
    obj.insert("check_error".into(), text(check_error(client, env, file)));
    obj.insert("auth_error".into(), text(auth));
    if unreadable {
        obj.insert("settings".into(), Value::Null);
    } else {
        let env_opt = opts.use_env.then_some(env);
        let mut settings = Map::new();
        for s in client.sorted(opts.include_internal) {
            let r = resolve(s, env_opt, file, &profile);
            let source = r.source().as_str();
            let entry = match r.value() {
                Ok(v) => json!({"value": to_json(&shown(&r, v, opts.reveal)), "source": source}),
                Err(e) => json!({"error": e.to_string(), "source": source}),
            };
            settings.insert(s.key.into(), entry);
        }
        obj.insert("settings".into(), Value::Object(settings));
    }
    Value::Object(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_types_are_exact() {
        assert_eq!(to_json(&PyValue::Int(10)).to_string(), "10");
        assert_eq!(to_json(&PyValue::Float(10.0)).to_string(), "10.0");
        assert_eq!(
            to_json(&PyValue::Float(f64::NEG_INFINITY)),
            json!({"$float": "-inf"})
        );
        let big = PyValue::BigInt("-99999999999999999999".into());
        assert_eq!(to_json(&big).to_string(), "-99999999999999999999");
        let dt = |date, time| {
            to_json(&PyValue::DateTime(crate::py::PyDateTime {
                date,
                time,
                offset_minutes: None,
            }))
        };
        assert_eq!(
            dt(Some((1979, 5, 27)), None),
            json!({"$date": "1979-05-27"})
        );
        assert_eq!(dt(None, Some((7, 32, 0, 0))), json!({"$time": "07:32:00"}));
        assert_eq!(
            dt(Some((1979, 5, 27)), Some((7, 32, 0, 0))),
            json!({"$datetime": "1979-05-27T07:32:00"})
        );
    }
}
