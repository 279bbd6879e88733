//! `entente export DIR`: the store's tables as Parquet for other engines.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use arrow_array::{ArrayRef, Float64Array, Int16Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use entente_analysis::defaults;
use entente_analysis::profile::year_index;
use entente_core::events::DyadDay;
use entente_core::index::{DIMENSIONS, INDICATORS, Kind, Weights};
use entente_core::{VoteTable, YearMode};
use entente_store::events::dyad_batch;
use entente_store::export::write_partition;
use entente_store::unga::{rollcalls_batch, votes_batch};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// entente's tables as Parquet for DuckDB, Polars, pandas, R (arrow) or Spark.
///
/// Signed integers, Date32 dates, zstd, Hive-style partitions by year
/// (`DIR/<table>/year=YYYY/part-0.parquet`). Schemas: docs/schemas.md.
///
/// Tables: countries; rollcalls and votes (UN General Assembly and Security Council,
/// by session year); event_dyad_days (the event store, by year of the event);
/// dyad_ties (every dyad-year's raw indicators, 1946–2024) and dyad_index (alignment
/// and intensity with alignment's dimensions, hostility and coverage; default weights,
/// no intervals).
///
/// With --events-from FILES|DIRS: the table events, one row per event between two
/// states read from raw GDELT/ICEWS files (plain, .gz, .zip), one Parquet file per
/// source file and year, and event_volume, each file's rows per day (all actors), for
/// `entente sql` and `entente events --tables DIR [--cluster URL]` (docs/cluster.md).
///
/// Examples:
///   entente export /tmp/entente-parquet
///   entente export /tmp/p --tables votes,rollcalls
///   entente export /tmp/p --events-from ../shared/data/gdelt/v2_15min
///   duckdb -c "SELECT year, count(*) FROM read_parquet('/tmp/p/votes/*/*.parquet', hive_partitioning=true) GROUP BY year"
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Output folder (created; existing partitions are replaced).
    pub dir: PathBuf,
    /// Comma-separated subset of: countries, rollcalls, votes, event_dyad_days,
    /// dyad_ties, dyad_index.
    #[arg(long, value_delimiter = ',')]
    pub tables: Option<Vec<String>>,
    /// Raw event files or folders for the events table (alone unless --tables names
    /// others too).
    #[arg(long, num_args = 1..)]
    pub events_from: Vec<PathBuf>,
    /// With --events-from: stop at the first malformed row instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

const TABLES: [&str; 6] = [
    "countries",
    "rollcalls",
    "votes",
    "event_dyad_days",
    "dyad_ties",
    "dyad_index",
];

fn batch(fields: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        fields
            .iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), a.null_count() > 0))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), fields.into_iter().map(|f| f.1).collect())
        .expect("columns of equal length")
}

fn opt_f64(v: impl Iterator<Item = f64>) -> ArrayRef {
    Arc::new(Float64Array::from(
        v.map(|x| (!x.is_nan()).then_some(x)).collect::<Vec<_>>(),
    ))
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let _task = ctx.spinner(&format!("writing the tables to {}", args.dir.display()));
    let request = Request {
        dir: args.dir.clone(),
        tables: args.tables.clone(),
        events_from: args.events_from.clone(),
        strict: args.strict,
    };
    let report = write(ctx, &request)?;
    report.write(args.format, None)
}

/// What to write, and where.
#[derive(Clone, Debug)]
pub struct Request {
    pub dir: PathBuf,
    /// The tables (None: every default table, or `events` with `events_from`).
    pub tables: Option<Vec<String>>,
    /// Raw event files for the `events` table.
    pub events_from: Vec<PathBuf>,
    /// Stop at the first malformed event row.
    pub strict: bool,
}

impl Request {
    /// Every default table into `dir` (what `entente sql` queries when no folder is given).
    pub fn default_tables(dir: PathBuf) -> Request {
        Request {
            dir,
            tables: None,
            events_from: Vec::new(),
            strict: false,
        }
    }
}

