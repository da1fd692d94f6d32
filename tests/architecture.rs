//! The house's layering, checked: no import circle between the modules of any folder of `src/`
//! (the top-level modules, the files and subfolders of `config/`, of `tui/`, …).
//!
//! Each file's `crate::`, `super::`, `self::` and child-module paths are resolved to the
//! module they name; an edge goes from the file to that module. In every folder, the edges
//! between its direct children (a subfolder stands for everything under it, the folder's own
//! `mod.rs`/`lib.rs` is one more child) must not make a circle. `mod` declarations and the
//! folder file's `pub use` re-exports are its table of contents, not dependencies; code under
//! `#[cfg(test)]` is left out (a unit test may reach anywhere).
//!
//! `cargo test --test architecture -- --nocapture` prints the graph of every folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

/// A folder's own file (`mod.rs`, `lib.rs`) in its folder's graph.
const SELF: &str = "(self)";

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Punct(&'static str),
    Other,
}

/// Rust source without comments, string, char and byte literals, as tokens.
fn tokens(src: &str) -> Vec<Tok> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) && {
            let mut j = i + 1;
            while b.get(j) == Some(&b'#') {
                j += 1;
            }
            b.get(j) == Some(&b'"')
        } {
            let mut j = i + 1;
            let mut hashes = 0;
            while b[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
            out.push(Tok::Other);
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push(Tok::Other);
        } else if c == b'\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if b.get(i + 1) == Some(&b'\\') {
                i += 2;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            } else if b.get(i + 2) == Some(&b'\'') {
                i += 3;
            } else {
                // A lifetime, or a multi-byte char literal.
                let rest = &src[i + 1..];
                let ch = rest.chars().next().map_or(1, char::len_utf8);
                if rest.as_bytes().get(ch) == Some(&b'\'') {
                    i += 1 + ch + 1;
                } else {
                    i += 1;
                }
            }
            out.push(Tok::Other);
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Ident(src[s..i].to_string()));
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b':' && b.get(i + 1) == Some(&b':') {
            out.push(Tok::Punct("::"));
            i += 2;
        } else {
            let p = match c {
                b'{' => Some("{"),
                b'}' => Some("}"),
                b',' => Some(","),
                b';' => Some(";"),
                b'#' => Some("#"),
                b'[' => Some("["),
                b']' => Some("]"),
                b'(' => Some("("),
                b')' => Some(")"),
                _ => None,
            };
            out.push(p.map_or(Tok::Other, Tok::Punct));
            i += if c.is_ascii() {
                1
            } else {
                src[i..].chars().next().unwrap().len_utf8()
            };
        }
    }
    out
}

