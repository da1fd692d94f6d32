//! Carries an edit made on LF-normalised text back onto the original bytes: lines the edit
//! did not touch keep their exact bytes (CRLF included), new lines take the file's line
//! ending, and a file without a final newline stays without one. A new file (or one without
//! any line break) gets the platform's line ending, as the client's `open(path, "w")` writes:
//! `\r\n` on Windows, `\n` elsewhere.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// The line ending Python's text mode writes on this platform (`os.linesep`).
pub const PLATFORM_ENDING: &str = if cfg!(windows) { "\r\n" } else { "\n" };

/// The line ending most of the file uses; the platform's when it has no line break at all.
pub(crate) fn dominant_ending(original: &str) -> &'static str {
    let crlf = original.matches("\r\n").count();
    let lf = original.matches('\n').count() - crlf;
    if crlf + lf == 0 {
        PLATFORM_ENDING
    } else if crlf > lf {
        "\r\n"
    } else {
        "\n"
    }
}

/// `original` as it is on disk; `edited` the LF text after the edit.
pub fn patch(original: &str, edited: &str) -> String {
    if original.is_empty() {
        return edited.replace('\n', PLATFORM_ENDING);
    }
    let ending = dominant_ending(original);
    let final_newline = original.ends_with('\n');
    let orig: Vec<&str> = original.split_inclusive('\n').collect();
    let mut norm: Vec<String> = orig.iter().map(|l| l.replace("\r\n", "\n")).collect();
    if let Some(last) = norm.last_mut()
        && !last.ends_with('\n')
    {
        last.push('\n');
    }
    let new: Vec<&str> = edited.split_inclusive('\n').collect();
    let norm_refs: Vec<&str> = norm.iter().map(String::as_str).collect();
    let mut out = String::with_capacity(edited.len() + 64);
    let convert = |l: &str, out: &mut String| {
        if ending == "\r\n" && l.ends_with('\n') && !l.ends_with("\r\n") {
            out.push_str(&l[..l.len() - 1]);
            out.push_str("\r\n");
        } else {
            out.push_str(l);
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &norm_refs, &new) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                for l in &orig[old_index..old_index + len] {
                    out.push_str(l);
                    // The original last line had no newline; anything after it needs one.
                    if !l.ends_with('\n') {
                        out.push_str(ending);
                    }
                }
            }
            DiffOp::Delete { .. } => {}
            DiffOp::Insert {
                new_index, new_len, ..
            }
            | DiffOp::Replace {
                new_index, new_len, ..
            } => {
                for l in &new[new_index..new_index + new_len] {
                    convert(l, &mut out);
                }
            }
        }
    }
    if !final_newline {
        if out.ends_with("\r\n") {
            out.truncate(out.len() - 2);
        } else if out.ends_with('\n') {
            out.truncate(out.len() - 1);
        }
    } else if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(ending);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_crlf_and_missing_final_newline() {
        let original = "[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2";
        let edited = "[a]\nx = 1\nactive = true\n\n[b]\ny = 2\n";
        assert_eq!(
            patch(original, edited),
            "[a]\r\nx = 1\r\nactive = true\r\n\r\n[b]\r\ny = 2"
        );
    }

    #[test]
    fn untouched_lines_are_byte_identical() {
        let original = "# c\n[a]\nx=1   # odd\n";
        let edited = "# c\n[a]\nx=1   # odd\nactive = true\n";
        assert_eq!(patch(original, edited), edited);
    }

    #[test]
    fn a_new_file_and_one_without_line_breaks_get_the_platform_ending() {
        let nl = if cfg!(windows) { "\r\n" } else { "\n" };
        assert_eq!(patch("", "[a]\nx = 1\n"), format!("[a]{nl}x = 1{nl}"));
        assert_eq!(patch("[a]", "[a]\nx = 1\n"), format!("[a]{nl}x = 1"));
        // A file's own endings win over the platform's, either way.
        assert_eq!(patch("[a]\n", "[a]\nx = 1\n"), "[a]\nx = 1\n");
        assert_eq!(patch("[a]\r\n", "[a]\nx = 1\n"), "[a]\r\nx = 1\r\n");
    }
}
