//! A reader that stops early (`faqpress … | head -1`) is a normal end: no
//! command panics when its standard output is closed.

use std::process::{Command, Stdio};

mod common;

use common::TempProject;

/// Runs faqpress in `dir` with `args` and closes the reading end of its
/// standard output at once, before it has written (starting takes far
/// longer); returns the exit code and what it wrote to stderr.
fn run_closed(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faqpress"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("faqpress starts");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("faqpress ends");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

#[test]
fn no_command_panics_on_a_closed_pipe() {
    let project = TempProject::sample();
    let built = project.run(&["publish"]);
    assert!(built.status.success(), "{built:?}");
    let cases: &[&[&str]] = &[
        &["completions", "bash"],
        &["completions", "zsh"],
        &["--help"],
        &["build", "--help"],
        &["diff", "1.0"],
        &["diff", "1.0", "--format", "json"],
        &["verify"],
        &["check"],
        &["build"],
        &["publish"],
        &["new", "fresh"],
    ];
    for args in cases {
        let (code, stderr) = run_closed(project.path(), args);
        assert!(
            !stderr.contains("panicked") && code != Some(101),
            "faqpress {args:?} with a closed pipe: exit {code:?}\n{stderr}"
        );
        assert!(code.is_some(), "faqpress {args:?} was killed by a signal");
    }
}

/// With the pipe open, the output is whole: the closed-pipe handling does not
/// lose what a reader waits for.
#[test]
fn an_open_pipe_gets_the_whole_output() {
    let project = TempProject::sample();
    let output = project.run(&["completions", "bash"]);
    assert!(output.status.success());
    let script = String::from_utf8_lossy(&output.stdout);
    assert!(script.contains("_faqpress()"), "{script}");
    assert!(
        script.trim_end().ends_with("fi"),
        "{}",
        &script[script.len().saturating_sub(200)..]
    );
}
