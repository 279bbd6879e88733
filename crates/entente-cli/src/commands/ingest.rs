//! `entente ingest events FILES…`: event files into the event store, incrementally.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Result;
use entente_sources::events::{self, Cameo, CountryCodes, FileEvents};
use entente_store::cache::cache_root;
use entente_store::events::{EventStore, IngestedFile, digest, digest_text, is_legacy_content};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Adds GDELT and ICEWS event files to entente's event store.
///
/// GDELT 1.0 historical (57 fields) and
/// daily (58), GDELT 2.0 15-minute exports (61), ICEWS Dataverse `.tab`; plain, `.gz`
/// or the upstream `.zip`. Folders are searched for `*.CSV`, `*.csv`, `*.tab`, `*.txt`
/// (with `.gz`/`.zip`).
///
/// Incremental and idempotent: a file already ingested (same content, any name) is
/// skipped, so adding it twice does not double-count and new files do not reprocess
/// old ones. Malformed rows are counted and reported with file, line and reason, and
/// skipped; --strict stops at the first. A truncated or corrupt archive is an error for
/// that file and nothing from it is kept. Files are read in parallel; the store keeps
/// per-file dyad-day statistics (docs/events.md), queried with `entente events`.
///
/// Examples:
///   entente ingest events ../shared/data/gdelt/v2_15min
///   entente ingest events 20190121220000.export.CSV.zip events.2018.sample.tab.gz
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// GDELT and ICEWS event files.
    Events(EventArgs),
}

