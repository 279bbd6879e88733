//! `entente matrix`: agreement of all pairs of states, per year.

mod text;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{Field, Schema};
use entente_core::agreement::{
    Block, Bootstrap, PairRow, all_pairs, blocks, each_row_value, row_values,
};
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

/// How many blocks the formatters may run ahead of the block being written (bounds
/// the memory when the disk is slower than the formatting).
const CSV_AHEAD: usize = 8;

/// Computes every block's pairs and formats them as CSV in one pass: each worker
/// takes the next block in order and formats it, and this thread writes the texts in
/// order as they come (so writing overlaps the work), then hands the buffers back
/// (memory stays at a few blocks' text, not the file's). Numbers are written with
/// itoa and zmij (shortest decimal that reads back to the same f64; repeated values
/// from a cache, [`text::FloatText`]); a missing value is empty.
fn write_csv(
    blks: &[Block],
    reg: &Registry,
    measures: &[Measure],
    boot: Option<&Bootstrap>,
    columns: &[String],
    out: Option<&Path>,
) -> Result<()> {
    let codes = code_table(reg);
    let format = CsvRows {
        codes: &codes,
        measures,
        boot,
        width: columns.len() - LEADING.len(),
        caches: Default::default(),
    };
    let write_all = |w: &mut Sink| -> std::io::Result<()> {
        w.write(columns.join(",").as_bytes())?;
        w.write(b"\n")?;
        // Every buffer sized for the largest block: a reused one always fits.
        let largest = blks.iter().map(CsvRows::text_size).max().unwrap_or(0);
        write_in_order(
            blks.len(),
            largest,
            |i, text| format.block(&blks[i], text),
            |text| w.write_part(text),
        )?;
        tracing::info!("computed and wrote {} bytes", w.written);
        Ok(())
    };
    match out {
        None => write_all(&mut Sink::new(Target::Stdout(std::io::stdout())))?,
        Some(path) => persist_output(path, |f| {
            let behind = entente_store::atomic::WriteBehind::new(f, path);
            Ok(write_all(&mut Sink::new(Target::File(f, behind)))?)
        })?,
    }
    Ok(())
}

