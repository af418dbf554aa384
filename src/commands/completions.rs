//! `faqpress completions SHELL`: a completion script on standard output.

use clap::{Args, CommandFactory};

use crate::error::Result;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Prints the completion script of the command line `C`.
pub fn run<C: CommandFactory>(args: &CompletionsArgs) -> Result<()> {
    let mut command = C::command();
    // Into memory first: clap_complete panics when it cannot write, and a
    // reader may close the pipe early (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "faqpress", &mut script);
    crate::console::out_bytes(&script);
    Ok(())
}
