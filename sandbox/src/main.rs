//! `sandbox`: the real-time user counter as a standalone program (`cargo run -p sandbox`).

use std::process::ExitCode;

use clap::Parser;
use sandbox::cli::SandboxArgs;

#[derive(Debug, Parser)]
#[command(name = "sandbox", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    args: SandboxArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let served = sandbox::runtime(&cli.args.config()).and_then(|rt| rt.block_on(cli.args.run()));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
