//! `entente check CLAIMS.toml`: claims of a brief checked against the data.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::check::check;

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Checks a file of typed claims against the data: a verdict per claim — supported,
/// partly supported, not supported, or cannot be checked with the data at hand (and
/// why: which dataset ends or begins when) — with the finding's numbers and the
/// evidence rows behind it.
///
/// Claim kinds (docs/check.md; example: examples/claims/china_russia_brief.toml):
///   highest_since / lowest_since  a measure's level in a year is the highest (lowest)
///                                 since a year (measures: un_agree, un_kappa,
///                                 alignment, intensity, ideal_distance, the indicators
///                                 of entente profile)
///   count                         exercises, arms_deals, disputes or votes in a period,
///                                 under a definition; the verdict names the others
///   arms_deal                     a named deal: supplier, recipient, designation,
///                                 order year, delivery years (SIPRI register)
///   swap_line                     a central-bank liquidity line: amount, currency,
///                                 signature year, renewals (Bahaj–Fuchs–Reis)
///   change                        a measure rose (fell) between two periods, with the
///                                 interval of the difference
///   top_partner                   each among the other's top N trade partners
///                                 (IMF DOTS)
///
/// Unknown kinds and fields, missing fields and bad values are errors naming the file
/// and line. --evidence lists the rows behind each verdict.
///
/// Examples:
///   entente check examples/claims/china_russia_brief.toml
///   entente check examples/claims/china_russia_brief.toml --evidence
///   entente check claims.toml --format json
///   entente brief China Russia --claims examples/claims/china_russia_brief.toml
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The claims file (TOML), or the built-in example "china-russia-brief".
    #[arg(value_parser = crate::examples::path_or_example)]
    pub claims: PathBuf,
    /// One row per evidence record instead of one per claim.
    #[arg(long)]
    pub evidence: bool,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let file =
        entente_sources::claims::read(&args.claims).map_err(|e| user_error(e.to_string()))?;
    let report = check(ctx.session(), &file)?;
    let mut rows = if args.evidence {
        Rows::new(
            ["id", "verdict", "evidence", "source"]
                .map(String::from)
                .to_vec(),
        )
    } else {
        Rows::new(
            ["id", "kind", "verdict", "claim", "finding", "sources"]
                .map(String::from)
                .to_vec(),
        )
    };
    for c in &report.claims {
        if args.evidence {
            for e in &c.evidence {
                rows.push(vec![
                    c.id.as_str().into(),
                    c.verdict.phrase().into(),
                    e.item.as_str().into(),
                    e.source.as_str().into(),
                ]);
            }
        } else {
            rows.push(vec![
                c.id.as_str().into(),
                c.kind.into(),
                c.verdict.phrase().into(),
                c.text.as_str().into(),
                c.finding.as_str().into(),
                Cell::Str(c.sources.join(" | ")),
            ]);
        }
    }
    rows.notes.push(format!(
        "{}{}.",
        report
            .title
            .as_deref()
            .map_or(String::new(), |t| format!("{t}: ")),
        report.summary()
    ));
    if let Some(s) = &report.source {
        rows.notes.push(format!("Claims from: {s}."));
    }
    rows.write(args.format, args.out.as_deref())
}
