//! The modules' imports run one way, as the README's map says: a module uses
//! only modules listed after it here. A use of a module listed before it is an
//! import cycle in the making and fails this test.

use std::collections::BTreeSet;
use std::path::Path;

mod common;

/// The top-level modules of `src/`, from the command line down.
const LAYERS: &[&str] = &[
    "cli", "commands", "project", "archive", "typeset", "render", "source", "timeline", "config",
    "output", "model", "console", "error", "diag", "terminal",
];

/// The top-level modules named by `crate::…` in `text`, leaving out comments
/// and test modules.
fn uses(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if rest[name.len()..].starts_with("::") || rest[name.len()..].starts_with(';') {
                out.insert(name);
            } else if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c}`
                let group = group.split('}').next().unwrap_or("");
                for item in group.split(',') {
                    let item = item.trim();
                    let name = item.split("::").next().unwrap_or(item);
                    out.insert(name.to_string());
                }
            }
        }
    }
    out
}

fn module_of(path: &Path, src: &Path) -> Option<String> {
    let relative = path.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

#[test]
fn imports_run_one_way() {
    let src = common::repo().join("src");
    let mut files = vec![];
    rust_files(&src, &mut files);
    let mut wrong = vec![];
    let mut unknown = BTreeSet::new();
    for path in &files {
        let Some(module) = module_of(path, &src) else {
            continue;
        };
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(level) = LAYERS.iter().position(|m| *m == module) else {
            unknown.insert(module);
            continue;
        };
        let text = std::fs::read_to_string(path).expect("a source file");
        for used in uses(&text) {
            match LAYERS.iter().position(|m| *m == used) {
                Some(other) if other < level => {
                    wrong.push(format!("{} uses {used}", path.display()))
                }
                Some(_) => {}
                // Macros exported at the crate root (`crate::note!`).
                None if ["note", "say"].contains(&used.as_str()) => {}
                None => {
                    unknown.insert(used);
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS: {unknown:?}"
    );
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_imports() {
    let found = uses(
        "use crate::model::Faq;\nuse crate::{diag, error::Failure};\n// crate::cli\nlet x = crate::console::out_bytes;",
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["console", "diag", "error", "model"]);
}
