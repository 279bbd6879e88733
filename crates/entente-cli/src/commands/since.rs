//! `entente since A B --year Y`: is this the highest (lowest) since …?

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_analysis::pair::{PairRequest, pair_measures, standings};
use entente_core::agreement::{Bootstrap, Grouping};

use super::{FilterArgs, IDEAL_DISTANCE, source_notes, split_measures};
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Where a year stands in a pair's alignment series: the last earlier year at least as
/// high ("the highest since …") and at least as low, by the point estimates and with
/// the bootstrap 95% intervals taken into account (an earlier year whose interval reaches
/// this year's cannot be told apart from it).
///
/// The series is the same as `entente align` (UN session years; filters apply); the
/// year itself is compared with every earlier year of the series.
///
/// Examples:
///   entente since China Russia --year 2019
///   entente since China Russia --year 2021 --measure agree,kappa,pi --issue hr
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// First state: a name ("Russia", "Soviet Union"), ISO3/ISO2 or COW code.
    pub a: String,
    /// Second state: a name, ISO3/ISO2 or COW code.
    pub b: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Measures, comma-separated: agree, agree_half, s, s_abs, s_sq, kappa, pi, all,
    /// ideal_distance (lower = closer: read its "lowest since"), alignment, intensity.
    #[arg(long, short, default_value = "agree,kappa")]
    pub measure: String,
    /// Bootstrap replicates for the intervals.
    #[arg(long, default_value_t = defaults::REPS, value_parser = super::reps)]
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
    let (measures, with_ideal) = split_measures(&args.measure)?;
    let kinds = super::score_kinds(&args.measure);
    // --year names the year to place; the series runs from the first year up to it.
    let year = args
        .filter
        .years
        .year
        .ok_or_else(|| user_error("give the year to place: --year YEAR"))?;
    let filter = FilterArgs {
        years: super::YearArgs {
            to: Some(super::Bound::Year(year)),
            ..Default::default()
        },
        ..args.filter.clone()
    }
    .filter()?;
    let [a, b] = ctx.resolve_distinct([&args.a, &args.b])?;
    let votes = ctx.votes()?;
    let series = pair_measures(
        ctx.session(),
        a.ccode,
        b.ccode,
        &PairRequest {
            filter: filter.clone(),
            grouping: Grouping::Year,
            measures: measures.clone(),
            boot: Some(Bootstrap {
                reps: args.reps,
                seed: args.seed,
                level: 0.95,
            }),
            ideal_distance: with_ideal,
        },
    )?;
    if !series.iter().any(|p| p.point.year == year) {
        let notes: Vec<&str> = [a.note, b.note].into_iter().flatten().collect();
        return Err(user_error(format!(
            "{} and {} have no joint votes in {year} under these filters{}",
            a.code3(),
            b.code3(),
            if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join(" "))
            }
        )));
    }
    let mut rows = Rows::new([
        "measure",
        "year",
        "value",
        "lo",
        "hi",
        "highest_since",
        "highest_within_noise",
        "lowest_since",
        "lowest_within_noise",
        "first_year",
    ]);
    let year_cell = |y: Option<i32>| y.map_or(Cell::Str(String::new()), |y| Cell::Int(y.into()));
    let mut placed = standings(&series, &measures, year);
    placed.extend(entente_analysis::pair::score_standings(
        ctx.session(),
        a.ccode,
        b.ccode,
        year,
        &kinds,
        args.reps,
        args.seed,
    )?);
    for (name, st) in placed {
        rows.push(vec![
            name.as_str().into(),
            Cell::Int(year.into()),
            Some(st.value).into(),
            st.interval.map(|i| i.0).into(),
            st.interval.map(|i| i.1).into(),
            year_cell(st.highest_since),
            year_cell(st.highest_within_noise),
            year_cell(st.lowest_since),
            year_cell(st.lowest_within_noise),
            Cell::Int(st.first_year.into()),
        ]);
        let ci = st
            .interval
            .map_or(String::new(), |(lo, hi)| format!(" [{lo:.3}, {hi:.3}]"));
        // For a distance, lower is closer: lead with the lowest-since sentence.
        let (first, second) = if name == IDEAL_DISTANCE {
            (st.lowest_sentence(), st.highest_sentence())
        } else {
            (st.highest_sentence(), st.lowest_sentence())
        };
        rows.notes.push(format!(
            "{}–{} {year}: {name} {:.3}{ci} — {first}; {second}.",
            a.code3(),
            b.code3(),
            st.value,
        ));
    }
    if with_ideal {
        rows.notes.push("ideal_distance: |θa − θb| of `entente ideal` (default model, whole history), lower = closer; interval: normal approximation from the two positions' intervals.".into());
    }
    if !kinds.is_empty() {
        rows.notes.push("alignment, intensity: the dyad-year scores of entente profile (docs/index.md) from 1946, with their bootstrap intervals (at most 200 replicates); an extreme may be coverage.".into());
        rows.notes
            .push(entente_analysis::profile::source_ends_line());
    }
    rows.notes.push(format!(
        "Intervals: percentile bootstrap over roll calls ({} replicates, seed {}); an earlier year is within noise when its interval reaches this year's.",
        args.reps, args.seed
    ));
    rows.notes.extend(source_notes(&votes.table, &filter));
    rows.write(args.format, args.out.as_deref())
}
