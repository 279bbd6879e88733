//! `entente matrix`: agreement of all pairs of states, per year.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{Field, Schema};
use entente_core::agreement::{Block, Bootstrap, PairRow, all_pairs, blocks, row_values};
use entente_core::{Measure, Registry};
use rayon::prelude::*;

use super::{FilterArgs, MeasureArgs, source_notes};
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows, persist_output};

/// Agreement of every pair of states per year (one row per pair with a < b by COW code).
///
/// Same measures, filters and year convention as `entente align`. Without --year,
/// --from or --to every year is written. Columns: year, a, b (ISO3), ccode_a, ccode_b
/// (COW), n_votes, then one column per measure (and _lo/_hi with --ci; intervals for all
/// pairs take minutes: ~18,000 pairs a year × the replicates). `--measure` may include
/// ideal_distance (|θa − θb| of `entente ideal`, estimated on first use).
///
/// Examples:
///   entente matrix --year 2021 --measure kappa
///   entente matrix --from 1946 --to 2021 --format parquet --out agreement.parquet
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub measures: MeasureArgs,
    /// Output: an aligned table for people, csv or json for machines, parquet (with --out) for the bulk table (notes go to stderr).
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Output file (required for parquet).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

const LEADING: [&str; 6] = ["year", "a", "b", "ccode_a", "ccode_b", "n_votes"];

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    if args.measures.ideal_distance() || !super::score_kinds(&args.measures.measure).is_empty() {
        return with_extra_columns(ctx, args);
    }
    let measures = args.measures.measures()?;
    let filter = args.filter.filter()?;
    let reg = ctx.registry()?;
    let votes = ctx.votes()?;
    let _task = ctx.spinner("computing every pair of every year");
    let t0 = std::time::Instant::now();
    let blks = blocks(&votes.table, &filter, args.measures.grouping());
    tracing::info!("{} blocks in {:?}", blks.len(), t0.elapsed());
    let columns = args.measures.columns(&LEADING, &measures);
    let boot = args.measures.bootstrap();
    match args.format {
        Format::Csv => write_csv(
            &blks,
            reg,
            &measures,
            boot.as_ref(),
            &columns,
            args.out.as_deref(),
        ),
        Format::Parquet => {
            let path = args
                .out
                .as_deref()
                .ok_or_else(|| crate::context::user_error("--format parquet needs --out FILE"))?;
            write_parquet(&blks, reg, &measures, boot.as_ref(), &columns, path)
        }
        Format::Table | Format::Json => {
            let pairs = all_pairs(&blks, &measures, boot.as_ref());
            let mut rows = Rows::new(columns);
            rows.rows.reserve(pairs.len());
            for p in &pairs {
                rows.rows.push(pair_row(p, reg, &measures));
            }
            rows.notes = source_notes(&votes.table, &filter);
            rows.write(args.format, args.out.as_deref())
        }
    }
}

/// The matrix with per-year columns that are not agreement measures, after the
/// agreement measures asked for: `ideal_distance` (|θa − θb| of `entente ideal`,
/// default model, whole history of the same body and issue) and the dyad-year scores
/// `alignment` and `intensity` (docs/index.md; pairs with joint votes, years the scores
/// cover).
fn with_extra_columns(ctx: &Context, args: Args) -> Result<()> {
    use rayon::prelude::*;
    if args.measures.span {
        return Err(user_error(
            "ideal_distance, alignment and intensity are per-year measures: drop --span",
        ));
    }
    let with_ideal = args.measures.ideal_distance();
    let kinds = super::score_kinds(&args.measures.measure);
    let measures = args.measures.measures()?;
    let filter = args.filter.filter()?;
    let reg = ctx.registry()?;
    let votes = ctx.votes()?;
    let points = if with_ideal {
        super::ideal::whole_history(ctx, &filter)?.by_state_year()
    } else {
        Default::default()
    };
    let blks = blocks(&votes.table, &filter, args.measures.grouping());
    let boot = args.measures.bootstrap();
    let mut columns = args.measures.columns(&LEADING, &measures);
    if with_ideal {
        columns.push(super::IDEAL_DISTANCE.to_string());
        if args.measures.ci {
            columns.push(format!("{}_lo", super::IDEAL_DISTANCE));
            columns.push(format!("{}_hi", super::IDEAL_DISTANCE));
        }
    }
    columns.extend(kinds.iter().map(|k| k.name().to_string()));
    // The scores of each year the blocks hold and the scores cover.
    let (lo, hi) = entente_analysis::defaults::INDEX_YEARS;
    let weights = entente_core::index::Weights::default();
    let tables: std::collections::HashMap<i32, entente_analysis::profile::YearIndex> =
        if kinds.is_empty() {
            Default::default()
        } else {
            blks.par_iter()
                .map(|b| b.year)
                .filter(|y| (lo..=hi).contains(y))
                .map(|y| {
                    Ok((
                        y,
                        entente_analysis::profile::year_index(ctx.session(), y, &weights)?,
                    ))
                })
                .collect::<Result<_>>()?
        };
    let lookup: std::collections::HashMap<i32, std::collections::HashMap<(u16, u16), usize>> =
        tables
            .iter()
            .map(|(y, t)| {
                (
                    *y,
                    t.dyads.iter().enumerate().map(|(i, d)| (*d, i)).collect(),
                )
            })
            .collect();
    let mut rows = Rows::new(columns);
    for p in all_pairs(&blks, &measures, boot.as_ref()) {
        let mut row = pair_row(&p, reg, &measures);
        if with_ideal {
            let d = points
                .get(&(p.a, p.year))
                .zip(points.get(&(p.b, p.year)))
                .map(|(x, y)| entente_core::ideal::distance(x, y));
            row.push(d.map(|d| d.value).into());
            if args.measures.ci {
                row.push(d.map(|d| d.lo).into());
                row.push(d.map(|d| d.hi).into());
            }
        }
        for k in &kinds {
            let at = lookup
                .get(&p.year)
                .and_then(|m| m.get(&(p.a.min(p.b), p.a.max(p.b))));
            let v = at.and_then(|&i| tables[&p.year].scores[i].get(*k).value);
            row.push(v.into());
        }
        rows.rows.push(row);
    }
    rows.notes = source_notes(&votes.table, &filter);
    if with_ideal {
        rows.notes.push(
            "ideal_distance: |θa − θb| of `entente ideal` (default model); its interval treats the two positions as independent normals.".into(),
        );
    }
    if !kinds.is_empty() {
        rows.notes.push(format!(
            "alignment (−1 … 1) and intensity (0 … 1): the dyad-year scores of entente profile (docs/index.md), {lo}–{hi}, without intervals; empty outside those years or below their coverage rules."
        ));
        rows.notes
            .push(entente_analysis::profile::source_ends_line());
    }
    rows.write(args.format, args.out.as_deref())
}

