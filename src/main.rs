//! The `lessons` command line: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lessons",
    version,
    about = "Write, translate and test coding lessons in freeCodeCamp's challenge markdown",
    long_about = "Write, translate and test coding lessons in freeCodeCamp's challenge markdown.\n\n\
                  A content root holds one folder per language (english/, ukrainian/, …) and the \
                  block structure (structure/ or _meta/). Both layouts of the real curriculum are \
                  accepted, at …/curriculum, …/curriculum/challenges, or the project's content/."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and link every lesson, print every problem as path:line:col, exit 1 on errors
    Check {
        /// Content roots, folders or single challenge files
        #[arg(default_value = "content")]
        paths: Vec<PathBuf>,
    },
    /// Print the parsed model as JSON, one object per challenge per line
    Parse {
        /// Content roots, folders or single challenge files
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output JSON (the only format for now; accepted for clarity in scripts)
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Check { paths } => lessons::commands::check::main(&paths, &mut out),
        Command::Parse { paths, json: _ } => {
            lessons::commands::parse::main(&paths, &mut out, &mut std::io::stderr())
        }
    };
    match result {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
