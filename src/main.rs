//! The `lessons` command line: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Loading a curriculum is mostly small allocations on every core, and dropping it frees them
/// all again: mimalloc does both faster than the system allocator (measured with
/// `cargo bench --bench parse`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    ///
    /// Each problem is `path:line:col: severity[code]: message`; `--list-codes` lists every code
    /// with its severity and rule. Errors are lessons that cannot be shown or tested as written;
    /// what freeCodeCamp's own pipeline builds is a warning saying what lessons does with it.
    ///
    /// With --locale, every translated file is also compared with its English source (linked
    /// by block and id, or by id alone when the structure does not place it): section markers,
    /// hints and their test code, seed and solution code (comments excepted), inline code
    /// spans, link targets and untranslatable front-matter keys; English text left in the
    /// translation is reported sentence by sentence, and a table per block shows how much is
    /// translated. Findings are warnings: --deny-warnings makes them fail.
    Check(CheckArgs),
    /// Build the static site: every lesson in every language, highlighted and link-checked
    ///
    /// Settings come from ./lessons.toml when it exists (title, base_url, default_locale,
    /// languages, content, output, cache, highlight); the flags override it. Only English and
    /// the languages built are read.
    ///
    /// A rebuild writes only what changed. A page is rendered again only when something it
    /// shows changed (its lesson's file, its block's lessons and titles, the settings, the
    /// templates, the lessons binary) or its file is not as the last build left it, and a file
    /// is written only when its contents differ from the one in place. New files wait until
    /// every link is checked, so a broken link the templates make changes nothing; each goes in
    /// with a rename, so a server never sees half a file. The output's marker file,
    /// .lessons-build, lists the files the build made there with a hash of each: files it made
    /// and no longer makes are removed, files you add (a CNAME, robots.txt) are kept, and a file
    /// at a path the site makes is replaced. A build that is stopped is completed by the next
    /// one. An output folder that is not empty and has no marker is refused. The last line says
    /// how many files were written, their size and the site's.
    Build(BuildArgs),
    /// Run lessons' hint tests: JavaScript in an embedded engine, web pages in Chromium
    ///
    /// JavaScript lessons run in an embedded engine (QuickJS), each hint in a fresh context with
    /// a time limit, a memory limit, no filesystem, and fetch only to the app under test.
    /// HTML/CSS lessons, workshops and labs (React, Sass and D3 included) run in headless
    /// Chromium (Debian's `chromium`, or LESSONS_CHROMIUM), with Babel and the libraries their
    /// pages load taken from node_modules (`npm ci`). Backend lessons run against --url, or
    /// else against the sandbox, started in-process on a free port. Lessons run against each
    /// solution (in step blocks, the next step's seed when there is none), and their seed must
    /// fail at least one hint. What cannot run (Python, videos, quizzes, lessons whose solution
    /// is `// solution required`) is
    /// listed as skipped, with the reason, and counted by reason at the end.
    Test(TestArgs),
    /// Serve the site from memory, rebuild as files change, and reload open pages
    ///
    /// Builds once, then watches the content, the templates (./templates, so edits show live)
    /// and lessons.toml. A changed lesson re-renders its block; anything else rebuilds the
    /// site. A content or template error is shown on the pages (file, line, message) until
    /// the file is fixed. /__preview/<locale>/ shows each lesson in English and the
    /// translation side by side, with the checker's findings marked.
    Serve(ServeArgs),
    /// Run the sandbox: the real-time counter server backend hints are tested against
    Sandbox(sandbox::cli::SandboxArgs),
    /// Print the parsed model as JSON, one object per challenge per line
    Parse(ParseArgs),
}

/// The arguments of `lessons check`.
#[derive(Args)]
struct CheckArgs {
    /// Content roots, folders or single challenge files
    #[arg(default_value = "content")]
    paths: Vec<PathBuf>,
    /// Check translations in this language (`uk` or `ukrainian`) against English
    #[arg(long)]
    locale: Option<String>,
    /// The English original of a lone translated file given as PATH
    #[arg(long, value_name = "ENGLISH.md", requires = "locale")]
    source: Option<PathBuf>,
    /// A superblock or block (or part of its name) that teaches a language and so keeps
    /// text in it; repeatable. English-, Spanish- and Chinese-learning superblocks are
    /// always kept
    #[arg(long, value_name = "NAME")]
    keep_language: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "pretty")]
    format: lessons::commands::check::Format,
    /// Exit 1 on warnings too (for strict or translation CI)
    #[arg(long)]
    deny_warnings: bool,
    /// Print every diagnostic code with its severity and rule (Markdown), and exit
    #[arg(long, exclusive = true)]
    list_codes: bool,
}

/// The arguments of `lessons build`.
#[derive(Args)]
struct BuildArgs {
    /// Content root to build [default: content]
    #[arg(long)]
    content: Option<PathBuf>,
    /// Folder to write the site to; only changed files are written [default: public]
    #[arg(long)]
    output: Option<PathBuf>,
    /// Settings file to read instead of ./lessons.toml
    #[arg(long)]
    config: Option<PathBuf>,
    /// Folder for the highlighted-code cache [default: .lessons-cache]
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Highlight everything afresh and keep no cache
    #[arg(long)]
    no_cache: bool,
    /// Show code as plain text (faster)
    #[arg(long)]
    no_highlight: bool,
}

