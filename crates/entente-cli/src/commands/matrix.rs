//! `entente matrix`: agreement of all pairs of states, per year.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use entente_core::agreement::{Block, Bootstrap, Grouping, PairRow, all_pairs, blocks};
use entente_core::{Measure, Registry};
use rayon::prelude::*;

use super::{FilterArgs, source_notes};
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows, persist_output};

/// Agreement of every pair of states per year (one row per pair with a < b by COW code).
///
/// Same measures, filters and year convention as `entente align`. Without --year,
/// --from or --to every year is written. Columns: year, a, b (ISO3), ccode_a, ccode_b
/// (COW), n_votes, then one column per measure (and _lo/_hi with --ci).
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
    let t0 = std::time::Instant::now();
    let blks = blocks(&votes.table, &filter, grouping);
    tracing::info!("{} blocks in {:?}", blks.len(), t0.elapsed());
    let columns = columns(&measures, args.ci);
    if args.format == Format::Csv && !args.ci {
        return write_csv_fused(&blks, &reg, &measures, &columns, args.out.as_deref());
    }
    let boot = Bootstrap {
        reps: args.reps,
        seed: args.seed,
        level: 0.95,
    };
    let pairs = all_pairs(&blks, &measures, args.ci.then_some(&boot));
    match args.format {
        Format::Csv => write_csv(&pairs, &reg, &measures, &columns, args.out.as_deref()),
        Format::Parquet => {
            let path = args
                .out
                .as_deref()
                .context("--format parquet needs --out FILE")?;
            write_parquet(&pairs, &reg, &measures, &columns, path)
        }
        Format::Table | Format::Json => {
            let mut rows = Rows::new(columns);
            rows.rows.reserve(pairs.len());
            for p in &pairs {
                let mut row = vec![
                    Cell::Int(p.year.into()),
                    code3(&reg, p.a).into(),
                    code3(&reg, p.b).into(),
                    Cell::Int(p.a.into()),
                    Cell::Int(p.b.into()),
                    Cell::Int(p.table.n().into()),
                ];
                for v in values(p, &measures) {
                    row.push(v.into());
                }
                rows.rows.push(row);
            }
            rows.notes = source_notes(&votes.table, &filter);
            rows.write(args.format, args.out.as_deref())
        }
    }
}

fn columns(measures: &[Measure], ci: bool) -> Vec<String> {
    let mut columns: Vec<String> = ["year", "a", "b", "ccode_a", "ccode_b", "n_votes"]
        .map(String::from)
        .to_vec();
    for m in measures {
        columns.push(m.name().to_string());
        if ci {
            columns.push(format!("{}_lo", m.name()));
            columns.push(format!("{}_hi", m.name()));
        }
    }
    columns
}

fn code3(reg: &Registry, cc: u16) -> String {
    reg.by_ccode(cc)
        .map_or_else(|| cc.to_string(), |c| c.code3().to_string())
}

/// The measure values of a row in column order (value, then lo/hi when present).
fn values(p: &PairRow, measures: &[Measure]) -> Vec<Option<f64>> {
    let mut out = Vec::with_capacity(measures.len() * 3);
    for (k, &m) in measures.iter().enumerate() {
        out.push(p.table.value(m));
        if let Some(iv) = &p.intervals {
            out.push(iv[k].map(|x| x.lo));
            out.push(iv[k].map(|x| x.hi));
        }
    }
    out
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
/// parallel; nothing but the text is kept.
fn write_csv_fused(
    blks: &[Block],
    reg: &Registry,
    measures: &[Measure],
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
            let year = int.format(block.year).to_string();
            for i in 0..n {
                let a = block.states[i];
                let a_prefix = format!("{year},{},", codes[usize::from(a)]);
                for j in i + 1..n {
                    let t = block.pair_table(i, j);
                    if t.n() == 0 {
                        continue;
                    }
                    let b = block.states[j];
                    buf.extend_from_slice(a_prefix.as_bytes());
                    buf.extend_from_slice(codes[usize::from(b)].as_bytes());
                    for v in [u32::from(a), u32::from(b), t.n()] {
                        buf.push(b',');
                        buf.extend_from_slice(int.format(v).as_bytes());
                    }
                    let all = t.values();
                    for &m in measures {
                        buf.push(b',');
                        if let Some(v) = all[m as usize] {
                            buf.extend_from_slice(float.format(v).as_bytes());
                        }
                    }
                    buf.push(b'\n');
                }
            }
            buf
        })
        .collect();
    tracing::info!(
        "computed and formatted {} bytes",
        chunks.iter().map(Vec::len).sum::<usize>()
    );
    emit_csv(&chunks, columns, out)?;
    tracing::info!("wrote the CSV");
    Ok(())
}

