//! A text-level path for the most common edit, switching the active profile, for files where
//! it is unambiguous: header tables whose `active` lines and keys are plain one-line scalars.
//! It deactivates the other profiles by the one rule of [`deactivation`] (remove their
//! `active` line, or flip a mid-table `active = true` to `false`) and appends `active = true`
//! after the target's last key — exactly what the `toml_edit` path does — without parsing the
//! document twice. The result still goes through the store's read-back check; anything
//! unusual returns `None` and takes the general path.

use crate::config::read::client_view::{Entry, Profile};
use crate::config::write::edit::{Deactivate, deactivation};
use crate::py::PyValue;

/// A one-line scalar written as `key = value` on its own line.
fn plain_line(line: &str, key: &str, e: &Entry) -> bool {
    let scalar = match &e.value {
        PyValue::Str(s) => !s.contains('\n'),
        PyValue::Bool(_) | PyValue::Int(_) | PyValue::Float(_) | PyValue::DateTime(_) => true,
        _ => false,
    };
    let rest = line.trim_start().strip_prefix(key).map(str::trim_start);
    scalar
        && rest.is_some_and(|r| r.starts_with('='))
        && !line.contains("\"\"\"")
        && !line.contains("'''")
}

/// The new text, or `None` when the general path must do it.
pub fn activate_text(original: &str, profiles: &[Profile], target: &str) -> Option<String> {
    if original.replace("\r\n", "").contains('\r') {
        return None;
    }
    let lines: Vec<&str> = original.split_inclusive('\n').collect();
    let line = |n: usize| lines.get(n.checked_sub(1)?).copied();
    let t = profiles.iter().find(|p| p.name == target)?;
    let mut remove = vec![false; lines.len()];
    let mut set_false: Vec<(usize, String)> = Vec::new();
    for p in profiles.iter().filter(|p| p.name != target) {
        let commented = p
            .get("active")
            .and_then(|e| line(e.line))
            .is_some_and(|l| l.contains('#'));
        let rule = deactivation(p, commented);
        if let (Some(e), true) = (p.get("active"), rule != Deactivate::Keep) {
            if p.inline || !plain_line(line(e.line)?, "active", e) {
                return None;
            }
            if rule == Deactivate::Remove {
                remove[e.line - 1] = true;
            } else {
                set_false.push((e.line - 1, flipped_to_false(line(e.line)?)?));
            }
        }
    }
    let header = line(t.line)?.trim_start();
    if t.inline || !header.starts_with('[') || header.starts_with("[[") {
        return None;
    }
    let mut insert_after = None;
    match t.get("active") {
        Some(e) if e.value == PyValue::Bool(true) && plain_line(line(e.line)?, "active", e) => {}
        Some(_) => return None,
        None => {
            for e in &t.entries {
                if !plain_line(line(e.line)?, &raw_key(line(e.line)?), e) {
                    return None;
                }
            }
            insert_after = Some(t.entries.iter().map(|e| e.line).max().unwrap_or(t.line));
        }
    }
    let ending = crate::config::write::patch::dominant_ending(original);
    let mut out = String::with_capacity(original.len() + 16);
    for (i, l) in lines.iter().enumerate() {
        if let Some((_, flipped)) = set_false.iter().find(|(n, _)| *n == i) {
            out.push_str(flipped);
        } else if !remove[i] {
            out.push_str(l);
        }
        if insert_after == Some(i + 1) {
            if !l.ends_with('\n') {
                out.push_str(ending);
                out.push_str("active = true");
            } else {
                out.push_str("active = true");
                out.push_str(ending);
            }
        }
    }
    // A file without a final newline stays without one, even when its last line went.
    if !original.ends_with('\n') {
        let trimmed = out
            .strip_suffix("\r\n")
            .or_else(|| out.strip_suffix('\n'))
            .map(str::len);
        if let Some(n) = trimmed {
            out.truncate(n);
        }
    }
    Some(out)
}

