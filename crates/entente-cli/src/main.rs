//! The `entente` command-line tool.

mod commands;
mod context;
mod examples;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// entente — measure, explain and forecast how close states are to one another.
///
/// Reads public datasets in their official layouts from the data folder
/// (`--data`, else $ENTENTE_DATA, ./data, ../shared/data, searched upward from
/// the current folder) and caches normalized Parquet tables (`--cache`, else
/// $ENTENTE_CACHE, $XDG_CACHE_HOME/entente, ~/.cache/entente).
#[derive(Parser, Debug)]
#[command(name = "entente", version, about, long_about, max_term_width = 100)]
struct Cli {
    /// Data folder with unga_votes/, cow/, country_codes/ … in their official layouts.
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Cache folder for derived Parquet tables.
    #[arg(long, global = true, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// More log output on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Brief(commands::brief::Args),
    Align(commands::align::Args),
    Votes(commands::votes::Args),
    Matrix(commands::matrix::Args),
    Since(commands::since::Args),
    Triangle(commands::triangle::Args),
    Blocs(commands::blocs::Args),
    Breaks(commands::breaks::Args),
    Brokers(commands::brokers::Args),
    Shift(commands::shift::Args),
    Check(commands::check::Args),
    Drift(commands::drift::Args),
    Forecast(commands::forecast::Args),
    Scenario(commands::scenario::Args),
    Serve(commands::serve::Args),
    Ties(commands::ties::Args),
    Profile(commands::profile::Args),
    Events(commands::events::Args),
    Ingest(commands::ingest::Args),
    Gen(commands::generate::Args),
    Export(commands::export::Args),
    Sql(commands::sql::Args),
    Cluster(commands::cluster::Args),
    Ideal(commands::ideal::Args),
    Countries(commands::countries::Args),
    Sources(commands::sources::Args),
    Data(commands::data::Args),
    Validate(commands::validate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ENTENTE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .with_ansi(std::env::var_os("NO_COLOR").is_none())
        .init();
    let ctx = context::Context::new(cli.data, cli.cache);
    let result = match cli.command {
        Command::Brief(a) => commands::brief::run_command(&ctx, a),
        Command::Align(a) => commands::align::run(&ctx, a),
        Command::Votes(a) => commands::votes::run(&ctx, a),
        Command::Matrix(a) => commands::matrix::run(&ctx, a),
        Command::Since(a) => commands::since::run(&ctx, a),
        Command::Triangle(a) => commands::triangle::run(&ctx, a),
        Command::Blocs(a) => commands::blocs::run(&ctx, a),
        Command::Breaks(a) => commands::breaks::run(&ctx, a),
        Command::Brokers(a) => commands::brokers::run(&ctx, a),
        Command::Shift(a) => commands::shift::run(&ctx, a),
        Command::Check(a) => commands::check::run(&ctx, a),
        Command::Drift(a) => commands::drift::run(&ctx, a),
        Command::Forecast(a) => commands::forecast::run_command(&ctx, a),
        Command::Scenario(a) => commands::scenario::run_command(&ctx, a),
        Command::Serve(a) => commands::serve::run(ctx, a),
        Command::Ties(a) => commands::ties::run(&ctx, a),
        Command::Profile(a) => commands::profile::run(&ctx, a),
        Command::Events(a) => commands::events::run(&ctx, a),
        Command::Ingest(a) => commands::ingest::run(&ctx, a),
        Command::Gen(a) => commands::generate::run(&ctx, a),
        Command::Export(a) => commands::export::run(&ctx, a),
        Command::Sql(a) => commands::sql::run(&ctx, a),
        Command::Cluster(a) => commands::cluster::run(&ctx, a),
        Command::Ideal(a) => commands::ideal::run(&ctx, a),
        Command::Countries(a) => commands::countries::run(&ctx, a),
        Command::Sources(a) => commands::sources::run(&ctx, a),
        Command::Data(a) => commands::data::run(&ctx, a),
        Command::Validate(a) => commands::validate::run(&ctx, a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", message(&e));
            if context::is_user_error(&e) {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// The error and its causes, each said once: a cause whose text the message already holds
/// (an I/O error that its wrapper quotes) is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if s.is_empty() || out.contains(&s) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&s);
    }
    out
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command and every argument says what it is (`--help` has no blank lines).
    #[test]
    fn every_argument_has_help() {
        let mut missing = Vec::new();
        fn walk(cmd: &clap::Command, path: String, missing: &mut Vec<String>) {
            if cmd.get_about().is_none() && !path.is_empty() {
                missing.push(format!("{path}: no about"));
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if ["help", "version"].contains(&id) || a.is_hide_set() {
                    continue;
                }
                if a.get_help().is_none() && a.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, format!("{path} {}", sub.get_name()), missing);
            }
        }
        walk(&super::Cli::command(), String::new(), &mut missing);
        assert!(
            missing.is_empty(),
            "arguments without help:\n{}",
            missing.join("\n")
        );
    }
}
