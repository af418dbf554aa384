//! The one way faqpress prints: results on standard output, messages on
//! standard error.
//!
//! Printing never panics. A reader that goes away (`faqpress diff … | head`)
//! closes the pipe: that is a normal end, and further output is dropped
//! quietly; the command still finishes and its exit code still tells.
//!
//! Text is made safe for a terminal here ([`crate::terminal::clean`]): `say!`
//! and `note!` escape control and bidi characters in all they print, whatever
//! it came from (a question, a file name, an error of the system).
//! [`out_bytes`] writes as it is, for machine formats (JSON, a completion
//! script) and for text whose parts were made safe before it was coloured.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diag::{self, DiagnosticFormat};
use crate::error::Failure;

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to standard output, made safe for a terminal.
pub fn out_str(text: &str) {
    out_bytes(crate::terminal::clean(text).as_bytes());
}

/// Writes `bytes` to standard output as they are; see the module's note.
pub fn out_bytes(bytes: &[u8]) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = io::stdout().lock();
    if stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // A closed pipe or a full disk: nobody reads what would follow.
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Writes `text` to standard error, made safe for a terminal; an error stream
/// that cannot be written is no reason to stop.
pub fn err_str(text: &str) {
    let text = crate::terminal::clean(text);
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Prints a failure to standard error.
pub fn report(failure: &Failure, format: DiagnosticFormat) {
    match failure {
        Failure::Sources { files, diags } => {
            diag::emit(files, diags, format);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            crate::note!(
                "{errors} error{} in the sources; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
        }
        Failure::Usage { message, hint } => {
            crate::note!("error: {message}");
            if let Some(hint) = hint {
                crate::note!("  hint: {hint}");
            }
        }
        Failure::Env(err) => {
            crate::note!("error: {err:#}");
        }
    }
}

/// A failure as [`report`] prints it, without colour: the same text, for a
/// page that shows it.
pub fn render(failure: &Failure, format: DiagnosticFormat) -> String {
    match failure {
        Failure::Sources { files, diags } => {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            format!(
                "{}{errors} error{} in the sources; nothing was written\n",
                diag::render(files, diags, format),
                if errors == 1 { "" } else { "s" }
            )
        }
        Failure::Usage { message, hint } => match hint {
            Some(hint) => format!("error: {message}\n  hint: {hint}\n"),
            None => format!("error: {message}\n"),
        },
        Failure::Env(err) => format!("error: {err:#}\n"),
    }
}

/// Like `println!`, through [`out_str`].
#[macro_export]
macro_rules! say {
    () => { $crate::console::out_bytes(b"\n") };
    ($($arg:tt)*) => {{
        let mut line = format!($($arg)*);
        line.push('\n');
        $crate::console::out_str(&line);
    }};
}

/// Like `eprintln!`, through [`err_str`].
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {{
        let mut line = format!($($arg)*);
        line.push('\n');
        $crate::console::err_str(&line);
    }};
}