/// `active = true  # on` → `active = false  # on` (`None` if the value is not a bare `true`).
fn flipped_to_false(line: &str) -> Option<String> {
    let eq = line.find('=')?;
    let value_at = eq + 1 + (line[eq + 1..].len() - line[eq + 1..].trim_start().len());
    line[value_at..]
        .starts_with("true")
        .then(|| format!("{}false{}", &line[..value_at], &line[value_at + 4..]))
}

/// The key text at the start of a `key = value` line.
fn raw_key(line: &str) -> String {
    line.trim_start()
        .split('=')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::read::file::ConfigFile;

    fn run(text: &str, target: &str) -> Option<String> {
        let f = ConfigFile::from_bytes(std::path::Path::new("c.toml"), text.as_bytes().to_vec());
        activate_text(text, f.profiles(), target)
    }

    #[test]
    fn switches_plain_tables() {
        assert_eq!(
            run(
                "# c\n[a]\nx = 1\nactive   = true  # on\n\n[b]\ny = 'z'\n",
                "b"
            )
            .as_deref(),
            // A commented `active` line is flipped in place, not removed (edit::deactivation).
            Some("# c\n[a]\nx = 1\nactive   = false  # on\n\n[b]\ny = 'z'\nactive = true\n")
        );
        assert_eq!(
            run("[a]\r\nactive = true\r\n[b]\r\ny = 2", "b").as_deref(),
            Some("[a]\r\n[b]\r\ny = 2\r\nactive = true")
        );
        assert_eq!(
            run("[a]\n[b]\n", "a").as_deref(),
            Some("[a]\nactive = true\n[b]\n")
        );
    }

    /// The general path: `toml_edit` plus the line patch.
    fn slow(text: &str, target: &str) -> String {
        let f = ConfigFile::from_bytes(std::path::Path::new("c.toml"), text.as_bytes().to_vec());
        let mut doc: toml_edit::DocumentMut = text.replace("\r\n", "\n").parse().unwrap();
        let edit = crate::config::write::edit::Edit::Activate {
            profile: target.into(),
        };
        crate::config::write::edit::apply(
            &crate::client::Client::newest(),
            &mut doc,
            f.profiles(),
            &edit,
        )
        .unwrap();
        crate::config::write::patch::patch(text, &doc.to_string())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Wherever the fast path applies, it writes exactly what the general path writes.
        #[test]
        fn agrees_with_the_general_path(
            tables in proptest::collection::vec(
                (proptest::collection::vec(0usize..6, 0..4), 0usize..4, proptest::bool::ANY), 1..6),
            target in 0usize..6,
            crlf in proptest::bool::ANY,
            final_newline in proptest::bool::ANY,
        ) {
            const KEYS: [&str; 6] = ["token_id = \"ak-1\"", "x = 1", "  y   = 'z'  # c", "logs_timeout = 2.5", "# note", ""];
            const ACTIVE: [&str; 4] = ["", "active = true", "active = false", "active   = true # on"];
            let mut text = String::new();
            for (i, (keys, active, blank)) in tables.iter().enumerate() {
                text.push_str(&format!("[p{i}]\n"));
                for k in keys {
                    text.push_str(KEYS[*k]);
                    text.push('\n');
                }
                if *active > 0 {
                    text.push_str(ACTIVE[*active]);
                    text.push('\n');
                }
                if *blank {
                    text.push('\n');
                }
            }
            if !final_newline {
                text.pop();
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let name = format!("p{}", target % tables.len());
            if let Some(fast) = run(&text, &name) {
                proptest::prop_assert_eq!(fast, slow(&text, &name));
            }
        }
    }

    #[test]
    fn leaves_unusual_files_to_the_general_path() {
        assert_eq!(run("a = { x = 1 }\n[b]\n", "a"), None);
        assert_eq!(run("[a]\nx = [1,\n 2]\n[b]\nactive = true\n", "a"), None);
        assert_eq!(run("[a]\nactive = \"true\"\n[b]\n", "a"), None);
        assert_eq!(run("[a]\n[a.sub]\nx = 1\n", "a"), None);
    }
}
