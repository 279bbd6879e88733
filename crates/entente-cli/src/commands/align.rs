//! `entente align A B`: how closely two states vote in the UN, year by year.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::pair::{PairRequest, PairYear, pair_measures};
use entente_core::agreement::row_values;

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
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_parser = crate::output::out_path)]
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
    let with_ideal = args.measures.ideal_distance();
    if with_ideal {
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
    }
    let series = pair_measures(
        ctx.session(),
        a.ccode,
        b.ccode,
        &PairRequest {
            filter: filter.clone(),
            grouping: args.measures.grouping(),
            measures: measures.clone(),
            boot,
            ideal_distance: with_ideal,
        },
    )?;
    let mut rows = Rows::new(columns);
    for PairYear { point, ideal } in series {
        let t = point.table;
        let mut row: Vec<Cell> = vec![
            Cell::Int(point.year.into()),
            a.code3().into(),
            b.code3().into(),
            Cell::Int(t.n().into()),
        ];
        row.extend(
            row_values(&t, &measures, point.intervals.as_deref())
                .into_iter()
                .map(Cell::from),
        );
        if with_ideal {
            row.push(ideal.map(|d| d.value).into());
            if args.measures.ci {
                row.push(ideal.map(|d| d.lo).into());
                row.push(ideal.map(|d| d.hi).into());
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
    if with_ideal {
        rows.notes.push(
            "ideal_distance: |θa − θb| of `entente ideal` (default model); its interval treats the two positions as independent normals."
                .into(),
        );
    }
    if let Some(bs) = &args.measures.bootstrap() {
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
