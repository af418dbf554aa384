//! How a command fails: mistakes in the sources (exit 1), or problems with the
//! command line or the environment (exit 2).

use crate::diag::{Diagnostic, SourceFiles};

#[derive(Debug)]
pub enum Failure {
    /// The sources have errors; nothing was written.
    Sources {
        files: SourceFiles,
        diags: Vec<Diagnostic>,
    },
    /// The command line asked for something impossible.
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// The machine said no: a folder cannot be written, a disk is full.
    Env(anyhow::Error),
}

impl Failure {
    pub fn usage(message: impl Into<String>, hint: impl Into<Option<String>>) -> Self {
        Self::Usage {
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Sources { .. } => 1,
            Failure::Usage { .. } | Failure::Env(_) => 2,
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(err: anyhow::Error) -> Self {
        Failure::Env(err)
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::Env(err.into())
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;
