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

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.args.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
