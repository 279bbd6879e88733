//! `entente ties A B --year Y`: the evidence of military ties behind the numbers.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::evidence::tie_evidence;

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// The evidence of military and economic ties between two states, row by row.
///
/// Alliance obligations in force (ATOP 5.1, to 2018; COW alliances to 2012), arms deals in
/// each direction with the weapon designation, description, numbers and TIV (SIPRI trade
/// register: deals ordered or delivered in the years asked for), yearly arms-transfer
/// volume in TIV (SIPRI, to 2021), deliveries per deal and year (SIPRI's January 2025
/// vintage, 2000–2023; rows name their vintage and are never added to the volumes), and joint multinational exercises by name (MME v7,
/// 1980–2010) and militarized disputes with their highest hostility level (COW MID 5.0, to
/// 2014), and goods trade each way (IMF DOTS, to 2020; the importer's report first), and
/// Chinese official finance commitments when one of the two is China (AidData, 2000–2021),
/// shared IGO memberships (COW IGO, to 2014), joint exercises in JME v3 (1974–2010) and
/// sanctions with their types (GSDB, 1949–2022; sender groups such as the EU expanded to
/// member states by year), armed conflicts in which the two fought on opposite sides or on
/// the same side (UCDP Dyadic v25.1, 1946–2024: warring parties and states sending troops in
/// support, with the year's intensity), and central-bank swap and repo lines between them in
/// force (Bahaj–Fuchs–Reis, 1978–2025: size in the deal's currency, dates, renewals, pooled
/// funds such as the BRICS CRA). Each row names its source and line; years outside a
/// dataset's coverage say so instead of showing zero.
///
/// Examples:
///   entente ties China Russia --year 2015
///   entente ties Russia India --from 2010 --to 2015 --format csv
///   entente ties Russia Ukraine --from 2014 --to 2024
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// First state: a name ("Russia", "Soviet Union"), ISO3/ISO2 or COW code.
    pub a: String,
    /// Second state: a name, ISO3/ISO2 or COW code.
    pub b: String,
    #[command(flatten)]
    pub years: super::YearArgs,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let (from, to) = match args.years.span()? {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, f),
        _ => return Err(user_error("give the years: --year Y, or --from Y1 --to Y2")),
    };
    let [a, b] = ctx.resolve_distinct([&args.a, &args.b])?;
    let found = tie_evidence(ctx.session(), a, b, from, to)?;
    let mut rows = Rows::new([
        "evidence",
        "direction",
        "year",
        "item",
        "detail",
        "value",
        "source",
    ]);
    for r in found.rows {
        rows.push(vec![
            r.evidence.into(),
            r.direction.into(),
            r.year
                .map_or(Cell::Str(String::new()), |y| Cell::Int(y.into())),
            r.item.into(),
            r.detail.into(),
            r.value.into(),
            r.source.into(),
        ]);
    }
    rows.notes.extend(found.coverage);
    rows.notes.push("value: TIV (millions; not money values) for arms volumes and deals (TIV of delivered weapons), US$ millions for trade. Arms deals: SIPRI register deals between the two ordered or delivered in the years asked for; trade to 2020 (IMF DOTS).".into());
    for d in entente_analysis::datasets::used_by(Some("ties")) {
        rows.notes.push(format!("Source: {}.", d.source));
    }
    rows.write(args.format, args.out.as_deref())
}