/// Makes the texts `0..count` on the rayon workers, each worker taking the next
/// index (never more than [`CSV_AHEAD`] past the one being written), and `put`s them
/// in index order on this thread. Buffers (of `capacity` bytes) are reused. A failed
/// `put` stops the workers at their next text and is returned.
fn write_in_order(
    count: usize,
    capacity: usize,
    make: impl Fn(usize, &mut Vec<u8>) + Sync,
    mut put: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let written = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let spare = std::sync::Mutex::new(Vec::<Vec<u8>>::new());
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<u8>)>();
    rayon::in_place_scope(|s| {
        for _ in 0..rayon::current_num_threads().max(1) {
            let (tx, next, written, stop, spare, make) =
                (tx.clone(), &next, &written, &stop, &spare, &make);
            s.spawn(move |_| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    while i > written.load(Ordering::Acquire) + CSV_AHEAD
                        && !stop.load(Ordering::Relaxed)
                    {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let mut text = spare
                        .lock()
                        .ok()
                        .and_then(|mut v| v.pop())
                        .unwrap_or_else(|| Vec::with_capacity(capacity));
                    make(i, &mut text);
                    if tx.send((i, text)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut at = 0;
        let result = (|| {
            for (i, text) in &rx {
                waiting.insert(i, text);
                while let Some(mut text) = waiting.remove(&at) {
                    put(&text)?;
                    at += 1;
                    written.store(at, Ordering::Release);
                    text.clear();
                    if let Ok(mut v) = spare.lock() {
                        v.push(text);
                    }
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        drop(rx);
        result
    })
}

/// Where the matrix CSV goes, and how much of it has gone.
struct Sink<'a> {
    to: Target<'a>,
    written: u64,
}

enum Target<'a> {
    Stdout(std::io::Stdout),
    /// The output file (the temporary file renamed over `--out` when whole), sent
    /// to the disk as it grows where that helps.
    File(&'a mut std::fs::File, entente_store::atomic::WriteBehind),
}

impl<'a> Sink<'a> {
    fn new(to: Target<'a>) -> Self {
        Self { to, written: 0 }
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.to {
            Target::Stdout(s) => s.write_all(bytes)?,
            Target::File(f, _) => f.write_all(bytes)?,
        }
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Writes a part; a file's part is sent on to the disk now where that helps, beside
    /// the work on the next (see [`entente_store::atomic::WriteBehind`]).
    fn write_part(&mut self, text: &[u8]) -> std::io::Result<()> {
        self.write(text)?;
        if let Target::File(f, behind) = &mut self.to {
            behind.written(f, self.written);
        }
        Ok(())
    }
}

/// What formats one block's rows of the matrix CSV.
struct CsvRows<'a> {
    /// ISO3 (or COW letters) by COW code.
    codes: &'a [String],
    measures: &'a [Measure],
    boot: Option<&'a Bootstrap>,
    /// Value columns after the leading ones.
    width: usize,
    /// Idle float caches, one per value column, taken by a block while it formats.
    caches: std::sync::Mutex<Vec<Vec<text::FloatText>>>,
}

impl CsvRows<'_> {
    /// Room for a block's text: ~130 bytes a row with six measures, n²/2 rows (more
    /// only with intervals, when the buffer grows).
    fn text_size(block: &Block) -> usize {
        block.states.len().pow(2) * 70
    }

    /// Appends the block's rows (pairs with joint votes, i < j) to `buf`.
    fn block(&self, block: &Block, buf: &mut Vec<u8>) {
        use text::Piece;
        let n = block.states.len();
        buf.reserve(Self::text_size(block));
        let mut floats = self
            .caches
            .lock()
            .ok()
            .and_then(|mut c| c.pop())
            .unwrap_or_else(|| (0..self.width).map(|_| Default::default()).collect());
        // The text of each count of joint votes (0 ..= the block's roll calls), made
        // when first met.
        let mut counts: Vec<Option<Piece>> = vec![None; block.rollcalls.len() + 1];
        let mut int = itoa::Buffer::new();
        let code = |s: usize| self.codes[usize::from(block.states[s])].as_str();
        // "B," and "ccode," of each state, then "year,A," of the current first state.
        let second: Vec<Piece> = (0..n)
            .map(|s| Piece::new(&format!("{},", code(s))))
            .collect();
        let ccode: Vec<Piece> = (0..n)
            .map(|s| Piece::new(&format!("{},", block.states[s])))
            .collect();
        let (mut first, mut first_of) = (Piece::default(), usize::MAX);
        block.for_each_joint_pair(|i, j, t| {
            if i != first_of {
                first = Piece::new(&format!("{},{},", block.year, code(i)));
                first_of = i;
            }
            first.push(buf);
            second[j].push(buf);
            ccode[i].push(buf);
            ccode[j].push(buf);
            let n_votes = t.n();
            match counts.get_mut(n_votes as usize) {
                Some(slot) => slot
                    .get_or_insert_with(|| Piece::new(int.format(n_votes)))
                    .push(buf),
                // Only with weights above one (not in a plain block).
                None => buf.extend_from_slice(int.format(n_votes).as_bytes()),
            }
            let intervals = self
                .boot
                .map(|bs| block.pair_intervals(bs, i, j, self.measures));
            let mut caches = floats.iter_mut();
            each_row_value(&t, self.measures, intervals.as_deref(), |v| {
                // Each column its own cache, a value or not.
                let cache = caches.next();
                buf.push(b',');
                if let (Some(v), Some(cache)) = (v, cache) {
                    cache.push(v, buf);
                }
            });
            buf.push(b'\n');
        });
        if let Ok(mut c) = self.caches.lock() {
            c.push(floats);
        }
    }
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
            block.for_each_joint_pair(|i, j, t| {
                a.push(block.states[i]);
                b.push(block.states[j]);
                n_votes.push(t.n() as i32);
                let intervals = boot.map(|bs| block.pair_intervals(bs, i, j, measures));
                let mut k = 0;
                each_row_value(&t, measures, intervals.as_deref(), |v| {
                    values[k].push(v.unwrap_or(0.0));
                    present[k].push(v.is_some());
                    k += 1;
                });
            });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_written_in_order_whatever_order_they_are_made_in() {
        let mut out = Vec::new();
        write_in_order(
            200,
            16,
            |i, text| {
                // Uneven work: later indices often finish first.
                std::thread::sleep(std::time::Duration::from_micros(
                    ((i * 37) % 11) as u64 * 50,
                ));
                text.extend_from_slice(format!("{i}\n").as_bytes());
            },
            |text| {
                out.extend_from_slice(text);
                Ok(())
            },
        )
        .unwrap();
        let want: String = (0..200).map(|i| format!("{i}\n")).collect();
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }

    #[test]
    fn a_failed_write_stops_the_work_and_is_returned() {
        let made = std::sync::atomic::AtomicUsize::new(0);
        let mut puts = 0;
        let err = write_in_order(
            10_000,
            16,
            |_, text| {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                text.push(b'x');
            },
            |_| {
                puts += 1;
                if puts == 3 {
                    Err(std::io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(puts, 3);
        // The workers stop within the look-ahead, not after all 10,000.
        let made = made.into_inner();
        assert!(
            made <= 3 + CSV_AHEAD + rayon::current_num_threads(),
            "{made} made"
        );
    }
}