/// Writes the tables `args` asks for; returns the report (table, partitions, rows,
/// path) without printing it.
pub fn write(ctx: &Context, args: &Request) -> Result<Rows> {
    let from_files = !args.events_from.is_empty();
    let tables: Vec<String> = match (&args.tables, from_files) {
        (Some(t), _) => t.clone(),
        (None, true) => vec!["events".to_string()],
        (None, false) => TABLES.map(String::from).to_vec(),
    };
    for t in &tables {
        if t == "events" && !from_files {
            return Err(user_error(
                "the events table is read from raw event files: add --events-from FILES|DIRS",
            ));
        }
        if !TABLES.contains(&t.as_str()) && t != "events" {
            return Err(user_error(format!(
                "unknown table '{t}'; tables: {}, events (with --events-from)",
                TABLES.join(", ")
            )));
        }
    }
    let want = |t: &str| tables.iter().any(|x| x == t);
    let reg = ctx.registry()?;
    // Every table is written into a staging folder beside the target and then swapped in
    // whole, so an older export's partitions never survive under the new one.
    std::fs::create_dir_all(&args.dir)
        .map_err(|e| user_error(format!("cannot create {}: {e}", args.dir.display())))?;
    let stage = entente_store::export::Staging::new(&args.dir)?;
    let dir = stage.path();
    let mut written: Vec<Written> = Vec::new();
    let mut malformed = Vec::new();
    if from_files {
        let w = write_events(ctx, reg, dir, &args.events_from, args.strict)?;
        written.push(("events", w.events.0, w.events.1));
        written.push(("event_volume", w.volume.0, w.volume.1));
        malformed = w.malformed;
    }
    if want("countries") {
        written.push(write_countries(reg, dir)?);
    }
    if want("rollcalls") || want("votes") {
        written.extend(write_votes(ctx, dir, want("rollcalls"), want("votes"))?);
    }
    if want("event_dyad_days") {
        written.push(write_event_dyad_days(ctx, dir)?);
    }
    if want("dyad_ties") || want("dyad_index") {
        written.extend(write_dyad_tables(
            ctx,
            dir,
            want("dyad_ties"),
            want("dyad_index"),
        )?);
    }
    let names: Vec<&str> = written.iter().map(|w| w.0).collect();
    stage.publish(&names)?;
    let mut report = Rows::new(["table", "partitions", "rows", "path"]);
    for (name, parts, rows) in written {
        report.push(vec![
            name.into(),
            Cell::Int(parts as i64),
            Cell::Int(rows as i64),
            args.dir.join(name).display().to_string().into(),
        ]);
    }
    report.notes.extend(malformed);
    report.notes.push("Parquet, zstd; signed integers; dates as Date32; Hive partitions year=YYYY (DuckDB: read_parquet('DIR/votes/*/*.parquet', hive_partitioning=true); Polars: pl.scan_parquet('DIR/votes/**/*.parquet', hive_partitioning=True); Spark: spark.read.parquet('DIR/votes')). Schemas: docs/schemas.md.".into());
    Ok(report)
}

