//! Whole-document behaviour, each expectation printed by CPython 3.11.7 with toml 0.10.2.

use super::{Obj, loads};
use crate::py::repr::repr;

fn ok(text: &str) -> String {
    match loads(text) {
        Ok(o) => repr(&o.to_py()),
        Err(e) => panic!("{text:?}: {}", e.client),
    }
}

fn err(text: &str) -> String {
    match loads(text) {
        Ok(o) => panic!("{text:?} read as {}", repr(&o.to_py())),
        Err(e) => e.client,
    }
}

#[test]
fn documents() {
    assert_eq!(
        ok("[default]\ncafé = \"x\"\n"),
        "{'default': {'café': 'x'}}"
    );
    assert_eq!(ok("[prod .x]\n"), "{'prod': {'x': {}}}");
    assert_eq!(ok("prod .x = 1\n"), "{'prod ': {'x': 1}}");
    assert_eq!(ok("[a]\nx = [0X10]\n"), "{'a': {'x': [16]}}");
    assert_eq!(ok("[a]\nx = 1e400\n"), "{'a': {'x': inf}}");
    assert_eq!(
        ok("[a]\nx = 99999999999999999999\n"),
        "{'a': {'x': 99999999999999999999}}"
    );
    assert_eq!(ok("[a]\n{token_id=\"x\"}\n"), "{'a': {'token_id': 'x'}}");
    assert_eq!(
        ok("[x.w.y]\n[w]\n[w]\n"),
        "{'x': {'w': {'y': {}}}, 'w': {}}"
    );
    assert_eq!(ok("[a]\nx = \"\\u005ct\"\n"), "{'a': {'x': '\\t'}}");
    assert_eq!(ok("[a]\nx = [1,\n2]\n"), "{'a': {'x': [1, 2]}}");
    assert_eq!(ok(""), "{}");
}

#[test]
fn errors() {
    assert_eq!(
        err("[a]\nx = { a = +1 }\n"),
        "Invalid inline table value encountered (line 2 column 1 char 4)"
    );
    assert_eq!(
        err("[a]\nx = \"abc\n"),
        "Unbalanced quotes (line 2 column 9 char 12)"
    );
    assert_eq!(
        err("[a]\n[a]\n"),
        "What? a already exists?{'a': {}} (line 2 column 1 char 4)"
    );
    assert_eq!(
        err("[x]\n[[x]]\n"),
        "You can only load a file descriptor, filename or list"
    );
    assert_eq!(
        err("x\n"),
        "Key name found without value. Reached end of line. (line 1 column 2 char 1)"
    );
    let _ = Obj::new_dict(false);
}

#[test]
fn deep_nesting_stops_instead_of_overflowing() {
    // Run as the client view does, with room for the deepest nesting allowed.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(deep_nesting)
        .unwrap()
        .join()
        .unwrap();
}

fn deep_nesting() {
    let deep = format!("[a]\nx = {}1{}\n", "[".repeat(400), "]".repeat(400));
    assert_eq!(
        err(&deep),
        "maximum recursion depth exceeded while calling a Python object"
    );
    let dotted = format!("[a]\n{} = 1\n", vec!["k"; 1000].join("."));
    assert!(
        loads(&dotted)
            .unwrap_err()
            .message
            .contains("nested too deeply")
    );
    let deep = format!("[a]\nx = {}{}\n", "{ a = ".repeat(400), "}".repeat(400));
    assert!(loads(&deep).is_err());
}

#[test]
fn unicode_escapes_past_a_c_int_overflow_without_a_position() {
    // toml-test's `\U` cases, printed by modal 1.6.4 (toml 0.10.2) reading the file.
    for big in ["FFFFFFFF", "80000000"] {
        assert_eq!(
            err(&format!("[default]\nenvironment = \"\\U{big}\"\n")),
            "Python int too large to convert to C int",
            "{big}"
        );
    }
    assert_eq!(
        err("a = \"\\U80000000\"\n"),
        "Python int too large to convert to C int"
    );
    assert_eq!(
        err("[default]\nenvironment = \"\\U7FFFFFFF\"\n"),
        "chr() arg not in range(0x110000) (line 2 column 1 char 10)"
    );
}