/// One pair's row: the leading columns, then each measure (with its interval).
fn pair_row(p: &PairRow, reg: &Registry, measures: &[Measure]) -> Vec<Cell> {
    let mut row = vec![
        Cell::Int(p.year.into()),
        reg.code3_of(p.a).into(),
        reg.code3_of(p.b).into(),
        Cell::Int(p.a.into()),
        Cell::Int(p.b.into()),
        Cell::Int(p.table.n().into()),
    ];
    row.extend(
        row_values(&p.table, measures, p.intervals.as_deref())
            .into_iter()
            .map(Cell::from),
    );
    row
}

/// ISO3 (or COW letters) by COW code, for fast lookups while formatting.
fn code_table(reg: &Registry) -> Vec<String> {
    let mut codes: Vec<String> = vec![String::new(); 1000];
    for c in reg.countries() {
        if let Some(slot) = codes.get_mut(usize::from(c.ccode)) {
            *slot = c.code3().to_string();
        }
    }
    codes
}

/// Computes every block's pairs and formats them as CSV in one pass, blocks in
/// parallel; only the text is kept. Numbers are written with itoa and zmij
/// (shortest decimal that reads back to the same f64); a missing value is empty.
fn write_csv(
    blks: &[Block],
    reg: &Registry,
    measures: &[Measure],
    boot: Option<&Bootstrap>,
    columns: &[String],
    out: Option<&Path>,
) -> Result<()> {
    let codes = code_table(reg);
    let chunks: Vec<Vec<u8>> = blks
        .par_iter()
        .map(|block| {
            let n = block.states.len();
            let mut buf = Vec::with_capacity(n * n * 70);
            let mut int = itoa::Buffer::new();
            let mut float = zmij::Buffer::new();
            let year = block.year.to_string();
            // "year,A," for the current first state of the pair.
            let (mut prefix, mut prefix_of) = (String::new(), usize::MAX);
            for (i, j, t) in block.joint_pairs() {
                let (a, b) = (block.states[i], block.states[j]);
                if i != prefix_of {
                    prefix = format!("{year},{},", codes[usize::from(a)]);
                    prefix_of = i;
                }
                buf.extend_from_slice(prefix.as_bytes());
                buf.extend_from_slice(codes[usize::from(b)].as_bytes());
                for v in [u32::from(a), u32::from(b), t.n()] {
                    buf.push(b',');
                    buf.extend_from_slice(int.format(v).as_bytes());
                }
                let intervals = boot.map(|bs| block.pair_intervals(bs, i, j, measures));
                for v in row_values(&t, measures, intervals.as_deref()) {
                    buf.push(b',');
                    if let Some(v) = v {
                        buf.extend_from_slice(float.format(v).as_bytes());
                    }
                }
                buf.push(b'\n');
            }
            buf
        })
        .collect();
    tracing::info!(
        "computed and formatted {} bytes",
        chunks.iter().map(Vec::len).sum::<usize>()
    );
    let write_all = |w: &mut dyn Write| -> std::io::Result<()> {
        w.write_all(columns.join(",").as_bytes())?;
        w.write_all(b"\n")?;
        for c in &chunks {
            w.write_all(c)?;
        }
        w.flush()
    };
    match out {
        None => write_all(&mut std::io::stdout().lock())?,
        Some(path) => persist_output(path, |f| Ok(write_all(&mut std::io::BufWriter::new(f))?))?,
    }
    Ok(())
}