/// A table written: name, partitions, rows.
type Written = (&'static str, usize, usize);

/// The country registry (unpartitioned).
fn write_countries(reg: &entente_core::Registry, dir: &Path) -> Result<Written> {
    let cs = reg.countries();
    let s = |f: &dyn Fn(&entente_core::Country) -> Option<String>| -> ArrayRef {
        Arc::new(StringArray::from(cs.iter().map(f).collect::<Vec<_>>()))
    };
    let b = batch(vec![
        (
            "ccode",
            Arc::new(Int16Array::from_iter_values(
                cs.iter().map(|c| c.ccode as i16),
            )),
        ),
        ("iso3", s(&|c| c.iso3.clone())),
        ("cow", s(&|c| Some(c.cow_abb.clone()))),
        ("iso2", s(&|c| c.iso2.clone())),
        (
            "m49",
            Arc::new(Int16Array::from(
                cs.iter()
                    .map(|c| c.m49.map(|m| m as i16))
                    .collect::<Vec<_>>(),
            )),
        ),
        ("cameo", s(&|c| c.cameo.clone())),
        ("name", s(&|c| Some(c.name.clone()))),
    ]);
    write_partition(dir, "countries", None, &b)?;
    Ok(("countries", 1, cs.len()))
}

/// Roll calls and votes, partitioned by session year.
fn write_votes(ctx: &Context, dir: &Path, rollcalls: bool, votes: bool) -> Result<Vec<Written>> {
    let reg = ctx.registry()?;
    let t: &VoteTable = &ctx.votes()?.table;
    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (k, rc) in t.rollcalls.iter().enumerate() {
        by_year
            .entry(rc.year(YearMode::Session))
            .or_default()
            .push(k);
    }
    let mut out = Vec::new();
    if rollcalls {
        for (y, ks) in &by_year {
            let rcs: Vec<_> = ks.iter().map(|&k| t.rollcalls[k].clone()).collect();
            // The year is the partition column (Spark refuses a data column of the
            // same name).
            let b = rollcalls_batch(&rcs);
            let keep: Vec<usize> = (0..b.num_columns())
                .filter(|&i| b.schema().field(i).name() != "year")
                .collect();
            let b = b.project(&keep)?;
            write_partition(dir, "rollcalls", Some(*y), &b)?;
        }
        out.push(("rollcalls", by_year.len(), t.rollcalls.len()));
    }
    if votes {
        let year_of: std::collections::HashMap<u32, i32> = t
            .rollcalls
            .iter()
            .map(|r| (r.id, r.year(YearMode::Session)))
            .collect();
        let mut votes_by_year: BTreeMap<i32, Vec<entente_core::VoteRecord>> = BTreeMap::new();
        for vr in &t.votes {
            if let Some(&y) = year_of.get(&vr.rollcall) {
                votes_by_year.entry(y).or_default().push(*vr);
            }
        }
        let iso = |c: u16| reg.code3_of(c);
        for (y, vs) in &votes_by_year {
            write_partition(dir, "votes", Some(*y), &votes_batch(vs, &iso))?;
        }
        out.push(("votes", votes_by_year.len(), t.votes.len()));
    }
    Ok(out)
}

/// The event store's dyad-days (all and de-duplicated), partitioned by year.
fn write_event_dyad_days(ctx: &Context, dir: &Path) -> Result<Written> {
    let store = ctx.session().event_store();
    let mut by_year: BTreeMap<i32, (Vec<DyadDay>, Vec<DyadDay>)> = BTreeMap::new();
    for dedup in [false, true] {
        for r in store.dyad_days(dedup, &|_, _| true)? {
            let e = by_year.entry((r.day / 10_000) as i32).or_default();
            if dedup { e.1.push(r) } else { e.0.push(r) }
        }
    }
    let mut rows = 0;
    for (y, (all, dd)) in &by_year {
        rows += all.len() + dd.len();
        write_partition(dir, "event_dyad_days", Some(*y), &dyad_batch(all, dd))?;
    }
    Ok(("event_dyad_days", by_year.len(), rows))
}

/// Every dyad of every index year: the raw indicators and/or the index, by year.
fn write_dyad_tables(ctx: &Context, dir: &Path, ties: bool, index: bool) -> Result<Vec<Written>> {
    let reg = ctx.registry()?;
    let w = Weights::default();
    let years: Vec<i32> = (defaults::INDEX_YEARS.0..=defaults::INDEX_YEARS.1).collect();
    let bar = crate::context::progress_bar("dyad-years", years.len() as u64);
    let counts: Vec<usize> = years
        .par_iter()
        .map(|&y| -> Result<usize> {
            let panel = year_index(ctx.session(), y, &w)?;
            let code = |c: u16| reg.code3_of(c);
            let key: Vec<(&str, ArrayRef)> = vec![
                (
                    "ccode_a",
                    Arc::new(Int16Array::from_iter_values(
                        panel.dyads.iter().map(|d| d.0 as i16),
                    )),
                ),
                (
                    "ccode_b",
                    Arc::new(Int16Array::from_iter_values(
                        panel.dyads.iter().map(|d| d.1 as i16),
                    )),
                ),
                (
                    "iso3_a",
                    Arc::new(StringArray::from_iter_values(
                        panel.dyads.iter().map(|d| code(d.0)),
                    )),
                ),
                (
                    "iso3_b",
                    Arc::new(StringArray::from_iter_values(
                        panel.dyads.iter().map(|d| code(d.1)),
                    )),
                ),
            ];
            if ties {
                let mut f = key.clone();
                for (k, ind) in INDICATORS.iter().enumerate() {
                    f.push((ind.key, opt_f64(panel.raw.iter().map(|v| v[k]))));
                }
                write_partition(dir, "dyad_ties", Some(y), &batch(f))?;
            }
            if index {
                let sc = &panel.scores;
                let mut f = key;
                for kind in Kind::ALL {
                    f.push((
                        kind.name(),
                        opt_f64(sc.iter().map(|s| s.get(kind).value.unwrap_or(f64::NAN))),
                    ));
                }
                for (d, dim) in DIMENSIONS.iter().enumerate() {
                    f.push((
                        dim.name(),
                        opt_f64(
                            sc.iter()
                                .map(|s| s.alignment.dimensions[d].unwrap_or(f64::NAN)),
                        ),
                    ));
                }
                let h = const { entente_core::index::at("hostility") };
                f.push(("hostility", opt_f64(panel.raw.iter().map(|v| v[h]))));
                for kind in Kind::ALL {
                    let name = match kind {
                        Kind::Alignment => "coverage_alignment",
                        Kind::Intensity => "coverage_intensity",
                    };
                    f.push((
                        name,
                        Arc::new(Float64Array::from_iter_values(
                            sc.iter().map(|s| s.get(kind).coverage),
                        )),
                    ));
                }
                write_partition(dir, "dyad_index", Some(y), &batch(f))?;
            }
            bar.inc(1);
            Ok(panel.dyads.len())
        })
        .collect::<Result<_>>()?;
    bar.finish_and_clear();
    let rows: usize = counts.iter().sum();
    Ok([("dyad_ties", ties), ("dyad_index", index)]
        .into_iter()
        .filter(|t| t.1)
        .map(|(name, _)| (name, years.len(), rows))
        .collect())
}

/// What [`write_events`] wrote.
struct EventsWritten {
    /// Parquet files and rows of the `events` table.
    events: (usize, usize),
    /// Parquet files and rows (file-days) of the `event_volume` table.
    volume: (usize, usize),
    /// One line per source file with malformed rows.
    malformed: Vec<String>,
}

/// Writes the `events` table from raw event files, per source file and year one
/// Parquet file `events/year=YYYY/<file name>.parquet` (replaced if present), and
/// beside it `event_volume`: the file's rows per day, all actors (the normaliser of
/// `entente events --normalize ingested`).
fn write_events(
    ctx: &Context,
    reg: &entente_core::Registry,
    dir: &std::path::Path,
    paths: &[PathBuf],
    strict: bool,
) -> Result<EventsWritten> {
    use entente_sources::events::{self, Cameo, CountryCodes};
    let cameo = Cameo::load(ctx.data_dir()?)?;
    let codes = CountryCodes::new(reg);
    let mut files = events::find_files(paths)?;
    if files.is_empty() {
        return Err(user_error(
            "no event files there (looked for *.CSV, *.csv, *.tab, *.txt, plain, .gz or .zip)",
        ));
    }
    let mut listed = std::collections::HashSet::new();
    files.retain(|(p, _)| listed.insert(p.clone()));
    // Output files are named after the source files: two of one name would collide.
    let mut names = std::collections::HashMap::new();
    for (path, _) in &files {
        if let Some(earlier) = names.insert(path.file_name(), path) {
            return Err(user_error(format!(
                "two event files are named {:?} ({} and {}): the events table names its Parquet files after the source files, so rename one of them",
                path.file_name().unwrap_or_default(),
                earlier.display(),
                path.display()
            )));
        }
    }
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} events {bar:30} {pos}/{len} files {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let done: Vec<EventsWritten> = files
        .par_iter()
        .map(|(path, explicit)| -> Result<EventsWritten> {
            if !explicit && events::sniff(path)?.is_none() {
                bar.inc(1);
                return Ok(EventsWritten {
                    events: (0, 0),
                    volume: (0, 0),
                    malformed: Vec::new(),
                });
            }
            let (fe, _) = events::read_file(
                path,
                &codes,
                reg,
                &cameo,
                strict,
                events::Collect::Rows,
                events::Hashing::Off,
            )?;
            let malformed = fe.malformed.first().map(|m| {
                format!(
                    "{}: {} malformed row(s) skipped (first: line {}: {}; --strict stops instead)",
                    path.display(),
                    fe.malformed_count,
                    m.line,
                    m.reason
                )
            });
            let name = path
                .file_name()
                .map_or_else(|| "events".into(), |n| n.to_string_lossy().into_owned());
            // One Parquet file per year: a stable sort keeps the file's order inside it.
            let mut kept = fe.kept.unwrap_or_default();
            let year = |r: &entente_core::events::EventRow| (r.event.day / 10_000) as i32;
            kept.sort_by_key(year);
            let source = path.display().to_string();
            let mut years = 0;
            for rs in kept.chunk_by(|x, y| year(x) == year(y)) {
                years += 1;
                entente_store::export::write_part(
                    dir,
                    "events",
                    Some(year(&rs[0])),
                    &format!("{name}.parquet"),
                    &entente_store::events::event_rows_batch(&source, rs),
                )?;
            }
            let mut volume_by_year: BTreeMap<i32, Vec<(u32, u64)>> = BTreeMap::new();
            for (&day, &n) in &fe.volume {
                volume_by_year
                    .entry((day / 10_000) as i32)
                    .or_default()
                    .push((day, n));
            }
            for (y, days) in &volume_by_year {
                entente_store::export::write_part(
                    dir,
                    "event_volume",
                    Some(*y),
                    &format!("{name}.parquet"),
                    &entente_store::events::event_volume_batch(&source, days),
                )?;
            }
            bar.inc(1);
            Ok(EventsWritten {
                events: (years, kept.len()),
                volume: (volume_by_year.len(), fe.volume.len()),
                malformed: malformed.into_iter().collect(),
            })
        })
        .collect::<Result<_>>()?;
    bar.finish_and_clear();
    let sum = |f: fn(&EventsWritten) -> (usize, usize)| {
        done.iter()
            .map(f)
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    };
    Ok(EventsWritten {
        events: sum(|w| w.events),
        volume: sum(|w| w.volume),
        malformed: done.into_iter().flat_map(|d| d.malformed).collect(),
    })
}
