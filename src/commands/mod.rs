//! One module per subcommand.

pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod help;
pub mod new;
pub mod publish;
pub mod redline;
pub mod serve;
pub mod signing;
pub mod verify;
pub mod watch;