fn ident(t: Option<&Tok>) -> Option<&str> {
    match t {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

/// One source file's module and what it refers to.
struct FileInfo {
    module: ModPath,
    rel: PathBuf,
    /// Child modules declared in it (`mod x;`), with whether they are test-only.
    children: Vec<(String, bool)>,
    /// Paths it names (before resolution), with whether they come from a re-export.
    paths: Vec<(Vec<String>, bool)>,
}

/// Drops the tokens of items under `#[cfg(test)]` (a `mod … { … }` or `mod …;`).
fn without_test_code(toks: Vec<Tok>) -> (Vec<Tok>, Vec<String>) {
    let mut out = Vec::new();
    let mut test_mods = Vec::new();
    let mut i = 0;
    let is = |t: &Tok, s: &str| matches!(t, Tok::Ident(x) if x == s);
    while i < toks.len() {
        // `#[cfg(test)]`, `#[cfg(all(test, unix))]`: an attribute whose words are `cfg`,
        // `test` and others but no `not`.
        let attr_end = (toks[i] == Tok::Punct("#")
            && toks.get(i + 1) == Some(&Tok::Punct("["))
            && toks.get(i + 2).is_some_and(|t| is(t, "cfg")))
        .then(|| (i..toks.len()).find(|&k| toks[k] == Tok::Punct("]")))
        .flatten();
        let cfg_test = attr_end.is_some_and(|end| {
            let words = &toks[i..end];
            words.iter().any(|t| is(t, "test")) && !words.iter().any(|t| is(t, "not"))
        });
        if cfg_test {
            // Skip the attribute, then the item: up to its `;` or its balanced `{ … }`.
            let mut j = attr_end.unwrap() + 1;
            let mut name = None;
            while j < toks.len() {
                if is(&toks[j], "mod") {
                    name = ident(toks.get(j + 1)).map(str::to_string);
                }
                match toks[j] {
                    Tok::Punct(";") => {
                        if let Some(n) = name.take() {
                            test_mods.push(n);
                        }
                        j += 1;
                        break;
                    }
                    Tok::Punct("{") => {
                        let mut depth = 0;
                        while j < toks.len() {
                            match toks[j] {
                                Tok::Punct("{") => depth += 1,
                                Tok::Punct("}") => {
                                    depth -= 1;
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                _ => {}
                            }
                            j += 1;
                        }
                        j += 1;
                        break;
                    }
                    _ => j += 1,
                }
            }
            i = j;
        } else {
            out.push(toks[i].clone());
            i += 1;
        }
    }
    (out, test_mods)
}

/// Expands a `use` tree starting at `toks[i]` into full paths; returns the index after it.
fn use_tree(toks: &[Tok], mut i: usize, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix.to_vec();
    loop {
        match toks.get(i) {
            Some(Tok::Ident(s)) if s == "as" => {
                i += 2;
            }
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                i += 1;
            }
            Some(Tok::Punct("::")) => i += 1,
            Some(Tok::Punct("{")) => {
                i += 1;
                loop {
                    match toks.get(i) {
                        Some(Tok::Punct("}")) => return i + 1,
                        Some(Tok::Punct(",")) => i += 1,
                        None => return i,
                        _ => i = use_tree(toks, i, &path, out),
                    }
                }
            }
            _ => {
                // `*`, `,`, `}`, `;`: the path ends here.
                if path.len() > prefix.len() || matches!(toks.get(i), Some(Tok::Other)) {
                    out.push(path);
                }
                if matches!(toks.get(i), Some(Tok::Other)) {
                    i += 1; // the glob's `*`
                }
                return i;
            }
        }
    }
}

fn read_file(root: &Path, rel: &Path, module: ModPath) -> FileInfo {
    let src = std::fs::read_to_string(root.join(rel)).unwrap();
    let (toks, test_mods) = without_test_code(tokens(&src));
    let mut children = Vec::new();
    let mut paths = Vec::new();
    let mut i = 0;
    let mut public = false;
    // Inline modules (`mod sys { … }`) around the current token, with the brace depth each
    // opened at: `super::` inside one is relative to it, not to the file's module.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut record = |p: Vec<String>, public: bool, inline: &[(String, usize)]| {
        let names: Vec<String> = inline.iter().map(|(n, _)| n.clone()).collect();
        let supers = p.iter().take_while(|s| *s == "super").count();
        let p = match p.first().map(String::as_str) {
            _ if names.is_empty() => p,
            Some("crate") => p,
            Some("super") if supers <= names.len() => {
                let mut q = vec!["self".to_string()];
                q.extend_from_slice(&names[..names.len() - supers]);
                q.extend_from_slice(&p[supers..]);
                q
            }
            Some("super") => {
                let mut q = vec!["super".to_string(); supers - names.len()];
                q.extend_from_slice(&p[supers..]);
                q
            }
            Some("self") => {
                let mut q = vec!["self".to_string()];
                q.extend(names);
                q.extend_from_slice(&p[1..]);
                q
            }
            // The inline module's own items or its children: the file itself.
            _ => vec!["self".to_string()],
        };
        paths.push((p, public));
    };
    while i < toks.len() {
        let word = ident(toks.get(i));
        match toks[i] {
            Tok::Punct("{") => depth += 1,
            Tok::Punct("}") => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            _ => {}
        }
        match word {
            Some("mod") if toks.get(i + 2) == Some(&Tok::Punct("{")) => {
                inline.push((ident(toks.get(i + 1)).unwrap().to_string(), depth));
                i += 1;
            }
            Some("pub") => {
                public = true;
                i += 1;
                if toks.get(i) == Some(&Tok::Punct("(")) {
                    while toks.get(i) != Some(&Tok::Punct(")")) {
                        i += 1;
                    }
                    i += 1;
                }
                continue;
            }
            Some("mod") if toks.get(i + 2) == Some(&Tok::Punct(";")) => {
                let name = ident(toks.get(i + 1)).unwrap().to_string();
                let test = test_mods.contains(&name);
                children.push((name, test));
                i += 3;
            }
            Some("use") => {
                let mut found = Vec::new();
                i = use_tree(&toks, i + 1, &[], &mut found);
                for p in found {
                    record(p, public, &inline);
                }
            }
            Some(_)
                if toks.get(i + 1) == Some(&Tok::Punct("::"))
                    && (i == 0 || toks[i - 1] != Tok::Punct("::")) =>
            {
                let mut p = vec![word.unwrap().to_string()];
                let mut j = i + 1;
                while toks.get(j) == Some(&Tok::Punct("::")) {
                    match ident(toks.get(j + 1)) {
                        Some(s) => p.push(s.to_string()),
                        None => break,
                    }
                    j += 2;
                }
                record(p, false, &inline);
                i = j;
            }
            _ => i += 1,
        }
        public = false;
    }
    FileInfo {
        module,
        rel: rel.to_path_buf(),
        children,
        paths,
    }
}

/// Every non-test module file of the crate, from `lib.rs` down its `mod` declarations.
fn crate_files(root: &Path) -> Vec<FileInfo> {
    let mut files = Vec::new();
    let mut todo = vec![(PathBuf::from("lib.rs"), Vec::<String>::new())];
    while let Some((rel, module)) = todo.pop() {
        let info = read_file(root, &rel, module.clone());
        let dir = if rel.file_name().unwrap() == "mod.rs" || rel == Path::new("lib.rs") {
            rel.parent().unwrap().to_path_buf()
        } else {
            rel.with_extension("")
        };
        for (child, test) in &info.children {
            if *test {
                continue;
            }
            let mut m = module.clone();
            m.push(child.clone());
            let flat = dir.join(format!("{child}.rs"));
            let rel = if root.join(&flat).exists() {
                flat
            } else {
                dir.join(child).join("mod.rs")
            };
            todo.push((rel, m));
        }
        files.push(info);
    }
    files
}

/// The module a path names, as the longest known module that prefixes it (absolute).
fn resolve(
    file: &FileInfo,
    path: &[String],
    files: &BTreeMap<ModPath, &FileInfo>,
) -> Option<ModPath> {
    resolve_at(file, path, files, 0)
}

/// [`resolve`], following a module's `pub use` re-exports to where the item is defined (so
/// `crate::Config`, re-exported at the root, is the module that defines `Config`).
fn resolve_at(
    file: &FileInfo,
    path: &[String],
    files: &BTreeMap<ModPath, &FileInfo>,
    depth: usize,
) -> Option<ModPath> {
    let mut abs: ModPath;
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            abs = Vec::new();
            rest = &path[1..];
        }
        Some("self") => {
            abs = file.module.clone();
            rest = &path[1..];
        }
        Some("super") => {
            abs = file.module.clone();
            while rest.first().is_some_and(|s| s == "super") {
                abs.pop();
                rest = &rest[1..];
            }
        }
        Some(first) if file.children.iter().any(|(c, _)| c == first) => {
            abs = file.module.clone();
        }
        _ => return None,
    }
    let mut best = abs.clone();
    let mut used = 0;
    for seg in rest {
        abs.push(seg.clone());
        if files.contains_key(&abs) {
            best = abs.clone();
            used += 1;
        } else {
            break;
        }
    }
    if let (Some(next), Some(owner)) = (rest.get(used), files.get(&best))
        && depth < 8
    {
        let reexport = owner
            .paths
            .iter()
            .find(|(p, public)| *public && p.last() == Some(next));
        if let Some((p, _)) = reexport
            && let Some(m) = resolve_at(owner, p, files, depth + 1)
        {
            return Some(m);
        }
    }
    Some(best)
}

