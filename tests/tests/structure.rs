//! The engine's module graph (issue 17): every `crate::` reference in `adapter/src` (a
//! `use crate::…` line, grouped or not, an inline path such as `crate::pipe::Pipe`, and a
//! use of a crate macro, counted as a reference to the module that defines it) is an
//! edge. The layers are declared once, in the `//! - layer N …` lines of
//! `adapter/src/lib.rs`; a module may use its own layer and those below, and the graph
//! may have no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../adapter/src")
}

/// Every `.rs` file under `dir`, with the top-level module it belongs to (`stream/direct.rs`
/// is part of `stream`; `lib.rs` is the crate root, `lib`).
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(dir).unwrap();
                let first = rel
                    .components()
                    .next()
                    .unwrap()
                    .as_os_str()
                    .to_string_lossy();
                let module = first.trim_end_matches(".rs").to_string();
                out.push((module, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// `text` without comments and string literals, so that only code is searched.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            i = end;
        } else if b[i] == b'"' {
            // Skip to the closing quote (raw strings are not used in the engine).
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && i + 2 < b.len() && (b[i + 2] == b'\'' || b[i + 1] == b'\\') {
            // A character literal (lifetimes such as `'a` are left alone).
            let close = text[i + 1..].find('\'').map_or(b.len(), |e| i + 1 + e + 1);
            i = close;
            out.push_str("' '");
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first path segment of each item of a `{…}` group (nested groups included).
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                heads.push(group[start..i].to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    heads.push(group[start..].to_string());
    heads
        .iter()
        .map(|h| ident_at(h.trim()).to_string())
        .filter(|h| !h.is_empty())
        .collect()
}

/// The names after each `crate::` in `code`: `crate::a::b` gives `a`, `crate::{a, b::c}`
/// gives `a` and `b`.
fn crate_refs(code: &str) -> Vec<String> {
    let mut refs = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = code[at + "crate::".len()..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(group.len(), |(i, _)| i);
            refs.extend(group_heads(&group[..end]));
        } else {
            let name = ident_at(rest);
            if !name.is_empty() {
                refs.push(name.to_string());
            }
        }
    }
    refs
}

/// Macros defined with `macro_rules!` in each module: name -> module.
fn macro_owners(files: &[(String, String)]) -> BTreeMap<String, String> {
    let mut owners = BTreeMap::new();
    for (module, text) in files {
        let code = code_only(text);
        for (at, _) in code.match_indices("macro_rules!") {
            let name = ident_at(code[at + "macro_rules!".len()..].trim_start());
            owners.insert(name.to_string(), module.clone());
        }
    }
    owners
}

/// Whether `code` has a path starting with module `name` (`name::item`).
fn invokes_path(code: &str, name: &str) -> bool {
    let pat = format!("{name}::");
    code.match_indices(&pat).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    })
}

/// Whether `code` invokes macro `name` (`name!`, not `macro_rules! name`).
fn invokes(code: &str, name: &str) -> bool {
    let pat = format!("{name}!");
    code.match_indices(&pat).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let is_start = !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        is_start && !code[..at].trim_end().ends_with("macro_rules!")
    })
}

/// The engine's module graph: module -> modules it uses (never itself).
fn engine_graph() -> Graph {
    let files = sources(&src_dir());
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let macros = macro_owners(&files);
    let mut graph: Graph = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    for (module, text) in &files {
        let code = code_only(text);
        let mut targets = BTreeSet::new();
        let mut names = crate_refs(&code);
        if module == "lib" {
            // The crate root names its modules without `crate::` (`stdio::write`).
            names.extend(modules.iter().filter(|m| invokes_path(&code, m)).cloned());
        }
        for name in names {
            targets.insert(if modules.contains(&name) {
                name
            } else if let Some(owner) = macros.get(&name) {
                owner.clone()
            } else {
                // An item of the crate root (`crate::init`, `crate::flush_all`).
                "lib".to_string()
            });
        }
        for (name, owner) in &macros {
            if owner != module && invokes(&code, name) {
                targets.insert(owner.clone());
            }
        }
        targets.remove(module);
        graph.get_mut(module).unwrap().extend(targets);
    }
    graph
}

/// The layers declared in `lib.rs`: module -> layer number, from lines such as
/// ``//! - layer 2, streams: `wait`, `stream` ``.
fn declared_layers(lib: &str) -> BTreeMap<String, u32> {
    let mut layers = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("//! - layer ") else {
            continue;
        };
        let n: u32 = ident_at(rest).parse().expect("a layer number");
        for (i, part) in rest.split('`').enumerate() {
            if i % 2 == 1 {
                layers.insert(part.to_string(), n);
            }
        }
    }
    layers
}

