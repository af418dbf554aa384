//! `faqpress completions SHELL`: a completion script on standard output.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;

pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "faqpress", &mut std::io::stdout());
    Ok(())
}
