//! `entente matrix`: agreement of all pairs of states, per year.

use std::path::PathBuf;

use anyhow::Result;
use entente_core::Measure;
use entente_core::agreement::{Bootstrap, Grouping, all_pairs, blocks};

use super::{FilterArgs, source_notes};
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Agreement of every pair of states per year (one row per pair with a < b by COW code).
///
/// Same measures, filters and year convention as `entente align`. Without --year,
/// --from or --to every year is written.
///
/// Examples:
///   entente matrix --year 2021 --measure kappa
///   entente matrix --from 1946 --to 2021 --format parquet --out agreement.parquet
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Measures, comma-separated: agree, agree_half, s, s_abs, s_sq, kappa, pi, all.
    #[arg(long, short, default_value = "all")]
    pub measure: String,
    /// Add bootstrap 95% intervals (slow for all pairs: ~18,000 pairs a year).
    #[arg(long)]
    pub ci: bool,
    #[arg(long, default_value_t = 1000)]
    pub reps: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// One matrix for the whole span instead of one per year.
    #[arg(long)]
    pub span: bool,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Output file (required for parquet).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let measures = Measure::parse_list(&args.measure).map_err(user_error)?;
    let filter = args.filter.filter()?;
    let reg = ctx.registry()?;
    let votes = ctx.votes(&reg, false)?;
    let grouping = if args.span {
        Grouping::Span
    } else {
        Grouping::Year
    };
    let blks = blocks(&votes.table, &filter, grouping);
    let boot = Bootstrap {
        reps: args.reps,
        seed: args.seed,
        level: 0.95,
    };
    let pairs = all_pairs(&blks, &measures, args.ci.then_some(&boot));

    let mut columns: Vec<String> = ["year", "a", "b", "ccode_a", "ccode_b", "n_votes"]
        .map(String::from)
        .to_vec();
    for m in &measures {
        columns.push(m.name().to_string());
        if args.ci {
            columns.push(format!("{}_lo", m.name()));
            columns.push(format!("{}_hi", m.name()));
        }
    }
    let code = |cc: u16| {
        reg.by_ccode(cc)
            .map_or_else(|| cc.to_string(), |c| c.code3().to_string())
    };
    let mut rows = Rows::new(columns);
    rows.rows.reserve(pairs.len());
    for p in pairs {
        let mut row = vec![
            Cell::Int(p.year.into()),
            code(p.a).into(),
            code(p.b).into(),
            Cell::Int(p.a.into()),
            Cell::Int(p.b.into()),
            Cell::Int(p.table.n().into()),
        ];
        for (k, &m) in measures.iter().enumerate() {
            row.push(p.table.value(m).into());
            if let Some(iv) = &p.intervals {
                row.push(iv[k].map(|x| x.lo).into());
                row.push(iv[k].map(|x| x.hi).into());
            }
        }
        rows.rows.push(row);
    }
    rows.notes = source_notes(&votes.table, &filter);
    rows.write(args.format, args.out.as_deref())
}
