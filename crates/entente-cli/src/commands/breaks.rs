//! `entente breaks A B`: turning points of a dyad's series (PELT), or of every dyad.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_core::breaks::{BreakOptions, SeriesBreaks};
use entente_core::network::Score;

use super::network::parse_score;
use super::{FilterArgs, source_notes};
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Turning points: years where a pair's alignment shifts to a new level.
///
/// Change points in the mean of the yearly series by PELT (exact; ruptures' l2 cost),
/// with penalty β = factor × σ̂² × ln n, where σ̂ is the robust noise SD of the series
/// (MAD of year-to-year differences / (0.6745·√2)) and the factor is 3 (--penalty
/// mbic, the default), 2 (bic) or a number. Segments last at least --min-size years.
/// Each break: the first year of the new level, the means before and after, the
/// shift with a 95% bootstrap interval, and its confidence — the share of bootstrap
/// replicates (roll calls resampled within each year) whose own change points include
/// one within --tolerance years. Years where the pair has no value or fewer than
/// --min-votes joint votes are skipped (1964 had one recorded vote).
///
/// Examples:
///   entente breaks China Russia
///   entente breaks "United States" Russia --measure kappa --from 1991
///   entente breaks --all --format csv --out breaks.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Two states (omit with --all).
    #[arg(num_args = 0..=2)]
    pub states: Vec<String>,
    /// Every pair of states (~18,000 dyads).
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The score: agree, agree_half, s_abs, s_sq, kappa, pi, ideal_distance, alignment
    /// or intensity (the dyad-year scores of `entente profile`, 1946–2024).
    #[arg(long, short, default_value = "agree")]
    pub measure: String,
    /// Penalty: mbic (3 σ̂² ln n), bic (2 σ̂² ln n) or a factor f for f σ̂² ln n.
    #[arg(long, default_value = "mbic")]
    pub penalty: String,
    /// Shortest segment, in years.
    #[arg(long, default_value_t = 2)]
    pub min_size: usize,
    /// Bootstrap replicates for confidence and shift intervals (0: none).
    #[arg(long, default_value_t = defaults::BREAK_REPS, value_parser = super::reps)]
    pub reps: usize,
    /// Seed of every random draw (bootstrap, Monte Carlo): the same seed gives the same output.
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    /// Years a replicate's change point may be off and still confirm a break.
    #[arg(long, default_value_t = 1)]
    pub tolerance: i32,
    /// Leave out years where the pair has fewer joint votes (agreement scores).
    #[arg(long, default_value_t = 10)]
    pub min_votes: u32,
    /// Print the series (year, value, segment mean) instead of the breaks (one pair).
    #[arg(long)]
    pub series: bool,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

