use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(faqpress::cli::main())
}
