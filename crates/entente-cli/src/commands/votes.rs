//! `entente votes A B`: the roll calls behind the agreement numbers.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::pair::pair_votes;
use entente_core::Vote;

use super::{FilterArgs, source_notes};
use crate::context::Context;
use crate::output::{Cell, Format, Rows};

/// The roll calls behind the numbers: how two states voted, one row per roll call.
///
/// Date, session, year, resolution symbol (A/RES/…, A/RES/ES-11/…, S/RES/…), both states'
/// votes (yes, abstain, no; absent = present on the list but not voting; empty = not a
/// member or no record), the tally of all states (yes/no/abstain), the source whose votes
/// the merged table uses, and the title, in date order. --differ keeps the roll
/// calls on which both voted yes, abstain or no, and differently — the votes that lower
/// their agreement.
///
/// Years are UN session years (session + 1945; emergency special sessions count in the
/// regular session in progress) unless --calendar is given.
///
/// Examples:
///   entente votes China Russia --year 2021 --differ
///   entente votes Russia Ukraine --from 2014 --issue hr --format csv
///   entente votes "United States" Israel --body sc --from 2020
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// First state: a name, ISO3/ISO2 or COW code.
    pub a: String,
    /// Second state.
    pub b: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only the roll calls on which the two voted differently.
    #[arg(long)]
    pub differ: bool,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let filter = args.filter.filter()?;
    let [a, b] = ctx.resolve_distinct([&args.a, &args.b])?;
    let votes = ctx.votes()?;
    let rows_found = pair_votes(ctx.session(), a.ccode, b.ccode, &filter, args.differ)?;
    let vote = |v: Option<Vote>| Cell::Str(v.map_or(String::new(), |v| v.label().to_string()));
    let mut rows = Rows::new([
        "date".to_string(),
        "session".into(),
        "year".into(),
        "symbol".into(),
        a.code3().to_string(),
        b.code3().to_string(),
        "yes".into(),
        "no".into(),
        "abstain".into(),
        "source".into(),
        // Last: long titles do not push the votes off the screen.
        "title".into(),
    ]);
    for v in &rows_found {
        rows.push(vec![
            Cell::Str(v.date.to_string()),
            Cell::Int(v.session.into()),
            Cell::Int(v.year.into()),
            Cell::Str(v.symbol.clone().unwrap_or_default()),
            vote(v.a),
            vote(v.b),
            Cell::Int(v.tally[0].into()),
            Cell::Int(v.tally[1].into()),
            Cell::Int(v.tally[2].into()),
            Cell::Str(v.source.name().to_string()),
            Cell::Str(v.title.clone()),
        ]);
    }
    let differing = rows_found.iter().filter(|v| v.differ()).count();
    rows.notes.push(format!(
        "{} and {}: {} roll calls{}; they voted differently on {differing}.",
        a,
        b,
        rows_found.len(),
        if args.differ {
            " on which they differ"
        } else {
            ""
        },
    ));
    for s in [a, b] {
        if let Some(n) = s.note {
            rows.notes.push(format!("Note: {n}"));
        }
    }
    rows.notes.extend(source_notes(&votes.table, &filter));
    rows.write(args.format, args.out.as_deref())
}