/// Strongly connected components with more than one member (Tarjan).
fn circles(nodes: &[String], edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct St<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on: BTreeSet<String>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit(v: &str, s: &mut St) {
        s.index.insert(v.into(), s.next);
        s.low.insert(v.into(), s.next);
        s.next += 1;
        s.stack.push(v.into());
        s.on.insert(v.into());
        for w in s.edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(w, s);
                let l = s.low[w].min(s.low[v]);
                s.low.insert(v.into(), l);
            } else if s.on.contains(w) {
                let l = s.index[w].min(s.low[v]);
                s.low.insert(v.into(), l);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on.remove(&w);
                let done = w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = St {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for n in nodes {
        if !s.index.contains_key(n) {
            visit(n, &mut s);
        }
    }
    s.out
}

/// For each folder: its children and the edges between them, with one file that makes each.
struct Folder {
    nodes: BTreeSet<String>,
    edges: BTreeMap<String, BTreeSet<String>>,
    why: BTreeMap<(String, String), String>,
}

fn folders(files: &[FileInfo]) -> BTreeMap<ModPath, Folder> {
    let by_module: BTreeMap<ModPath, &FileInfo> =
        files.iter().map(|f| (f.module.clone(), f)).collect();
    let modules: BTreeSet<ModPath> = by_module.keys().cloned().collect();
    let has_children: BTreeSet<ModPath> = files
        .iter()
        .filter(|f| f.children.iter().any(|(_, t)| !t))
        .map(|f| f.module.clone())
        .collect();
    let mut out: BTreeMap<ModPath, Folder> = BTreeMap::new();
    for dir in &has_children {
        let mut nodes = BTreeSet::new();
        nodes.insert(SELF.to_string());
        for m in &modules {
            if m.len() == dir.len() + 1 && m.starts_with(dir) {
                nodes.insert(m[dir.len()].clone());
            }
        }
        out.insert(
            dir.clone(),
            Folder {
                nodes,
                edges: BTreeMap::new(),
                why: BTreeMap::new(),
            },
        );
    }
    let child_of = |dir: &ModPath, m: &ModPath| -> Option<String> {
        if !m.starts_with(dir) {
            return None;
        }
        Some(
            m.get(dir.len())
                .cloned()
                .unwrap_or_else(|| SELF.to_string()),
        )
    };
    for f in files {
        for (p, _reexport) in &f.paths {
            let Some(target) = resolve(f, p, &by_module) else {
                continue;
            };
            for (dir, folder) in out.iter_mut() {
                let (Some(a), Some(b)) = (child_of(dir, &f.module), child_of(dir, &target)) else {
                    continue;
                };
                if a == b || a == SELF || b == SELF {
                    continue;
                }
                folder.edges.entry(a.clone()).or_default().insert(b.clone());
                folder
                    .why
                    .entry((a, b))
                    .or_insert_with(|| format!("{} names {}", f.rel.display(), p.join("::")));
            }
        }
    }
    out
}

#[test]
fn no_import_circle_in_any_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = crate_files(&root);
    assert!(
        files.len() > 50,
        "the crate's files were not found: {}",
        files.len()
    );
    let mut report = String::new();
    let mut total = 0;
    for (dir, folder) in folders(&files) {
        let nodes: Vec<String> = folder.nodes.iter().cloned().collect();
        let name = if dir.is_empty() {
            "src".to_string()
        } else {
            format!("src/{}", dir.join("/"))
        };
        println!("{name}:");
        for (a, bs) in &folder.edges {
            println!(
                "  {a} -> {}",
                bs.iter().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        for c in circles(&nodes, &folder.edges) {
            total += 1;
            report.push_str(&format!("circle in {name}: {}\n", c.join(" ⇄ ")));
            for a in &c {
                for b in &c {
                    if folder.edges.get(a).is_some_and(|s| s.contains(b)) {
                        report.push_str(&format!(
                            "    {a} -> {b}: {}\n",
                            folder.why[&(a.clone(), b.clone())]
                        ));
                    }
                }
            }
        }
    }
    println!("{total} circles");
    assert!(
        total == 0,
        "{total} import circles between modules of one folder:\n{report}"
    );
}

/// The checker finds a circle when there is one, and resolves the path forms the crate uses.
#[test]
fn the_checker_sees_circles_and_path_forms() {
    let edges: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), ["b".to_string()].into()),
        ("b".to_string(), ["c".to_string()].into()),
        ("c".to_string(), ["a".to_string()].into()),
    ]
    .into();
    let nodes = vec!["a".into(), "b".into(), "c".into(), "d".into()];
    assert_eq!(
        circles(&nodes, &edges),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );

    let toks = tokens(
        "use crate::x::{y::Z, w as W, self}; // crate::nope\nfn f() { super::q::r(); let s = \"crate::no\"; }",
    );
    let mut found = Vec::new();
    use_tree(&toks, 1, &[], &mut found);
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(found, ["crate::x::y::Z", "crate::x::w", "crate::x::self"]);
    let idents: Vec<&Tok> = toks
        .iter()
        .filter(|t| matches!(t, Tok::Ident(s) if s == "nope" || s == "no"))
        .collect();
    assert!(idents.is_empty(), "comments and strings are not code");
    let (kept, test_mods) = without_test_code(tokens(
        "#[cfg(test)]\nmod tests;\n#[cfg(test)] mod t { use crate::a; }\nuse crate::b;",
    ));
    assert_eq!(test_mods, ["tests"]);
    assert!(!kept.contains(&Tok::Ident("a".into())));
    assert!(kept.contains(&Tok::Ident("b".into())));
}