/// A cycle of `graph`, as the path `a -> b -> … -> a`, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    // 0 unvisited, 1 on the current path, 2 done.
    let mut mark: BTreeMap<&str, u8> = BTreeMap::new();
    fn visit<'a>(
        n: &'a str,
        graph: &'a Graph,
        mark: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match mark.get(n).copied().unwrap_or(0) {
            2 => return None,
            1 => {
                let from = path.iter().position(|p| *p == n).unwrap();
                let mut cycle: Vec<String> = path[from..].iter().map(|s| s.to_string()).collect();
                cycle.push(n.to_string());
                return Some(cycle);
            }
            _ => {}
        }
        mark.insert(n, 1);
        path.push(n);
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, mark, path) {
                return Some(c);
            }
        }
        path.pop();
        mark.insert(n, 2);
        None
    }
    for n in graph.keys() {
        if let Some(c) = visit(n, graph, &mut mark, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}

/// Everything wrong with `graph` under `layers`: undeclared modules, upward edges and a
/// cycle, one readable line each.
fn problems(graph: &Graph, layers: &BTreeMap<String, u32>) -> Vec<String> {
    let mut out = Vec::new();
    for m in graph.keys() {
        if !layers.contains_key(m) {
            out.push(format!(
                "module `{m}` is in no layer (declare it in lib.rs)"
            ));
        }
    }
    for m in layers.keys() {
        if !graph.contains_key(m) {
            out.push(format!("layer list names `{m}`, which is not a module"));
        }
    }
    for (from, tos) in graph {
        for to in tos {
            if let (Some(a), Some(b)) = (layers.get(from), layers.get(to))
                && b > a
            {
                out.push(format!(
                    "upward edge: `{from}` (layer {a}) uses `{to}` (layer {b})"
                ));
            }
        }
    }
    if let Some(cycle) = find_cycle(graph) {
        out.push(format!("import cycle: {}", cycle.join(" -> ")));
    }
    out
}

#[test]
fn engine_modules_import_only_downward_and_form_no_cycle() {
    let graph = engine_graph();
    let lib = std::fs::read_to_string(src_dir().join("lib.rs")).unwrap();
    let layers = declared_layers(&lib);
    assert!(layers.len() > 10, "no layer list found in lib.rs");
    let found = problems(&graph, &layers);
    let mut listing = String::new();
    for (n, name) in [
        "memory and bindings",
        "streams, waiting, the table",
        "descriptor kinds",
        "any descriptor",
        "faces",
    ]
    .iter()
    .enumerate()
    {
        let n = n as u32 + 1;
        let members: Vec<&str> = layers
            .iter()
            .filter(|&(_, &l)| l == n)
            .map(|(m, _)| m.as_str())
            .collect();
        listing.push_str(&format!("layer {n} ({name}): {}\n", members.join(", ")));
    }
    assert!(
        found.is_empty(),
        "{}\n\nlayers:\n{listing}",
        found.join("\n")
    );
}

fn synthetic(edges: &[(&str, &str)]) -> Graph {
    let mut g = Graph::new();
    for (a, b) in edges {
        g.entry(a.to_string()).or_default().insert(b.to_string());
        g.entry(b.to_string()).or_default();
    }
    g
}

#[test]
fn the_checker_finds_cycles_and_upward_edges() {
    let layers: BTreeMap<String, u32> = [("low", 1), ("mid", 2), ("top", 3)]
        .iter()
        .map(|(m, l)| (m.to_string(), *l))
        .collect();
    let good = synthetic(&[("top", "mid"), ("mid", "low"), ("top", "low")]);
    assert!(problems(&good, &layers).is_empty());
    let up = synthetic(&[("top", "mid"), ("mid", "low"), ("low", "top")]);
    let found = problems(&up, &layers);
    assert!(
        found
            .iter()
            .any(|p| p == "upward edge: `low` (layer 1) uses `top` (layer 3)")
    );
    assert!(
        found
            .iter()
            .any(|p| p == "import cycle: low -> top -> mid -> low")
    );
    // A cycle inside one layer is not an upward edge but still fails.
    let same = synthetic(&[("mid", "low"), ("low", "mid")]);
    let layers_flat: BTreeMap<String, u32> = [("low", 1), ("mid", 1)]
        .iter()
        .map(|(m, l)| (m.to_string(), *l))
        .collect();
    assert_eq!(
        problems(&same, &layers_flat),
        ["import cycle: low -> mid -> low"]
    );
}

#[test]
fn the_parser_sees_every_form_of_reference() {
    let code = code_only(
        "use crate::a::X;\nuse crate::{b, c::{D, E}, f::G};\n\
         fn x() { crate::h::y(); $crate::i::z(); } // crate::comment\n\
         let s = \"crate::string\"; lit!(\"q\");",
    );
    let refs: BTreeSet<String> = crate_refs(&code).into_iter().collect();
    let want: BTreeSet<String> = ["a", "b", "c", "f", "h", "i"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(refs, want);
    assert!(invokes(&code, "lit"));
    assert!(invokes_path("let x = stdio::write(1);", "stdio"));
    assert!(!invokes_path("let x = crate::stdio::write(1);", "stdio"));
    assert!(!invokes_path("let x = mystdio::write(1);", "stdio"));
    assert!(!invokes("macro_rules! lit { () => {} }", "lit"));
    assert!(!invokes("split!()", "lit"));
}