/// Writes the header and formatted chunks to `out` (atomically) or standard output.
fn emit_csv(chunks: &[Vec<u8>], columns: &[String], out: Option<&Path>) -> Result<()> {
    let write_all = |w: &mut dyn Write| -> std::io::Result<()> {
        w.write_all(columns.join(",").as_bytes())?;
        w.write_all(b"\n")?;
        for c in chunks {
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

/// Writes pairs (with intervals) as CSV, formatting chunks in parallel (itoa/ryu:
/// shortest round-trip decimals; a missing value is an empty field).
fn write_csv(
    pairs: &[PairRow],
    reg: &Registry,
    measures: &[Measure],
    columns: &[String],
    out: Option<&Path>,
) -> Result<()> {
    let codes = code_table(reg);
    let code = |cc: u16| codes.get(usize::from(cc)).map_or("", String::as_str);
    let chunks: Vec<Vec<u8>> = pairs
        .par_chunks(8192)
        .map(|chunk| {
            let mut buf = Vec::with_capacity(chunk.len() * 140);
            let mut int = itoa::Buffer::new();
            let mut float = zmij::Buffer::new();
            for p in chunk {
                buf.extend_from_slice(int.format(p.year).as_bytes());
                buf.push(b',');
                buf.extend_from_slice(code(p.a).as_bytes());
                buf.push(b',');
                buf.extend_from_slice(code(p.b).as_bytes());
                for n in [u32::from(p.a), u32::from(p.b), p.table.n()] {
                    buf.push(b',');
                    buf.extend_from_slice(int.format(n).as_bytes());
                }
                for (k, &m) in measures.iter().enumerate() {
                    let iv = p.intervals.as_ref().map(|iv| iv[k]);
                    let cells = [
                        Some(p.table.value(m)),
                        iv.map(|i| i.map(|x| x.lo)),
                        iv.map(|i| i.map(|x| x.hi)),
                    ];
                    for v in cells.into_iter().flatten() {
                        buf.push(b',');
                        if let Some(v) = v {
                            buf.extend_from_slice(float.format(v).as_bytes());
                        }
                    }
                }
                buf.push(b'\n');
            }
            buf
        })
        .collect();
    emit_csv(&chunks, columns, out)
}

/// Writes the pairs as Parquet (Int32 codes and counts, Float64 measures, zstd).
fn write_parquet(
    pairs: &[PairRow],
    reg: &Registry,
    measures: &[Measure],
    columns: &[String],
    path: &Path,
) -> Result<()> {
    let codes = code_table(reg);
    let code = |cc: u16| codes.get(usize::from(cc)).map(String::as_str);
    let mut arrays: Vec<ArrayRef> = vec![
        Arc::new(Int32Array::from_iter_values(pairs.iter().map(|p| p.year))),
        Arc::new(pairs.iter().map(|p| code(p.a)).collect::<StringArray>()),
        Arc::new(pairs.iter().map(|p| code(p.b)).collect::<StringArray>()),
        Arc::new(Int32Array::from_iter_values(
            pairs.iter().map(|p| i32::from(p.a)),
        )),
        Arc::new(Int32Array::from_iter_values(
            pairs.iter().map(|p| i32::from(p.b)),
        )),
        Arc::new(Int32Array::from_iter_values(
            pairs.iter().map(|p| p.table.n() as i32),
        )),
    ];
    let all: Vec<[Option<f64>; 6]> = pairs.par_iter().map(|p| p.table.values()).collect();
    for (k, &m) in measures.iter().enumerate() {
        arrays.push(Arc::new(
            all.iter().map(|v| v[m as usize]).collect::<Float64Array>(),
        ));
        if pairs.first().is_some_and(|p| p.intervals.is_some()) {
            let bound = |lo: bool| -> Float64Array {
                pairs
                    .iter()
                    .map(|p| {
                        p.intervals
                            .as_ref()
                            .and_then(|iv| iv[k])
                            .map(|x| if lo { x.lo } else { x.hi })
                    })
                    .collect()
            };
            arrays.push(Arc::new(bound(true)));
            arrays.push(Arc::new(bound(false)));
        }
    }
    let fields: Vec<Field> = columns
        .iter()
        .zip(&arrays)
        .map(|(n, a)| Field::new(n, a.data_type().clone(), a.null_count() > 0))
        .collect();
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?;
    persist_output(path, |f| {
        entente_store::unga::write_batch_to(f, &batch).map_err(anyhow::Error::from)
    })
}