/// The arguments of `lessons test`.
#[derive(Args)]
struct TestArgs {
    /// Content roots, folders or single challenge files
    #[arg(default_value = "content")]
    paths: Vec<PathBuf>,
    /// Only this language (`uk` or `ukrainian`); all languages by default
    #[arg(long)]
    locale: Option<String>,
    /// Test backend lessons against this running app instead of the sandbox
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Learner project folder for the sandbox to serve (server.js, package.json, public/)
    #[arg(long, value_name = "DIR", conflicts_with = "url")]
    project: Option<PathBuf>,
    /// Challenges tested in parallel [default: number of cores]
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Output format
    #[arg(long, value_enum, default_value = "pretty")]
    format: lessons::commands::test::Format,
    /// Seconds a hint may run before it is stopped (0.01 to 3600)
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0, value_parser = parse_timeout)]
    timeout: f64,
}

/// The arguments of `lessons serve`.
#[derive(Args)]
struct ServeArgs {
    /// Port to listen on (0: any free port)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; the default keeps the server private to this machine
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Content root to serve [default: content]
    #[arg(long)]
    content: Option<PathBuf>,
    /// Settings file to read instead of ./lessons.toml
    #[arg(long)]
    config: Option<PathBuf>,
    /// Templates folder [default: ./templates when it exists, else the built-in ones]
    #[arg(long)]
    templates: Option<PathBuf>,
    /// A superblock or block (or part of its name) whose text stays in the language it
    /// teaches: the preview does not mark it as untranslated (adds to lessons.toml's)
    #[arg(long, value_name = "NAME")]
    keep_language: Vec<String>,
}

/// The arguments of `lessons parse`.
#[derive(Args)]
struct ParseArgs {
    /// Content roots, folders or single challenge files
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output JSON (the only format for now; accepted for clarity in scripts)
    #[arg(long)]
    json: bool,
}

impl CheckArgs {
    fn run(self, out: &mut dyn std::io::Write) -> anyhow::Result<bool> {
        if self.list_codes {
            let _ = out.write_all(lessons::codes::markdown_table().as_bytes());
            return Ok(false);
        }
        let options = lessons::commands::check::Options {
            locale: self.locale,
            source: self.source,
            keep_language: self.keep_language,
        };
        lessons::commands::check::main(&self.paths, &options, self.format, self.deny_warnings, out)
    }
}

impl BuildArgs {
    fn run(self, out: &mut dyn std::io::Write) -> anyhow::Result<bool> {
        let args = lessons::commands::build::Args {
            config: self.config,
            content: self.content,
            output: self.output,
            cache: self.cache_dir,
            no_cache: self.no_cache,
            no_highlight: self.no_highlight,
        };
        lessons::commands::build::main(&args, out, &mut std::io::stderr())
    }
}

impl TestArgs {
    fn run(self, out: &mut dyn std::io::Write) -> anyhow::Result<bool> {
        let options = lessons::commands::test::Options {
            paths: self.paths,
            locale: self.locale,
            url: self.url,
            project: self.project,
            jobs: self.jobs,
            format: self.format,
            timeout: std::time::Duration::from_secs_f64(self.timeout.clamp(0.01, 3600.0)),
        };
        lessons::commands::test::main(&options, out, &mut std::io::stderr())
    }
}

impl ServeArgs {
    /// Settings from lessons.toml with the flags on top.
    fn run(self) -> anyhow::Result<bool> {
        let ServeArgs {
            port,
            host,
            content,
            config: config_file,
            templates,
            keep_language,
        } = self;
        let args = lessons::commands::build::Args {
            config: config_file.clone(),
            content,
            ..Default::default()
        };
        let mut config = args.config()?;
        config.keep_language.extend(keep_language);
        config.templates = templates.or(config.templates).or_else(|| {
            let local = PathBuf::from("templates");
            local.join("lesson.html").is_file().then_some(local)
        });
        let config_file = config_file.or_else(|| {
            let local = PathBuf::from("lessons.toml");
            local.is_file().then_some(local)
        });
        lessons::serve::main(lessons::serve::Options {
            config,
            config_file,
            addr: std::net::SocketAddr::new(host, port),
            debounce: std::time::Duration::from_millis(80),
        })
    }
}

impl ParseArgs {
    fn run(self, out: &mut dyn std::io::Write) -> anyhow::Result<bool> {
        lessons::commands::parse::main(&self.paths, out, &mut std::io::stderr())
    }
}

/// `lessons sandbox`: serves until Ctrl-C or SIGTERM.
fn run_sandbox(args: &sandbox::cli::SandboxArgs) -> anyhow::Result<bool> {
    sandbox::runtime(&args.config())?.block_on(args.run())?;
    Ok(false)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Check(args) => args.run(&mut out),
        Command::Build(args) => args.run(&mut out),
        Command::Test(args) => args.run(&mut out),
        Command::Serve(args) => args.run(),
        Command::Sandbox(args) => run_sandbox(&args),
        Command::Parse(args) => args.run(&mut out),
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

/// `--timeout`: a number of seconds from 0.01 to 3600 (a NaN or an infinity is not a time).
fn parse_timeout(text: &str) -> Result<f64, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !seconds.is_finite() || !(0.01..=3600.0).contains(&seconds) {
        return Err(format!(
            "`{text}` is out of range: give a number of seconds from 0.01 to 3600"
        ));
    }
    Ok(seconds)
}
