//! `entente triangle A B C`: the strategic triangle, year by year.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_analysis::triangle::{TriangleRequest, timeline};
use entente_core::network::Score;
use entente_core::triangle::Configuration;

use super::{FilterArgs, source_notes};
use crate::context::Context;
use crate::output::{Cell, Format, Rows};

/// The strategic triangle of three states per year (Dittmer 1981, with the unit-veto case).
///
/// A dyad is positive in a year when its score is above the year's baseline: the median
/// of the same measure over every pair of states voting that year. All three positive:
/// ménage à trois; two: romantic triangle (the pivot is in both positive dyads); one:
/// stable marriage (the couple); none: unit veto. `stability` is the share of bootstrap
/// replicates (roll calls resampled, the same draws for the three dyads, baseline fixed)
/// that give the same configuration.
///
/// Examples:
///   entente triangle "United States" China Russia --from 1950
///   entente triangle USA CHN RUS --measure kappa --format csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// First state: a name ("Russia", "Soviet Union"), ISO3/ISO2 or COW code.
    pub a: String,
    /// Second state: a name, ISO3/ISO2 or COW code.
    pub b: String,
    /// Third state: a name, ISO3/ISO2 or COW code.
    pub c: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The dyad score: agree, agree_half, s_abs, s_sq, kappa, pi, ideal_distance,
    /// alignment or intensity
    /// (the last three: positive = closer than the median pair; no stability).
    #[arg(long, short, default_value = "agree")]
    pub measure: String,
    /// Bootstrap replicates for the stability (0: none).
    #[arg(long, default_value_t = defaults::TRIANGLE_REPS, value_parser = super::reps)]
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
    let score = super::network::parse_score(&args.measure)?;
    let filter = args.filter.filter()?;
    let trio = ctx.resolve_distinct([&args.a, &args.b, &args.c])?;
    let votes = ctx.votes()?;
    let codes = trio.map(|c| c.code3().to_string());
    let mut rows = Rows::new([
        "year".to_string(),
        format!("{}_{}", codes[0], codes[1]).to_lowercase(),
        format!("{}_{}", codes[0], codes[2]).to_lowercase(),
        format!("{}_{}", codes[1], codes[2]).to_lowercase(),
        "baseline".into(),
        "configuration".into(),
        "pivot_or_couple".into(),
        "stability".into(),
    ]);
    let trios = timeline(
        ctx.session(),
        trio.map(|c| c.ccode),
        &TriangleRequest {
            filter: filter.clone(),
            score,
            reps: args.reps,
            seed: args.seed,
            // Yearly views drop years built from a handful of votes; a window of dates is
            // the user's choice and is shown whatever it holds.
            min_votes: if filter.from_date.is_some() || filter.to_date.is_some() {
                0
            } else {
                entente_analysis::defaults::FEW_VOTES
            },
        },
    )?;
    for t in trios {
        let who = match t.configuration {
            Configuration::RomanticTriangle { pivot } => codes[pivot].clone(),
            Configuration::StableMarriage { couple } => {
                format!("{}+{}", codes[couple.0], codes[couple.1])
            }
            _ => String::new(),
        };
        rows.push(vec![
            Cell::Int(t.year.into()),
            Some(t.values[0]).into(),
            Some(t.values[1]).into(),
            Some(t.values[2]).into(),
            Some(t.baseline).into(),
            t.configuration.name().into(),
            who.into(),
            t.stability.into(),
        ]);
    }
    let measure = score.name();
    rows.notes.push(match score {
        Score::Agreement(_) => format!(
            "Dyad scores: {measure}; baseline: the median {measure} of all pairs voting that year; stability: share of {} bootstrap replicates (seed {}) with the same configuration.",
            args.reps, args.seed
        ),
        Score::IdealDistance => "Dyad scores: ideal_distance (positions of `entente ideal`); a dyad is positive when closer than the median distance of all pairs that year; no bootstrap stability.".to_string(),
        Score::Relationship(k) => format!("Dyad scores: {} (docs/index.md); a dyad is positive when above the median {} of all pairs of states that year; no bootstrap stability. {}", k.name(), k.name(), entente_analysis::profile::source_ends_line()),
    });
    rows.notes.push(format!(
        "Years where a dyad has fewer than {} joint votes are left out (e.g. the PRC before 1971, a session just begun); a window of dates (--from/--to YYYY-MM-DD) is shown whatever it holds.",
        entente_analysis::defaults::FEW_VOTES
    ));
    rows.notes.extend(source_notes(&votes.table, &filter));
    rows.write(args.format, args.out.as_deref())
}
