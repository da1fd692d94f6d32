//! Names a person may have mistyped: whether a profile exists, and the nearest profile or key
//! to a name that does not (for "did you mean …?").

use crate::client::Client;
use crate::config::read::file::ConfigFile;

/// The candidate closest to `word` by Damerau–Levenshtein distance (a swapped pair counts
/// once; a case-only difference counts as 0), with that distance. Ties go to the first.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<(&'a str, usize)>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let mut best: Option<(&'a str, usize)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let d = if c.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(word, c)
        };
        if best.is_none_or(|(_, b)| d < b) {
            best = Some((c, d));
        }
    }
    best
}

/// `distance` between `word` and `candidate` is small enough to be a likely typo: at most a
/// third of the longer name's characters (at least one).
pub fn is_typo_distance(word: &str, candidate: &str, distance: usize) -> bool {
    let longest = word.chars().count().max(candidate.chars().count());
    distance <= (longest / 3).max(1)
}

/// The closest candidate, only when it is a likely typo of `word`.
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates)
        .filter(|(c, d)| is_typo_distance(word, c, *d))
        .map(|(c, _)| c)
}

/// The names to suggest for `word`, best first (at most three): names that start with it, or
/// that it starts with, come first (`acme` → `acme-prod`, `acme-dev`), then names that contain
/// it or that it contains, each group in the candidates' order; only when neither exists, the
/// closest likely typo (`loglvel` → `loglevel`). The one rule for every "did you mean".
pub fn suggestions<'a, I>(word: &str, candidates: I) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let cands: Vec<&'a str> = candidates.into_iter().filter(|c| *c != word).collect();
    let w = word.to_lowercase();
    let long_enough = |a: &str| a.chars().count() >= 2;
    let prefix: Vec<&'a str> = cands
        .iter()
        .copied()
        .filter(|c| {
            let c = c.to_lowercase();
            long_enough(&w) && long_enough(&c) && (c.starts_with(&w) || w.starts_with(&c))
        })
        .collect();
    if !prefix.is_empty() {
        return prefix.into_iter().take(3).collect();
    }
    let substring: Vec<&'a str> = cands
        .iter()
        .copied()
        .filter(|c| {
            let c = c.to_lowercase();
            w.chars().count() >= 3 && c.chars().count() >= 3 && (c.contains(&w) || w.contains(&c))
        })
        .collect();
    if !substring.is_empty() {
        return substring.into_iter().take(3).collect();
    }
    nearest(word, cands).into_iter().collect()
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
pub fn either(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The file's profile closest to `name`, however far (none when the file has no profiles).
pub fn nearest_profile<'a>(file: &'a ConfigFile, name: &str) -> Option<&'a str> {
    closest(name, file.profiles().iter().map(|p| p.name.as_str())).map(|(c, _)| c)
}

/// The setting closest to `key`, among every key the client knows (internal ones included).
pub fn nearest_key(client: &Client, key: &str) -> Option<&'static str> {
    nearest(key, client.settings().iter().map(|s| s.key))
}

/// The profile is a table of the file as the client reads it.
pub fn profile_exists(file: &ConfigFile, name: &str) -> bool {
    file.profile(name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn typos_find_their_name() {
        let c = Client::newest();
        assert_eq!(nearest_key(&c, "loglevl"), Some("loglevel"));
        assert_eq!(nearest_key(&c, "LOGLEVEL"), Some("loglevel"));
        assert_eq!(nearest_key(&c, "tokne_id"), Some("token_id"));
        assert_eq!(nearest_key(&c, "zzzzzz"), None);
        assert_eq!(
            nearest_key(&c, "loglevel"),
            None,
            "an exact name is not a typo"
        );
    }

    #[test]
    fn profiles_come_from_the_file() {
        let f =
            ConfigFile::from_bytes(Path::new("/c.toml"), b"[default]\n[prod]\n[dev]\n".to_vec());
        assert_eq!(nearest_profile(&f, "prdo"), Some("prod"));
        assert_eq!(nearest_profile(&f, "deve"), Some("dev"));
        assert_eq!(
            nearest_profile(&f, "nope"),
            Some("prod"),
            "the closest, however far"
        );
        assert_eq!(nearest("nope", ["default", "prod", "dev"]), None);
        assert!(profile_exists(&f, "dev") && !profile_exists(&f, "Dev"));
    }

    #[test]
    fn prefix_and_substring_matches_rank_before_edit_distance() {
        let profiles = ["alice", "acme-prod", "acme-dev", "default"];
        assert_eq!(suggestions("acme", profiles), ["acme-prod", "acme-dev"]);
        assert_eq!(
            either(&suggestions("acme", profiles)),
            "`acme-prod` or `acme-dev`"
        );
        assert_eq!(suggestions("acme-de", profiles), ["acme-dev"]);
        assert_eq!(suggestions("prod", profiles), ["acme-prod"], "a substring");
        assert_eq!(suggestions("alcie", profiles), ["alice"], "a typo");
        assert!(suggestions("zzzzzz", profiles).is_empty());
        assert!(
            suggestions("alice", profiles).is_empty(),
            "an exact name is not a typo"
        );
        let c = Client::newest();
        let keys = || c.settings().iter().map(|s| s.key);
        assert_eq!(suggestions("loglvel", keys()), ["loglevel"]);
        assert_eq!(either(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
