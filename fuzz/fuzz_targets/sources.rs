//! A whole sources folder from bytes: `faq.toml`, entries, snippets and
//! images, loaded, checked and turned into the Typst of every release.
//!
//! The input is a list of files, each starting with a line `=== <path>`;
//! paths are `faq.toml`, `entries/<id>.toml`, `snippets/<name>.md` or
//! `images/<name>`. Loading must not panic or hang, its diagnostics must
//! point inside the files, and every release's generated main file must
//! parse as Typst, with a PDF name that is one valid file name.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use faqpress::timeline::Snapshot;
use faqpress_fuzz::{check_diagnostics, check_typst_file};
use libfuzzer_sys::fuzz_target;

/// One folder per fuzzing process, emptied for every input.
fn workdir() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, sources) = DIR.get_or_init(|| {
        // A RAM disk where there is one: the folder is rewritten per input.
        let shm = Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .expect("temporary folder");
        let sources = dir.path().join("sources");
        (dir, sources)
    });
    sources
}

/// The files of an input: a path the sources may have, and its bytes.
fn files(data: &[u8]) -> Vec<(String, &[u8])> {
    let mut out = vec![];
    let Some(start) = find(data, b"=== ") else {
        return out;
    };
    let mut rest = &data[start + 4..];
    loop {
        let end = find(rest, b"\n=== ");
        let chunk = end.map_or(rest, |i| &rest[..i]);
        let (head, body) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], &chunk[i + 1..]),
            None => (chunk, &[][..]),
        };
        let path = String::from_utf8_lossy(head).trim().to_string();
        if allowed(&path) && out.len() < 64 {
            out.push((path, body));
        }
        match end {
            Some(i) => rest = &rest[i + 5..],
            None => return out,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn allowed(path: &str) -> bool {
    let name_ok = |name: &str| {
        !name.is_empty()
            && name.len() <= 64
            && name != "."
            && name != ".."
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    };
    match path.split_once('/') {
        None => path == "faq.toml",
        Some((dir, name)) => matches!(dir, "entries" | "snippets" | "images") && name_ok(name),
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() > 256 * 1024 {
        return;
    }
    let sources = workdir();
    let _ = std::fs::remove_dir_all(sources);
    for dir in ["entries", "snippets", "images"] {
        std::fs::create_dir_all(sources.join(dir)).expect("create folder");
    }
    for (path, content) in files(data) {
        std::fs::write(sources.join(path), content).expect("write file");
    }
    // Loading runs every check of the sources, for every release.
    let loaded = faqpress::source::load(sources);
    check_diagnostics(&loaded.files, &loaded.diags);
    let Some(faq) = loaded.faq else {
        return;
    };
    for index in faq.release_indices() {
        for file in faqpress::render::typst::typst_files(&Snapshot::new(&faq, index)) {
            check_typst_file(&file.text);
        }
        let name = faqpress::output::pdf_name(&faq, index);
        assert!(
            Path::new(&name).file_name() == Some(name.as_ref()) && name.len() <= 255,
            "the PDF name {name:?} is not one valid file name"
        );
    }
});
