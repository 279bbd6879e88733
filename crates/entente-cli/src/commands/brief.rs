//! `entente brief A B`: the data-backed brief on a relationship.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::brief::{BriefRequest, input};
use entente_analysis::defaults;
use entente_report::brief::build;
use entente_report::render;

use crate::context::Context;
use crate::output::persist_output;

/// The brief on a relationship: one self-contained HTML file (charts as inline SVG, no
/// network needed to open it), or Markdown, or the brief's data as JSON.
///
/// Sections: the verdicts of a claims file (--claims, see `entente check`), headline
/// numbers (current level, trend, "highest since"), diplomatic alignment in the UN
/// General Assembly (agreement and κ with 95% bootstrap intervals, turning points
/// marked), both states' ideal points with intervals, turning points (over the whole
/// series and the last 20 years), what changed at given dates (--at), voting blocs and
/// the triangle with a third state (--with), military ties (alliances, arms transfers
/// and deals, exercises, disputes), economic ties (trade and dependence, sanctions,
/// Chinese finance, swap lines), alignment and intensity with their contributions and
/// the partners' scatter, news events from ingested files, who stands between
/// (--brokers), a forecast when a scenario is given (--scenario; with strategies compared, --compare, and its sensitivity, --sensitivity), what is not yet
/// covered, sources with versions, and a methods note. Every sentence is generated from
/// the numbers and links to its table. The same data and options give the same file.
///
/// The latest year defaults to the last session year in which the two cast at least 20
/// joint votes (a session in progress has few).
///
/// Examples:
///   entente brief China Russia --out brief.html
///   entente brief China Russia --from 1991 --to 2021 --with "United States" --out brief.html
///   entente brief China Russia --at 2014-03-18,2022-02-24 --brokers --out brief.html
///   entente brief China Russia --claims examples/claims/china_russia_brief.toml
///   entente brief China Russia --scenario examples/forecast/ukraine_settlement.toml --format md
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// First state: a name ("Russia", "Soviet Union"), ISO3/ISO2 or COW code.
    pub a: String,
    /// Second state: a name, ISO3/ISO2 or COW code.
    pub b: String,
    /// --from: first year shown (default: the first year of joint votes); --to: the
    /// latest (default: the last year with at least 20 joint votes).
    #[command(flatten)]
    pub years: super::YearArgs,
    /// A third state for the strategic triangle.
    #[arg(long, value_name = "STATE")]
    pub with: Option<String>,
    /// A bargaining scenario (see `entente forecast`) for the forecast section.
    #[arg(long, value_name = "FILE", value_parser = crate::examples::path_or_example)]
    pub scenario: Option<PathBuf>,
    /// Monte Carlo runs for the forecast.
    #[arg(long, default_value_t = defaults::MC_RUNS, value_parser = super::mc_runs)]
    pub mc: usize,
    /// Capabilities for the scenario from data, e.g. cinc:2016.
    #[arg(long, value_name = "SOURCE:YEAR")]
    pub capability: Option<String>,
    /// A strategy compared with the scenario's base case in the forecast section:
    /// 'NAME: Actor.input=VALUE, …' (see `entente forecast --compare`); repeatable.
    #[arg(
        long = "compare",
        value_name = "'NAME: Actor.input=VALUE, …'",
        requires = "scenario"
    )]
    pub compare: Vec<String>,
    /// Add the forecast's sensitivity to every input and option (a tornado chart), each
    /// end with --mc runs (~20 s for 20 actors at 1000).
    #[arg(long, requires = "scenario")]
    pub sensitivity: bool,
    /// Bootstrap replicates for the intervals.
    #[arg(long, default_value_t = defaults::REPS, value_parser = super::reps)]
    pub reps: usize,
    /// Seed of every random draw (bootstrap, blocs, the forecast's Monte Carlo).
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    /// Add "Who stands between": the ten states closest to both in the latest year, on
    /// UN agreement (`entente brokers A B` for every state and other measures).
    #[arg(long)]
    pub brokers: bool,
    /// Add "What changed": every measure before vs after these dates (YYYY-MM-DD,
    /// comma-separated; `entente shift A B --at` for the options).
    #[arg(long, value_delimiter = ',', value_parser = super::parse_date, value_name = "DATE")]
    pub at: Vec<entente_core::Date>,
    /// Check a claims file (`entente check`) and put the verdicts at the top.
    #[arg(long, value_name = "FILE", value_parser = crate::examples::path_or_example)]
    pub claims: Option<PathBuf>,
    /// html (one self-contained file, the default), md (Markdown) or json (the brief's sections, sentences and tables).
    #[arg(long, value_enum, default_value = "html")]
    pub format: BriefFormat,
    /// Output file (default: standard output).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BriefFormat {
    Html,
    Md,
    Json,
}

pub fn run_command(ctx: &Context, args: Args) -> Result<()> {
    let session = ctx.session();
    let (a, b, third) = match &args.with {
        Some(w) => {
            let [a, b, c] = session.resolve_distinct([&args.a, &args.b, w])?;
            (a, b, Some(c))
        }
        None => {
            let [a, b] = session.resolve_distinct([&args.a, &args.b])?;
            (a, b, None)
        }
    };
    let (from, to) = args.years.span()?;
    let request = BriefRequest {
        from,
        to,
        scenario: args.scenario.clone(),
        capability: args.capability.clone(),
        mc: args.mc,
        reps: args.reps,
        seed: args.seed,
        brokers: args.brokers,
        at: args.at.clone(),
        claims: args.claims.clone(),
        compare: args.compare.clone(),
        sensitivity: args.sensitivity,
    };
    let brief = build(&input(session, a, b, third, &request)?);
    let text = match args.format {
        BriefFormat::Html => render::html(&brief),
        BriefFormat::Md => render::markdown(&brief),
        BriefFormat::Json => serde_json::to_string_pretty(&brief)? + "\n",
    };
    match &args.out {
        Some(path) => persist_output(path, |f| Ok(f.write_all(text.as_bytes())?))?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
