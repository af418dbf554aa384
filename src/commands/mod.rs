//! One module per subcommand.

pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod new;
pub mod publish;
pub mod serve;
pub mod verify;
pub mod watch;