#[derive(clap::Args, Debug)]
pub struct EventArgs {
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Stop at the first malformed row.
    #[arg(long)]
    pub strict: bool,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

/// The file listed (or ingested earlier in this run) with the same content as `file`,
/// by either content digest.
fn same_content(
    known: &std::collections::HashMap<String, String>,
    file: &IngestedFile,
) -> Option<String> {
    std::iter::once(&file.content)
        .chain(&file.legacy_content)
        .find_map(|c| known.get(c).cloned())
}

/// What happened to one file.
enum Outcome {
    /// Same bytes as a file in the store.
    Known,
    /// Same text as the file named (listed, or ingested earlier in this run).
    SameContent(String),
    /// Found in a folder, but not an event file.
    NotEvents,
    Read(Box<(IngestedFile, FileEvents)>),
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let What::Events(args) = args.what;
    let (rows, failures) = ingest(ctx, &args)?;
    rows.write(args.format, args.out.as_deref())?;
    if failures > 0 {
        return Err(anyhow::anyhow!(
            "{failures} file(s) could not be ingested (see the status column); nothing from them was kept"
        ));
    }
    Ok(())
}

/// Ingests the files of `args` (each committed once read; files already in the store
/// are skipped): one row per file with its status, and the number that failed.
pub fn ingest(ctx: &Context, args: &EventArgs) -> Result<(Rows, usize)> {
    let reg = ctx.registry()?;
    let data = ctx.data_dir()?;
    let cameo = Cameo::load(data)?;
    let codes = CountryCodes::new(reg);
    let store = EventStore::new(&cache_root(ctx.cache_dir()));
    let files = events::find_files(&args.paths)?;
    if files.is_empty() {
        return Err(user_error(
            "no event files there (looked for *.CSV, *.csv, *.tab, *.txt, plain, .gz or .zip)",
        ));
    }
    let listed = store.files()?;
    let known: std::collections::HashSet<String> =
        listed.iter().map(|f| f.digest.clone()).collect();
    // Files listed under the same path and size are probably the same: hashed first,
    // and skipped without being parsed when the digest says so. Others are hashed as
    // they are parsed (one read of the file instead of two).
    let listed_at: std::collections::HashSet<(String, u64)> =
        listed.iter().map(|f| (f.path.clone(), f.bytes)).collect();
    let mut known_content: std::collections::HashMap<String, String> = listed
        .iter()
        .map(|f| (f.content.clone(), f.path.clone()))
        .collect();
    // A store from before the BLAKE3 content digest lists files by the older one: new
    // files get both, so a file listed that way is still recognised in another
    // compression (the older digest costs a hash chain over every line).
    let hashing = if listed.iter().any(|f| is_legacy_content(&f.content)) {
        events::Hashing::WithLegacy
    } else {
        events::Hashing::On
    };
    let total_bytes: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(&p.0).ok())
        .map(|m| m.len())
        .sum();
    let bar = ProgressBar::new(total_bytes);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} ingest {bar:30} {bytes}/{total_bytes} ({bytes_per_sec}) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    let rows_done = AtomicU64::new(0);
    // Process each file independently; its tables are written before it is listed.
    let results: Vec<(PathBuf, Result<Outcome>)> = files
        .par_iter()
        .map(|(path, explicit)| {
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            let res = (|| -> Result<Outcome> {
                let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                let seen = listed_at.contains(&(canonical.display().to_string(), size));
                let first = if seen { Some(digest(path)?) } else { None };
                if first.as_ref().is_some_and(|(dg, _)| known.contains(dg)) {
                    return Ok(Outcome::Known);
                }
                if !explicit && events::sniff(path)?.is_none() {
                    return Ok(Outcome::NotEvents);
                }
                let (mut fe, digests) = events::read_file(
                    path,
                    &codes,
                    reg,
                    &cameo,
                    args.strict,
                    events::Collect::DyadDays,
                    hashing,
                )?;
                let digests =
                    digests.ok_or_else(|| anyhow::anyhow!("file read without digests"))?;
                let (dg, bytes) = match (first, digests.file) {
                    (Some(d), _) => d,
                    (None, Some(h)) => (digest_text(&h), size),
                    (None, None) => digest(path)?,
                };
                if known.contains(&dg) {
                    return Ok(Outcome::Known);
                }
                let info = IngestedFile {
                    digest: dg,
                    content: digest_text(&digests.content),
                    path: canonical.display().to_string(),
                    bytes,
                    layout: fe.layout.map_or("?", |l| l.name()).to_string(),
                    rows: fe.rows,
                    dyad_rows: fe.dyad_rows,
                    malformed: fe.malformed_count,
                    first_day: fe.volume.keys().next().copied(),
                    last_day: fe.volume.keys().last().copied(),
                    has_sources: fe.has_sources,
                    legacy_content: fe.legacy_digest.map(|d| format!("{d:016x}")),
                };
                // The same text as a listed file (another compression): no part written.
                if let Some(earlier) = same_content(&known_content, &info) {
                    return Ok(Outcome::SameContent(earlier));
                }
                let (all, dedup) = (std::mem::take(&mut fe.all), std::mem::take(&mut fe.dedup));
                store.write_part(&info.digest, &all, &dedup, &fe.volume)?;
                Ok(Outcome::Read(Box::new((info, fe))))
            })();
            bar.inc(size);
            if let Ok(Outcome::Read(r)) = &res {
                let info = &r.0;
                let n = rows_done.fetch_add(info.rows, Ordering::Relaxed) + info.rows;
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                bar.set_message(format!("{n} rows, {:.0} rows/s", n as f64 / secs));
            }
            (path.clone(), res)
        })
        .collect();
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    let mut rows = Rows::new([
        "file",
        "status",
        "layout",
        "rows",
        "dyad_rows",
        "malformed",
        "first_day",
        "last_day",
    ]);
    let mut new = Vec::new();
    let mut failures = 0;
    let mut reports = Vec::new();
    for (path, res) in results {
        let name = path.display().to_string();
        let status = |s: String| -> Vec<Cell> {
            vec![
                name.clone().into(),
                s.into(),
                String::new().into(),
                None.into(),
                None.into(),
                None.into(),
                String::new().into(),
                String::new().into(),
            ]
        };
        // A file with the same text as one read before it in this run.
        let res = match res {
            Ok(Outcome::Read(r)) => match same_content(&known_content, &r.0) {
                Some(earlier) => Ok(Outcome::SameContent(earlier)),
                None => Ok(Outcome::Read(r)),
            },
            other => other,
        };
        match res {
            Ok(Outcome::NotEvents) => rows.push(status("skipped: not an event file".into())),
            Ok(Outcome::SameContent(earlier)) => rows.push(status(format!(
                "already ingested (same content as {earlier})"
            ))),
            Ok(Outcome::Known) => rows.push(status("already ingested".into())),
            Ok(Outcome::Read(r)) => {
                let (info, fe) = *r;
                known_content.insert(info.content.clone(), name.clone());
                if let Some(legacy) = &info.legacy_content {
                    known_content.insert(legacy.clone(), name.clone());
                }
                for m in &fe.malformed {
                    reports.push(format!("{}:{}: {}", name, m.line, m.reason));
                }
                if fe.malformed_count > fe.malformed.len() as u64 {
                    reports.push(format!(
                        "{}: {} more malformed rows not listed",
                        name,
                        fe.malformed_count - fe.malformed.len() as u64
                    ));
                }
                let day = |d: Option<u32>| {
                    d.map_or(String::new(), |d| {
                        entente_core::events::Period::Day.label(d)
                    })
                };
                rows.push(vec![
                    name.into(),
                    "ingested".into(),
                    info.layout.clone().into(),
                    Cell::Int(info.rows as i64),
                    Cell::Int(info.dyad_rows as i64),
                    Cell::Int(info.malformed as i64),
                    day(info.first_day).into(),
                    day(info.last_day).into(),
                ]);
                new.push(info);
            }
            Err(e) => {
                failures += 1;
                if args.strict {
                    bar.finish_and_clear();
                    store.commit(new)?;
                    return Err(e.context(format!("ingesting {name}")));
                }
                rows.push(status(format!("error: {e:#}")));
            }
        }
    }
    let total: u64 = new.iter().map(|f| f.rows).sum();
    let added = new.len();
    store.commit(new)?;
    for r in reports.iter().take(50) {
        eprintln!("malformed: {r}");
    }
    rows.notes.push(format!(
        "{added} file(s) ingested, {total} rows in {elapsed:.2} s ({:.0} rows/s); store: {}",
        total as f64 / elapsed.max(1e-9),
        store.dir().display()
    ));
    rows.notes.push("Rows count only when both actor country codes are states (Actor1CountryCode/Actor2CountryCode; ICEWS Source/Target Country); every row with a valid date counts toward that day's volume.".into());
    Ok((rows, failures))
}
