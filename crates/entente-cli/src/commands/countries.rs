//! `entente countries`: the country registry.

use anyhow::Result;
use entente_core::Country;

use crate::context::Context;
use crate::output::{Cell, Format, Rows};

/// Look up states by name or code, or list the whole registry.
///
/// Accepts English names and former names ("Soviet Union", "Burma", "Zaire"), ISO3, ISO2,
/// COW letters and numbers, CAMEO codes. Where codes collide, ISO3 wins ("AUS" is
/// Australia; Austria's COW letters are also AUS). An unknown name fails with the
/// closest suggestions and exit code 2.
///
/// Examples:
///   entente countries Russia USSR 365
///   entente countries --format csv > countries.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Names or codes to resolve; none lists every state.
    pub query: Vec<String>,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let reg = ctx.registry()?;
    let found: Vec<(&str, &Country)> = if args.query.is_empty() {
        reg.countries().iter().map(|c| ("", c)).collect()
    } else {
        args.query
            .iter()
            .map(|q| Ok((q.as_str(), ctx.resolve(reg, q)?)))
            .collect::<Result<_>>()?
    };
    let detailed = !args.query.is_empty();
    let mut cols = vec![
        "ccode",
        "cow",
        "iso3",
        "iso2",
        "m49",
        "cameo",
        "name",
        "system_spells",
    ];
    if detailed {
        cols.insert(0, "query");
        cols.extend(["aliases", "note"]);
    }
    let mut rows = Rows::new(cols);
    for (q, c) in found {
        let opt = |s: &Option<String>| Cell::Str(s.clone().unwrap_or_default());
        let spells: Vec<String> = c
            .spells
            .iter()
            .map(|s| format!("{}..{}", s.start, s.end))
            .collect();
        let mut row = vec![
            Cell::Int(c.ccode.into()),
            c.cow_abb.as_str().into(),
            opt(&c.iso3),
            opt(&c.iso2),
            c.m49
                .map_or(Cell::Str(String::new()), |m| Cell::Int(m.into())),
            opt(&c.cameo),
            c.name.as_str().into(),
            spells.join(" ").into(),
        ];
        if detailed {
            row.insert(0, q.into());
            row.push(c.aliases.join("; ").into());
            row.push(c.note.unwrap_or("").into());
        }
        rows.push(row);
    }
    if args.format == Format::Table && detailed {
        // Too wide for columns: print one block per state.
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        for r in &rows.rows {
            for (k, v) in rows.columns.iter().zip(r) {
                let text = match v {
                    Cell::Str(s) => s.clone(),
                    Cell::Int(i) => i.to_string(),
                    Cell::Num(x) => x.map(|x| x.to_string()).unwrap_or_default(),
                };
                if !text.is_empty() {
                    writeln!(out, "{k:>13}  {text}")?;
                }
            }
            writeln!(out)?;
        }
        writeln!(
            out,
            "Sources: countrycode 1.8.0 codelist (Arel-Bundock et al. 2018); COW State System Membership v2024; CAMEO country codes."
        )?;
        return Ok(());
    }
    rows.notes.push("Sources: countrycode 1.8.0 codelist (Arel-Bundock et al. 2018); COW State System Membership v2024; CAMEO country codes.".into());
    rows.write(args.format, None)
}