/// One block's pairs, column by column (the measure values row by row).
struct BlockColumns {
    year: i32,
    a: Vec<u16>,
    b: Vec<u16>,
    n_votes: Vec<i32>,
    /// One column per measure (and its interval's ends); 0 where missing.
    values: Vec<Vec<f64>>,
    /// Whether each value of `values` is present.
    present: Vec<Vec<bool>>,
}

/// Computes every block's pairs into columns, blocks in parallel, and writes them as
/// Parquet (Int32 codes and counts, Float64 measures, zstd, every column with a
/// dictionary: shares of a year's votes repeat): no row object per pair.
fn write_parquet(
    blks: &[Block],
    reg: &Registry,
    measures: &[Measure],
    boot: Option<&Bootstrap>,
    columns: &[String],
    path: &Path,
) -> Result<()> {
    let codes = code_table(reg);
    let code = |cc: u16| codes.get(usize::from(cc)).map(String::as_str);
    let width = columns.len() - LEADING.len();
    let parts: Vec<BlockColumns> = blks
        .par_iter()
        .map(|block| {
            let n = block.states.len();
            let cap = n * n.saturating_sub(1) / 2;
            let (mut a, mut b, mut n_votes) = (
                Vec::with_capacity(cap),
                Vec::with_capacity(cap),
                Vec::with_capacity(cap),
            );
            let mut values = vec![Vec::with_capacity(cap); width];
            let mut present = vec![Vec::with_capacity(cap); width];
            let mut push = |k: usize, v: Option<f64>| {
                values[k].push(v.unwrap_or(0.0));
                present[k].push(v.is_some());
            };
            for (i, j, t) in block.joint_pairs() {
                a.push(block.states[i]);
                b.push(block.states[j]);
                n_votes.push(t.n() as i32);
                match boot {
                    None => {
                        let all = t.values();
                        for (k, &m) in measures.iter().enumerate() {
                            push(k, all[m as usize]);
                        }
                    }
                    Some(bs) => {
                        let iv = block.pair_intervals(bs, i, j, measures);
                        for (k, v) in row_values(&t, measures, Some(&iv)).into_iter().enumerate() {
                            push(k, v);
                        }
                    }
                }
            }
            BlockColumns {
                year: block.year,
                a,
                b,
                n_votes,
                values,
                present,
            }
        })
        .collect();
    let rows: usize = parts.iter().map(|p| p.a.len()).sum();
    tracing::info!("{rows} pairs computed");
    // The columns, side by side, each concatenated over the blocks.
    let ints = |f: &(dyn Fn(&BlockColumns) -> Vec<i32> + Sync)| -> ArrayRef {
        Arc::new(Int32Array::from_iter_values(parts.iter().flat_map(f)))
    };
    let arrays: Vec<ArrayRef> = (0..columns.len())
        .into_par_iter()
        .map(|k| -> ArrayRef {
            match k {
                0 => ints(&|p| vec![p.year; p.a.len()]),
                1 | 2 => Arc::new(
                    parts
                        .iter()
                        .flat_map(|p| if k == 1 { &p.a } else { &p.b })
                        .map(|&c| code(c))
                        .collect::<StringArray>(),
                ),
                3 => ints(&|p| p.a.iter().map(|&c| i32::from(c)).collect()),
                4 => ints(&|p| p.b.iter().map(|&c| i32::from(c)).collect()),
                5 => ints(&|p| p.n_votes.clone()),
                _ => {
                    // The blocks' values copied whole, with a null mask only when one
                    // is missing.
                    let m = k - LEADING.len();
                    let mut values = Vec::with_capacity(rows);
                    for p in &parts {
                        values.extend_from_slice(&p.values[m]);
                    }
                    let nulls = parts
                        .iter()
                        .any(|p| p.present[m].contains(&false))
                        .then(|| {
                            NullBuffer::from_iter(
                                parts.iter().flat_map(|p| p.present[m].iter().copied()),
                            )
                        });
                    Arc::new(Float64Array::new(values.into(), nulls))
                }
            }
        })
        .collect();
    tracing::info!("columns built");
    let fields: Vec<Field> = columns
        .iter()
        .zip(&arrays)
        .map(|(n, a)| Field::new(n, a.data_type().clone(), a.null_count() > 0))
        .collect();
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?;
    persist_output(path, |f| {
        entente_store::parquet::write_batch_to(f, &batch, entente_store::parquet::Compress::Shares)
            .map_err(anyhow::Error::from)
    })?;
    tracing::info!("wrote the Parquet file");
    Ok(())
}
