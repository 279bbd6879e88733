//! `entente blocs`: voting blocs per year, followed through time.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_core::blocs::{BlocOptions, YearBlocs};
use entente_core::network::Score;

use super::network::{parse_score, score_note};
use super::{FilterArgs, source_notes};
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Voting blocs: communities of each year's alignment network.
///
/// Every pair of states voting in a year is an edge weighted by the score (see the
/// notes); blocs are the Leiden partition maximising modularity at --resolution
/// (higher: more, smaller blocs). Bloc labels follow blocs through time: each year's
/// bloc takes the label of the bloc of the previous years (up to three back) it shares
/// most members with (Jaccard ≥ --min-overlap), so labels are the same whatever years
/// you ask for. cohesion: mean score inside the bloc; between: mean score to the other
/// states; stability: mean over members of the Jaccard overlap between a member's bloc
/// and its bloc when roll calls are resampled (--reps replicates; 1 = always the same
/// partners).
///
/// Examples:
///   entente blocs --year 2021
///   entente blocs --from 1946 --to 2021 --format csv --out blocs.csv
///   entente blocs --year 1985 --by state --measure kappa
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The score: agree, agree_half, s_abs, s_sq, kappa, pi, ideal_distance, alignment
    /// or intensity (the dyad-year scores of `entente profile`, 1946–2024).
    #[arg(long, short, default_value = "agree")]
    pub measure: String,
    /// Modularity resolution γ (> 0).
    #[arg(long, default_value_t = 1.0)]
    pub resolution: f64,
    /// Bootstrap replicates for stability (0: none; not available for ideal_distance, alignment or intensity).
    #[arg(long, default_value_t = defaults::BLOC_REPS, value_parser = super::reps)]
    pub reps: usize,
    /// Seed of every random draw (bootstrap, Monte Carlo): the same seed gives the same output.
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    /// Least Jaccard overlap for a bloc to keep an earlier label (0–1).
    #[arg(long, default_value_t = 0.3)]
    pub min_overlap: f64,
    /// One row per bloc, or one row per state.
    #[arg(long, value_enum, default_value = "bloc")]
    pub by: By,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Bloc,
    State,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let score = parse_score(&args.measure)?;
    if !(args.resolution > 0.0 && args.resolution.is_finite()) {
        return Err(user_error(format!(
            "--resolution must be a positive number, not {}",
            args.resolution
        )));
    }
    if !(0.0..=1.0).contains(&args.min_overlap) {
        return Err(user_error("--min-overlap must be between 0 and 1"));
    }
    let filter = args.filter.filter()?;
    let options = BlocOptions {
        resolution: args.resolution,
        reps: args.reps,
        seed: args.seed,
        min_overlap: args.min_overlap,
    };
    let reg = ctx.registry()?;
    let votes = ctx.votes()?;
    let years = entente_analysis::blocs::blocs(ctx.session(), &filter, score, &options)?;
    let mut rows = match args.by {
        By::Bloc => bloc_rows(&years, reg),
        By::State => state_rows(&years, reg),
    };
    rows.notes.push(score_note(score));
    rows.notes.push(format!(
        "Blocs: Leiden (modularity, resolution {}), seed {}; labels tracked over all years (min overlap {}).",
        options.resolution, options.seed, options.min_overlap
    ));
    rows.notes.push(match score {
        Score::Agreement(_) if options.reps > 0 => format!(
            "Stability: {} bootstrap replicates of each year's roll calls.",
            options.reps
        ),
        _ => "Stability: not computed (--reps 0, or a score without roll-call replicates: ideal_distance, alignment, intensity).".to_string(),
    });
    rows.notes.extend(source_notes(&votes.table, &filter));
    rows.write(args.format, args.out.as_deref())
}

fn bloc_rows(years: &[YearBlocs], reg: &entente_core::Registry) -> Rows {
    let mut rows = Rows::new([
        "year",
        "bloc",
        "size",
        "cohesion",
        "between",
        "stability",
        "modularity",
        "core",
        "members",
    ]);
    for y in years {
        for b in &y.blocs {
            let codes: Vec<String> = b.members.iter().map(|&c| reg.code3_of(c)).collect();
            rows.push(vec![
                Cell::Int(y.year.into()),
                Cell::Int(b.label.into()),
                Cell::Int(b.members.len() as i64),
                finite(b.cohesion),
                finite(b.between),
                b.stability.into(),
                Some(y.modularity).into(),
                codes
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into(),
                codes.join(" ").into(),
            ]);
        }
    }
    rows.notes.push(
        "core: the three members with the highest summed score to the rest of their bloc.".into(),
    );
    rows
}

fn state_rows(years: &[YearBlocs], reg: &entente_core::Registry) -> Rows {
    let mut rows = Rows::new(["year", "iso3", "ccode", "country", "bloc", "stability"]);
    for y in years {
        for (i, &cc) in y.states.iter().enumerate() {
            let bloc = &y.blocs[y.membership[i]];
            rows.push(vec![
                Cell::Int(y.year.into()),
                reg.code3_of(cc).into(),
                Cell::Int(cc.into()),
                reg.by_ccode(cc)
                    .map_or(String::new(), |c| c.name.clone())
                    .into(),
                Cell::Int(bloc.label.into()),
                y.state_stability.as_ref().map(|s| s[i]).into(),
            ]);
        }
    }
    rows
}

fn finite(v: f64) -> Cell {
    v.is_finite().then_some(v).into()
}
