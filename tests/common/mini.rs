//! A one-question FAQ in a temporary folder, and running faqpress on it with
//! a time limit: the tests of hostile files and of the archive use them.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::{TempProject, stderr};

pub const FAQ: &str = r#"[document]
id = "mini"
title = "Mini"
organization = "Example Ltd"
language = "en"
entries = ["a"]

[[release]]
version = "1.0"
date = 2026-03-02T12:00:00

[[release]]
version = "2.0"
date = 2026-03-04T12:00:00
"#;

/// A one-question FAQ of two releases in a temporary folder.
pub fn mini() -> TempProject {
    let project = TempProject {
        dir: tempfile::tempdir().expect("temporary folder"),
    };
    write(&project, "sources/faq.toml", FAQ);
    write(
        &project,
        "sources/entries/a.toml",
        "question = \"Q?\"\nanswer = \"A.\"\n",
    );
    project
}

/// Writes a file below the project folder, creating its folder.
pub fn write(project: &TempProject, path: &str, content: impl AsRef<[u8]>) {
    let path = project.path().join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::write(path, content).expect("write file");
}

/// Makes a FIFO at `path` (a file that blocks whoever reads it).
pub fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::remove_file(path).ok();
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
}

/// Runs faqpress in `dir`, killing it if it has not finished after `limit`:
/// a hang fails the test instead of stalling the suite.
pub fn run_bounded(dir: &Path, args: &[&str], limit: Duration) -> Output {
    // Read at run time, so that examples can share this module.
    let Some(bin) = option_env!("CARGO_BIN_EXE_faqpress") else {
        panic!("the faqpress binary is known to integration tests only");
    };
    let mut child = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("faqpress starts");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            child.kill().ok();
            panic!("faqpress {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// Runs faqpress in the project with a minute's limit.
pub fn run(project: &TempProject, args: &[&str]) -> Output {
    run_bounded(project.path(), args, Duration::from_secs(60))
}

/// Asserts the exit code and that stderr holds every expected piece; returns
/// stderr.
pub fn assert_fails(output: &Output, code: i32, expected: &[&str]) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "unexpected exit:\n{err}");
    for piece in expected {
        assert!(err.contains(piece), "`{piece}` not in:\n{err}");
    }
    err
}
