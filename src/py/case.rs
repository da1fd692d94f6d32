//! Python `str.upper()` / `str.lower()` as CPython 3.11 (Unicode 14.0.0) computes them.
//!
//! Rust's `to_uppercase`/`to_lowercase` use the same full case mappings (`ß`→`SS`,
//! `İ`→`i̇`, final sigma) but a newer Unicode: they also map ~110 code points that Unicode 14
//! leaves alone (e.g. U+A7CB, U+1C89, U+10D50..), and classify more characters as cased /
//! case-ignorable for the final-sigma rule. Both are corrected with tables probed from Python.

use super::unicode_tables::{CASE_IGNORABLE, CASE_MAPPED, CASED, in_ranges};

/// Python `s.upper()`.
pub fn py_upper(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if in_ranges(CASE_MAPPED, c) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Python `s.lower()`, including the final-sigma rule (`'ΑΣ'`→`'ας'`).
pub fn py_lower(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '\u{3a3}' {
            out.push(if final_sigma(&chars, i) {
                '\u{3c2}'
            } else {
                '\u{3c3}'
            });
        } else if in_ranges(CASE_MAPPED, c) {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// CPython `handle_capital_sigma`: `\p{cased} \p{case-ignorable}* Σ !(\p{case-ignorable}* \p{cased})`.
fn final_sigma(chars: &[char], i: usize) -> bool {
    let ignorable = |c: &&char| in_ranges(CASE_IGNORABLE, **c);
    let before = chars[..i].iter().rev().find(|c| !ignorable(c));
    if !before.is_some_and(|&c| in_ranges(CASED, c)) {
        return false;
    }
    let after = chars[i + 1..].iter().find(|c| !ignorable(c));
    !after.is_some_and(|&c| in_ranges(CASED, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every expectation below was printed by CPython 3.11.7.
    #[test]
    fn upper() {
        let cases: &[(&str, &str)] = &[
            ("debug", "DEBUG"),
            ("ß", "SS"),
            ("ŉ", "ʼN"),
            ("ﬁ", "FI"),
            ("ı", "I"),
            ("ſ", "S"),
            ("ǅ", "\u{1c4}"),
            ("ΐ", "\u{399}\u{308}\u{301}"),
            (
                "\u{a7cb}\u{1c89}\u{10d70}\u{19b}",
                "\u{a7cb}\u{1c89}\u{10d70}\u{19b}",
            ),
            ("\u{10d50}a", "\u{10d50}A"),
        ];
        for (input, want) in cases {
            assert_eq!(py_upper(input), *want, "{input:?}");
        }
    }

    #[test]
    fn lower() {
        let cases: &[(&str, &str)] = &[
            ("CBOR", "cbor"),
            ("İ", "i\u{307}"),
            ("\u{212a}", "k"),
            ("Σ", "σ"),
            ("ΑΣ", "ας"),
            ("ΑΣ Σ", "ας σ"),
            ("ΑΣΑ", "ασα"),
            ("Α'Σ", "α'ς"),
            ("ΑΣ'Α", "ασ'α"),
            ("ΑΣ'", "ας'"),
            ("'Σ", "'σ"),
            ("\u{295}Σ", "\u{295}ς"),
            ("ΑΣ\u{897}Α", "ας\u{897}α"),
            (
                "\u{a7cb}\u{1c89}\u{10d50}\u{a7dc}",
                "\u{a7cb}\u{1c89}\u{10d50}\u{a7dc}",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(py_lower(input), *want, "{input:?}");
        }
    }
}