/// `super::` inside an inline `mod sys { … }` is relative to that module, and code under
/// `#[cfg(all(test, …))]` is left out like `#[cfg(test)]`.
#[test]
fn inline_modules_and_test_only_code() {
    let dir = std::env::temp_dir().join(format!("arch-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("m.rs"),
        "mod sys { use super::a::X; fn f() { super::super::b::g(); } }\n\
         #[cfg(all(test, unix))]\nmod tests { use crate::c; }\nuse self::d::Y;",
    )
    .unwrap();
    let f = read_file(&dir, Path::new("m.rs"), vec!["top".into(), "m".into()]);
    std::fs::remove_dir_all(&dir).unwrap();
    let paths: Vec<String> = f.paths.iter().map(|(p, _)| p.join("::")).collect();
    assert_eq!(paths, ["self::a::X", "super::b::g", "self::d::Y"]);
}

/// The layers docs/ARCHITECTURE.md names, beyond "no circle": the CLI and the terminal app
/// never import each other, and inside `tui/` the state (`app/`) imports neither the drawing
/// nor the runtime, and the drawing (`ui/`) only the state.
#[test]
fn the_front_ends_and_the_app_s_layers_import_only_downwards() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let folders = folders(&crate_files(&root));
    let edges = |dir: &[&str], from: &str| -> BTreeSet<String> {
        let dir: ModPath = dir.iter().map(|s| s.to_string()).collect();
        (folders.get(&dir))
            .and_then(|f| f.edges.get(from))
            .cloned()
            .unwrap_or_default()
    };
    let mut wrong = Vec::new();
    for (from, to) in [("cli", "tui"), ("tui", "cli")] {
        if edges(&[], from).contains(to) {
            let why = &folders[&Vec::new()].why[&(from.to_string(), to.to_string())];
            wrong.push(format!("{from} -> {to}: {why}"));
        }
    }
    let allowed: [(&str, &[&str]); 2] = [("app", &[]), ("ui", &["app"])];
    for (from, may) in allowed {
        for to in edges(&["tui"], from) {
            if !may.contains(&to.as_str()) {
                let why = &folders[&vec!["tui".to_string()]].why[&(from.to_string(), to.clone())];
                wrong.push(format!("tui/{from} -> tui/{to}: {why}"));
            }
        }
    }
    assert!(
        folders.contains_key(&vec!["tui".to_string()]),
        "src/tui was not found"
    );
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

/// A test file that looks inside the app (`modalcfg::tui`, `modalcfg::cli`, or the shared
/// fixtures of `tests/common/`, which do) is declared in Cargo.toml with
/// `required-features = ["internals"]`: in the published crate, where cargo strips the self
/// dev-dependency that turns the feature on, it is then left out instead of failing to compile.
#[test]
fn tests_that_look_inside_the_app_require_internals() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let declared: BTreeSet<String> = manifest
        .split("[[test]]")
        .skip(1)
        .filter(|block| block.contains("required-features = [\"internals\"]"))
        .filter_map(|block| {
            let name = block.split("name = \"").nth(1)?;
            Some(name[..name.find('"')?].to_string())
        })
        .collect();
    let mut needing = BTreeSet::new();
    for entry in std::fs::read_dir(root.join("tests")).unwrap() {
        let path = entry.unwrap().path();
        // This file names those paths only to look for them.
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with(file!()) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let inside = ["modalcfg::tui", "modalcfg::cli", "\nmod common;"];
        if inside.iter().any(|s| text.contains(s)) {
            needing.insert(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(needing.len() > 10, "the tests were not found: {needing:?}");
    let missing: Vec<_> = needing.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "declare these in Cargo.toml as [[test]] with required-features = [\"internals\"]: {missing:?}"
    );
}
