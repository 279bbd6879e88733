//! `entente shift China Russia --at 2014-03-18,2022-02-24`: a relationship before vs
//! after dates, on every measure with data on both sides.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_analysis::shift::{Dating, ShiftRequest, shift};
use entente_core::Date;
use entente_core::shift::{MIN_JOINT_VOTES, MIN_PLACEBO_DATES, PLACEBO_SHARE};
use entente_core::votes::RollCallFilter;

use super::{parse_date, source_notes};
use crate::context::Context;
use crate::output::{Cell, Format, Rows};

/// What changed at one or more dates: every measure before vs after, with the
/// difference, its interval and whether it is beyond noise.
///
/// Measures: UN General Assembly agreement and κ by roll-call date (the windows are
/// exact to the day: the votes of 2 March 2022 fall after 2022-02-24); the ideal-point
/// distance by UN session year; the alignment and intensity scores and the yearly
/// indicators of IGOs, alliances, arms, exercises, hostility, trade and events by
/// calendar year. A year counts on the side where its midpoint falls (calendar year:
/// 1 July; session year: 1 December). Measures without data on a side (a dataset that
/// ends before the after window) are left out and named.
///
/// Windows: up to --window years on each side (default 3), never past the
/// neighbouring date when several are given, and as far as the data reach.
///
/// The interval (95%) is the sampling error of the difference: roll calls resampled
/// on each side (--reps), or the scores' and ideal points' own intervals (normal
/// approximation). placebo_smaller: the share of other dates — the same day whole
/// years earlier or later, windows not overlapping — at which the pair's change was
/// smaller. Verdict: "beyond noise" when the interval excludes 0 and the change is
/// larger than 90% of the changes at other dates (each test where available, with at
/// least 8 other dates); "within sampling noise", "usual variation" or "undetermined"
/// otherwise (docs/shift.md).
///
/// Examples:
///   entente shift China Russia --at 2022-02-24
///   entente shift China Russia --at 2014-03-18,2022-02-24 --window 2
///   entente shift "United States" Turkey --at 2016-07-15 --format csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// First state: a name ("Russia", "Soviet Union"), ISO3/ISO2 or COW code.
    pub a: String,
    /// Second state: a name, ISO3/ISO2 or COW code.
    pub b: String,
    /// The dates (YYYY-MM-DD, comma-separated; at most 12).
    #[arg(long, required = true, value_delimiter = ',', value_parser = parse_date)]
    pub at: Vec<Date>,
    /// Years on each side of a date, at most (1–10).
    #[arg(long, default_value_t = defaults::SHIFT_WINDOW_YEARS,
          value_parser = clap::value_parser!(u32).range(1..=defaults::MAX_SHIFT_WINDOW_YEARS as i64))]
    pub window: u32,
    /// Bootstrap replicates of the vote differences (0: no interval).
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
    let [a, b] = ctx.resolve_distinct([&args.a, &args.b])?;
    let found = shift(
        ctx.session(),
        a,
        b,
        &ShiftRequest {
            at: args.at.clone(),
            window_years: args.window,
            reps: args.reps,
            seed: args.seed,
        },
    )?;
    let mut rows = Rows::new(
        [
            "at",
            "dimension",
            "measure",
            "dating",
            "before_first",
            "before_last",
            "n_before",
            "before",
            "after_first",
            "after_last",
            "n_after",
            "after",
            "difference",
            "difference_lo",
            "difference_hi",
            "placebo_dates",
            "placebo_smaller",
            "verdict",
        ]
        .map(String::from)
        .to_vec(),
    );
    for d in &found.dates {
        for r in &d.rows {
            let c = &r.change;
            let when = |x: Date| -> Cell {
                match r.dating {
                    Dating::RollCall => x.to_string().into(),
                    _ => x.year.to_string().into(),
                }
            };
            rows.push(vec![
                d.windows.at.to_string().into(),
                r.dimension.into(),
                r.measure.into(),
                dating_name(r.dating).into(),
                when(c.before.first),
                when(c.before.last),
                Cell::Int(c.before.n as i64),
                Some(c.before.value).into(),
                when(c.after.first),
                when(c.after.last),
                Cell::Int(c.after.n as i64),
                Some(c.after.value).into(),
                Some(c.difference).into(),
                c.interval.map(|i| i.0).into(),
                c.interval.map(|i| i.1).into(),
                c.placebo
                    .map_or(Cell::Str(String::new()), |p| Cell::Int(p.dates as i64)),
                c.placebo.map(|p| p.share_smaller).into(),
                c.verdict.phrase().into(),
            ]);
        }
        let (w0, w1) = (d.windows.before.0, d.windows.after.1);
        rows.notes.push(format!(
            "{}: before {} – {}, after {} – {} (exclusive); {} beyond noise of {} measures.{}",
            d.windows.at,
            w0,
            d.windows.at,
            d.windows.at,
            w1,
            d.rows
                .iter()
                .filter(|r| r.change.verdict == entente_core::shift::Verdict::BeyondNoise)
                .count(),
            d.rows.len(),
            if d.left_out.is_empty() {
                String::new()
            } else {
                format!(" Left out (no data on a side): {}.", d.left_out.join(", "))
            }
        ));
    }
    rows.notes.push(format!(
        "{} and {}. Verdict: beyond noise = the 95% interval excludes 0 and the change is larger than {:.0}% of the changes at other dates (each where available; at least {MIN_PLACEBO_DATES} other dates count); vote levels need {MIN_JOINT_VOTES} joint roll calls a side. Intervals: {} bootstrap replicates of the roll calls (seed {}), or the scores' and ideal points' own intervals (normal approximation). docs/shift.md.",
        a.code3(),
        b.code3(),
        PLACEBO_SHARE * 100.0,
        args.reps,
        args.seed
    ));
    rows.notes.extend(found.notes.iter().cloned());
    if let (Some(first), Some(last)) = (found.dates.first(), found.dates.last()) {
        let filter = RollCallFilter {
            from_date: Some(first.windows.before.0),
            to_date: Some(last.windows.after.1),
            ..RollCallFilter::default()
        };
        rows.notes.push("Dating: votes by their date; ideal_distance by UN session year (session + 1945, at 1 December); the scores and indicators by calendar year (at 1 July).".into());
        // The first note explains the year convention, which the line above replaces.
        rows.notes.extend(
            source_notes(&ctx.votes()?.table, &filter)
                .into_iter()
                .skip(1),
        );
    }
    rows.write(args.format, args.out.as_deref())
}

fn dating_name(d: Dating) -> &'static str {
    match d {
        Dating::RollCall => "roll call",
        Dating::SessionYear => "session year",
        Dating::CalendarYear => "calendar year",
    }
}
