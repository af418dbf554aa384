//! `faqpress help [TOPIC]`: the help of the command line, of one command, or
//! the source-format reference, which travels with the binary so that a
//! user needs no copy of the repository to look a key up.

use clap::{Args, CommandFactory};

use crate::error::{Failure, Result};

/// The source-format reference, the same text as `docs/format.md`.
pub const FORMAT_REFERENCE: &str = include_str!("../../docs/format.md");

#[derive(Debug, Args)]
pub struct HelpArgs {
    /// `format` for the source-format reference (every file, key, Markdown
    /// construct and error), or a command's name for its help.
    pub topic: Option<String>,
}

/// Prints the help of the command line `C`, of one of its commands, or the
/// format reference.
pub fn run<C: CommandFactory>(args: &HelpArgs) -> Result<()> {
    let mut command = C::command();
    let Some(topic) = args.topic.as_deref() else {
        crate::console::out_str(&format!("{}\n", command.render_long_help()));
        return Ok(());
    };
    if topic == "format" {
        crate::console::out_str(FORMAT_REFERENCE);
        return Ok(());
    }
    match command.find_subcommand_mut(topic) {
        Some(sub) => {
            let mut sub = sub.clone().bin_name(format!("faqpress {topic}"));
            crate::console::out_str(&format!("{}\n", sub.render_long_help()));
            Ok(())
        }
        None => {
            let mut topics: Vec<String> = command
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            topics.insert(0, "format".into());
            Err(Failure::usage(
                format!("no help on `{topic}`"),
                Some(format!("ask for one of: {}", topics.join(", "))),
            ))
        }
    }
}
