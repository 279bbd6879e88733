//! `entente brokers Russia Ukraine --year 2023`: who stands between two states.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::brokers::{BrokerRequest, brokers};
use entente_analysis::defaults;
use entente_core::network::Score;
use entente_core::votes::RollCallFilter;

use super::network::parse_score;
use super::source_notes;
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Who stands between two states: every other state's score with each side in one year.
///
/// For each candidate: its score with A and with B (95% bootstrap intervals on UN
/// votes: the year's roll calls resampled, --reps), the weaker of the two and the
/// balance (with A − with B; positive leans to A). Ranked by the weaker score: the
/// states close to both come first — candidates to mediate, or to be courted by both.
/// On UN General Assembly agreement by default (--measure: agree, agree_half, s_abs,
/// s_sq, kappa, pi; or alignment, intensity: the dyad-year scores of `entente profile`,
/// 1946–2024, no intervals). Candidates need --min-votes joint votes with each side.
///
/// Examples:
///   entente brokers Russia Ukraine --year 2023
///   entente brokers Russia Ukraine --year 2023 --measure alignment --top 15
///   entente brokers Russia Ukraine --year 2023 --states China,India,Turkey,Brazil
///   entente brokers "United States" China --measure kappa --format csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// First state: a name ("Russia", "Soviet Union"), ISO3/ISO2 or COW code.
    pub a: String,
    /// Second state: a name, ISO3/ISO2 or COW code.
    pub b: String,
    /// The year (UN session year; default: the last year with at least 20 joint votes
    /// of the two).
    #[arg(long)]
    pub year: Option<i32>,
    /// The score: an agreement measure, alignment or intensity.
    #[arg(long, short, default_value = "agree")]
    pub measure: String,
    /// Show only the N states closest to both (0: all).
    #[arg(long, default_value_t = 0)]
    pub top: usize,
    /// Show only these candidates (comma-separated names or codes), with their rank
    /// among all.
    #[arg(long, value_delimiter = ',')]
    pub states: Vec<String>,
    /// Fewest joint votes of a candidate with each side (agreement measures).
    #[arg(long, default_value_t = defaults::FEW_VOTES)]
    pub min_votes: u32,
    /// Bootstrap replicates for the intervals (agreement measures; 0: none).
    #[arg(long, default_value_t = defaults::INDEX_REPS, value_parser = super::reps)]
    pub reps: usize,
    /// Seed of every random draw (bootstrap, Monte Carlo): the same seed gives the same output.
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let score = parse_score(&args.measure)?;
    if let Some(y) = args.year
        && !(1946..=2100).contains(&y)
    {
        return Err(user_error(format!(
            "--year must lie between 1946 and 2100, not {y}"
        )));
    }
    let [a, b] = ctx.resolve_distinct([&args.a, &args.b])?;
    let reg = ctx.registry()?;
    let found = brokers(
        ctx.session(),
        a.ccode,
        b.ccode,
        &BrokerRequest {
            year: args.year,
            score,
            reps: args.reps,
            seed: args.seed,
            min_votes: args.min_votes,
        },
    )?;
    let only: Vec<u16> = args
        .states
        .iter()
        .map(|q| Ok(ctx.resolve(reg, q)?.ccode))
        .collect::<Result<_>>()?;
    let (ca, cb) = (a.code3().to_lowercase(), b.code3().to_lowercase());
    let mut rows = Rows::new(vec![
        "rank".to_string(),
        "state".into(),
        "ccode".into(),
        format!("with_{ca}"),
        format!("with_{ca}_lo"),
        format!("with_{ca}_hi"),
        format!("with_{cb}"),
        format!("with_{cb}_lo"),
        format!("with_{cb}_hi"),
        "weaker".into(),
        "balance".into(),
        format!("votes_{ca}"),
        format!("votes_{cb}"),
    ]);
    let shown = if args.top == 0 {
        found.candidates.len()
    } else {
        args.top.min(found.candidates.len())
    };
    let listed = found
        .candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| only.is_empty() || only.contains(&c.ccode))
        .take(if only.is_empty() { shown } else { usize::MAX });
    for (k, c) in listed {
        let votes = |n: u32| {
            if n == 0 {
                Cell::Str(String::new())
            } else {
                Cell::Int(n.into())
            }
        };
        rows.push(vec![
            Cell::Int((k + 1) as i64),
            reg.code3_of(c.ccode).into(),
            Cell::Int(c.ccode.into()),
            Some(c.with_a).into(),
            c.with_a_ci.map(|i| i.0).into(),
            c.with_a_ci.map(|i| i.1).into(),
            Some(c.with_b).into(),
            c.with_b_ci.map(|i| i.0).into(),
            c.with_b_ci.map(|i| i.1).into(),
            Some(c.weaker).into(),
            Some(c.balance).into(),
            votes(c.votes_a),
            votes(c.votes_b),
        ]);
    }
    let name = found.score.name();
    rows.notes.push(format!(
        "{}: {} candidates with a {name} toward both {} and {}; the two with each other: {}. Ranked by the weaker of the two scores (closest to both first); balance = with {} − with {} (positive leans to {}).",
        found.year,
        found.candidates.len(),
        a.code3(),
        b.code3(),
        found.between.map_or("not defined".to_string(), |v| format!("{v:.3}")),
        a.code3(),
        b.code3(),
        a.code3()
    ));
    match score {
        Score::Agreement(_) => {
            rows.notes.push(format!(
                "Intervals: {} bootstrap replicates of the year's roll calls (seed {}), resampled jointly for every pair; candidates need {} joint votes with each side.",
                args.reps, args.seed, args.min_votes
            ));
            let filter = RollCallFilter {
                from: Some(found.year),
                to: Some(found.year),
                ..RollCallFilter::default()
            };
            rows.notes
                .extend(source_notes(&ctx.votes()?.table, &filter));
        }
        _ => rows.notes.push(format!(
            "{name}: the dyad-year score of entente profile (docs/index.md), no intervals. {}",
            entente_analysis::profile::source_ends_line()
        )),
    }
    rows.write(args.format, args.out.as_deref())
}
