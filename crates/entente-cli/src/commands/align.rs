//! `entente align A B`: how closely two states vote in the UN, year by year.

use std::path::PathBuf;

use anyhow::Result;
use entente_core::agreement::{blocks, pair_series, row_values};

use super::{FilterArgs, IDEAL_DISTANCE, MeasureArgs, source_notes};
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Below this many joint votes a year's shares are flagged as unstable.
const MIN_VOTES: i64 = 20;

/// Agreement of two states in the UN General Assembly (or Security Council), per year.
///
/// Measures (see docs/measures.md): agree — share of identical votes, abstention its
/// own category (Voeten); agree_half — abstention against yes/no counts ½; s_abs,
/// s_sq — Signorino–Ritter S with absolute/squared distances; kappa, pi — Cohen's κ
/// and Scott's π with squared distances (Häge 2011). Only roll calls on which both
/// states voted yes, abstain or no count (n_votes); absences and non-membership are
/// missing, never "no".
///
/// A year is the UN session year (session + 1945), as Voeten and Bailey–Strezhnev–Voeten
/// index their data; emergency special sessions count in the regular session in progress
/// (ES-11/1 of 2022-03-02 is session 76, year 2021). --calendar uses the vote date's year.
///
/// China's UN seat was held by the Republic of China (Taiwan, COW 713) until 1971-10-25;
/// "China" means the PRC (COW 710), which votes from 1971.
///
/// Examples:
///   entente align China Russia
///   entente align China Russia --from 1991 --measure agree,kappa --ci
///   entente align USA RUS --issue hr --format csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// First state: a name ("Russia", "Soviet Union"), ISO3/ISO2 or COW code/letters.
    pub a: String,
    /// Second state.
    pub b: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub measures: MeasureArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to a file instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let measures = args.measures.measures()?;
    let filter = args.filter.filter()?;
    let [a, b] = ctx.resolve_distinct([&args.a, &args.b])?;
    let votes = ctx.votes()?;
    let boot = args.measures.bootstrap();
    let mut columns = args
        .measures
        .columns(&["year", "a", "b", "n_votes"], &measures);
    let ideal = if args.measures.ideal_distance() {
        if args.measures.span {
            return Err(user_error(
                "ideal_distance is a per-year measure: drop --span",
            ));
        }
        columns.push(IDEAL_DISTANCE.to_string());
        if args.measures.ci {
            columns.extend([
                format!("{IDEAL_DISTANCE}_lo"),
                format!("{IDEAL_DISTANCE}_hi"),
            ]);
        }
        // Positions from the whole history (same body and issue filters), as `entente ideal` shows them.
        Some(super::ideal::whole_history(ctx, &filter)?.by_state_year())
    } else {
        None
    };
    let mut rows = Rows::new(columns);
    let blks = blocks(&votes.table, &filter, args.measures.grouping());
    for point in pair_series(&blks, a.ccode, b.ccode, &measures, boot.as_ref()) {
        let (t, intervals) = (point.table, point.intervals);
        let block_year = point.year;
        let mut row: Vec<Cell> = vec![
            Cell::Int(block_year.into()),
            a.code3().into(),
            b.code3().into(),
            Cell::Int(t.n().into()),
        ];
        row.extend(
            row_values(&t, &measures, intervals.as_deref())
                .into_iter()
                .map(Cell::from),
        );
        if let Some(points) = &ideal {
            let (pa, pb) = (
                points.get(&(a.ccode, block_year)),
                points.get(&(b.ccode, block_year)),
            );
            let d = pa.zip(pb).map(|(x, y)| entente_core::ideal::distance(x, y));
            row.push(d.map(|d| d.value).into());
            if args.measures.ci {
                row.push(d.map(|d| d.lo).into());
                row.push(d.map(|d| d.hi).into());
            }
        }
        rows.push(row);
    }
    let thin: Vec<String> = rows
        .rows
        .iter()
        .filter_map(|r| match (&r[0], &r[3]) {
            (Cell::Int(y), Cell::Int(n)) if *n < MIN_VOTES => Some(format!("{y} ({n})")),
            _ => None,
        })
        .collect();
    if !thin.is_empty() {
        rows.notes.push(format!(
            "Caution: fewer than {MIN_VOTES} joint votes in {} — too few roll calls for a stable share.",
            thin.join(", ")
        ));
    }
    rows.notes.push(format!(
        "{a} and {b}; n_votes = roll calls on which both voted yes, abstain or no."
    ));
    if ideal.is_some() {
        rows.notes.push(
            "ideal_distance: |θa − θb| of `entente ideal` (default model); its interval treats the two positions as independent normals."
                .into(),
        );
    }
    if let Some(bs) = &boot {
        rows.notes.push(format!(
            "Intervals: percentile bootstrap over roll calls, {} replicates, seed {}.",
            bs.reps, bs.seed
        ));
    }
    for s in [a, b] {
        if let Some(n) = s.note {
            rows.notes.push(format!("Note: {n}"));
        }
    }
    rows.notes.extend(source_notes(&votes.table, &filter));
    rows.write(args.format, args.out.as_deref())
}