fn penalty_factor(s: &str) -> Result<f64> {
    match s.trim() {
        "mbic" => Ok(3.0),
        "bic" => Ok(2.0),
        other => match other.parse::<f64>() {
            Ok(f) if f > 0.0 && f.is_finite() => Ok(f),
            _ => Err(user_error(format!(
                "--penalty must be mbic, bic or a positive number, not '{other}'"
            ))),
        },
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let score = parse_score(&args.measure)?;
    let options = BreakOptions {
        penalty_factor: penalty_factor(&args.penalty)?,
        min_size: args.min_size.max(1),
        reps: args.reps,
        seed: args.seed,
        tolerance: args.tolerance.max(0),
        min_votes: args.min_votes,
    };
    match (args.all, args.states.len()) {
        (true, 0) => {}
        (true, _) => return Err(user_error("give two states or --all, not both")),
        (false, 2) => {}
        (false, _) => return Err(user_error("give two states (or --all for every pair)")),
    }
    if args.series && args.all {
        return Err(user_error("--series shows one pair: drop --all"));
    }
    let filter = args.filter.filter()?;
    let reg = ctx.registry()?;
    let pair = if args.all {
        None
    } else {
        let [a, b] = ctx.resolve_distinct([&args.states[0], &args.states[1]])?;
        Some((a.ccode.min(b.ccode), a.ccode.max(b.ccode)))
    };
    let votes = ctx.votes()?;
    let results = entente_analysis::breaks::breaks(ctx.session(), &filter, score, pair, &options)?;
    if let Some((a, b)) = pair
        && results.is_empty()
    {
        return Err(user_error(format!(
            "{} and {} have no joint votes under these filters",
            reg.code3_of(a),
            reg.code3_of(b)
        )));
    }
    let mut rows = if args.series {
        series_rows(&results[0].1)
    } else {
        break_rows(&results, reg, args.all)
    };
    if let Some((_, sb)) = results.first().filter(|_| !args.all) {
        rows.notes.push(format!(
            "{} years ({}–{}); noise σ̂ {:.4}; penalty β {:.5}.",
            sb.years.len(),
            sb.years.first().copied().unwrap_or_default(),
            sb.years.last().copied().unwrap_or_default(),
            sb.noise_sd,
            sb.penalty
        ));
        for b in &sb.breaks {
            rows.notes.push(format!(
                "{}: {} {:.3} → {:.3} ({:+.3}){}.",
                b.year,
                score.name(),
                b.before,
                b.after,
                b.shift(),
                b.confidence
                    .map_or(String::new(), |c| format!(", confidence {c:.2}"))
            ));
        }
    }
    rows.notes.push(format!(
        "Change points: PELT (l2 cost), penalty {} σ̂² ln n, min segment {} years, years with ≥ {} joint votes; confidence: {} bootstrap replicates (seed {}), tolerance ±{} year(s).",
        options.penalty_factor, options.min_size, options.min_votes, options.reps, options.seed, options.tolerance
    ));
    match score {
        Score::IdealDistance => rows.notes.push(
            "ideal_distance: positions of `entente ideal` (default model); no roll-call bootstrap, so no confidence.".into(),
        ),
        Score::Relationship(k) => rows.notes.push(format!(
            "{}: the dyad-year score of docs/index.md, 1946–2024; no roll-call bootstrap, so no confidence; a break where a source ends may be coverage. {}",
            k.name(),
            entente_analysis::profile::source_ends_line()
        )),
        Score::Agreement(_) => {}
    }
    rows.notes.extend(source_notes(&votes.table, &filter));
    rows.write(args.format, args.out.as_deref())
}

fn break_rows(
    results: &[((u16, u16), SeriesBreaks)],
    reg: &entente_core::Registry,
    all: bool,
) -> Rows {
    let mut rows = Rows::new([
        "a",
        "b",
        "ccode_a",
        "ccode_b",
        "year",
        "before",
        "after",
        "shift",
        "shift_lo",
        "shift_hi",
        "confidence",
    ]);
    for ((a, b), sb) in results {
        for br in &sb.breaks {
            rows.push(vec![
                reg.code3_of(*a).into(),
                reg.code3_of(*b).into(),
                Cell::Int((*a).into()),
                Cell::Int((*b).into()),
                Cell::Int(br.year.into()),
                Some(br.before).into(),
                Some(br.after).into(),
                Some(br.shift()).into(),
                br.shift_interval.map(|i| i.0).into(),
                br.shift_interval.map(|i| i.1).into(),
                br.confidence.into(),
            ]);
        }
    }
    if all {
        let with = results.iter().filter(|r| !r.1.breaks.is_empty()).count();
        rows.notes.push(format!(
            "{} pairs; {} with at least one break; {} breaks.",
            results.len(),
            with,
            rows.rows.len()
        ));
    }
    rows
}

fn series_rows(sb: &SeriesBreaks) -> Rows {
    let mut rows = Rows::new(["year", "value", "segment_mean", "break"]);
    let mut segment = 0usize;
    let means: Vec<f64> = std::iter::once(sb.breaks.first().map_or(f64::NAN, |b| b.before))
        .chain(sb.breaks.iter().map(|b| b.after))
        .collect();
    let whole_mean = sb.values.iter().sum::<f64>() / sb.values.len().max(1) as f64;
    for (&y, &v) in sb.years.iter().zip(&sb.values) {
        let is_break = sb.breaks.iter().any(|b| b.year == y);
        if is_break {
            segment += 1;
        }
        let mean = if sb.breaks.is_empty() {
            whole_mean
        } else {
            means[segment]
        };
        rows.push(vec![
            Cell::Int(y.into()),
            Some(v).into(),
            Some(mean).into(),
            if is_break { "yes" } else { "" }.into(),
        ]);
    }
    rows
}
