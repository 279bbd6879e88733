//! `entente data status|verify|fetch`: the data folder against the catalogue's pinned
//! files, and downloads that verify before they land.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Result, anyhow};
use entente_core::Date;
use entente_fetch::gdelt::{self, Entry};
use entente_fetch::http::{self, Settings};
use entente_fetch::pins::{self, Pin, State};
use entente_fetch::{Client, Expect};
use indicatif::{ProgressBar, ProgressStyle};

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows, human_size};

/// The data folder: what is there, whether it is the documented vintage, and getting
/// what is missing.
///
/// status: every dataset folder — files present and missing, size, and whether each
/// file's SHA-256 matches the catalogue's pinned value (a file that differs is another
/// vintage, reported as such, not silently used as the documented one); --files lists
/// every file. verify: the same, listing only the files that are missing or differ, and
/// exits 1 when there are any.
///
/// fetch: downloads files into the data folder's layout, each streamed to a .part file,
/// resumed with a range request after an interruption, checked (size and SHA-256) and
/// only then renamed into place; bounded retries with backoff, timeouts, HTTPS_PROXY /
/// NO_PROXY honoured. Most folders hold conversions made for entente (from R packages,
/// Stata files, scrapes; each folder's SOURCE.md says how), which no publisher serves
/// byte for byte: they come from a mirror of a data folder (--mirror URL or
/// $ENTENTE_MIRROR, e.g. an institution's copy). GDELT comes from its publisher by date
/// range: `entente data fetch gdelt --from 2025-01-01 --to 2025-01-07` reads GDELT's
/// file list and takes the 15-minute files (2.0) or daily files (1.0) the list holds in
/// those UTC days, checks size and MD5, reports the files per day, and with --ingest
/// adds each day to the event store as it completes.
///
/// Examples:
///   entente data status
///   entente data verify
///   entente data fetch --all --mirror https://data.example.org/entente
///   entente data fetch gdelt --from 2025-01-01 --to 2025-01-02 --ingest
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// Every dataset folder: files present, missing, verified against the catalogue.
    Status(StatusArgs),
    /// Lists files that are missing or differ from the catalogue; exits 1 if any.
    Verify(StatusArgs),
    /// Downloads missing files (a mirror) or a GDELT date range (the publisher).
    Fetch(FetchArgs),
}

#[derive(clap::Args, Debug)]
pub struct StatusArgs {
    /// Dataset folders to check (default: all), e.g. cow unga_votes.
    pub names: Vec<String>,
    /// One row per file instead of per folder.
    #[arg(long)]
    pub files: bool,
    /// Output: an aligned table for people, csv or json for machines.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(clap::Args, Debug)]
pub struct FetchArgs {
    /// Dataset folders to fetch (e.g. cow ucdp), or gdelt with --from/--to.
    pub names: Vec<String>,
    /// Every dataset folder of the catalogue.
    #[arg(long, conflicts_with = "names")]
    pub all: bool,
    /// Base URL of a mirror laid out like the data folder (default $ENTENTE_MIRROR);
    /// for gdelt it replaces http://data.gdeltproject.org.
    #[arg(long, value_name = "URL")]
    pub mirror: Option<String>,
    /// Replace files that differ from the catalogue (another vintage) by the documented one.
    #[arg(long)]
    pub replace: bool,
    /// gdelt: first UTC day, YYYY-MM-DD.
    #[arg(long, value_parser = super::parse_date)]
    pub from: Option<Date>,
    /// gdelt: last UTC day, YYYY-MM-DD (inclusive).
    #[arg(long, value_parser = super::parse_date)]
    pub to: Option<Date>,
    /// gdelt: 2 (15-minute files, 2015-02-18 on) or 1 (daily files).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub version: u8,
    /// gdelt: add each day's files to the event store as the day completes.
    #[arg(long)]
    pub ingest: bool,
    /// gdelt: stop before downloading more than this (e.g. 500M, 2G; default 10G).
    #[arg(long, default_value = "10G", value_parser = parse_size)]
    pub max_size: u64,
    /// Downloads at once (1–8).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=8))]
    pub jobs: u8,
    /// Attempts after the first, each resuming (0–10).
    #[arg(long, default_value_t = http::RETRIES, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
    /// Seconds without a byte before an attempt is given up (1–600).
    #[arg(long, default_value_t = http::READ_TIMEOUT_SECS, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// Output: an aligned table for people, csv or json for machines.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// `500M`, `2G`, `1048576`: bytes.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (
            &t[..i],
            match c.to_ascii_uppercase() {
                'K' => 1u64 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'T' => 1 << 40,
                _ => return Err(format!("'{s}': use a number with K, M, G or T (e.g. 500M)")),
            },
        ),
        _ => (t, 1),
    };
    num.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
        .map(|v| (v * mult as f64) as u64)
        .ok_or_else(|| format!("'{s}': use a positive number of bytes, e.g. 500M or 2G"))
}

/// Where each folder's files come from (the SOURCE.md files say how they were made).
fn publisher(folder: &str) -> &'static str {
    match folder {
        "aiddata" => {
            "AidData, https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0"
        }
        "atop" => "ATOP, http://www.atopdata.org (via peacesciencer)",
        "cameo" => "GDELT lookups, https://www.gdeltproject.org/data/lookups/",
        "country_codes" => "countrycode (R) and Correlates of War, https://correlatesofwar.org",
        "cow" => "Correlates of War, https://correlatesofwar.org (via peacesciencer)",
        "exercises" => "MME and JME (D'Orazio), and entente's sourced China–Russia list",
        "gdelt" => "GDELT, http://data.gdeltproject.org",
        "icews" => "ICEWS, Harvard Dataverse",
        "ideal_points" => "Bailey, Strezhnev & Voeten, Harvard Dataverse hdl:1902.1/12379",
        "sanctions" => "Global Sanctions Data Base, https://www.globalsanctionsdatabase.com/",
        "sipri" => "SIPRI Arms Transfers Database, https://armstransfers.sipri.org/",
        "swap_lines" => "Bahaj & Reis, https://r2rsquaredlse.github.io/web-lines/",
        "trade" => "IMF Direction of Trade Statistics, https://data.imf.org/",
        "ucdp" => "UCDP, https://ucdp.uu.se/downloads/",
        "unga_votes" => {
            "Voeten et al. (Harvard Dataverse), unvotes (R), UN Digital Library scrapes"
        }
        _ => "see the folder's SOURCE.md",
    }
}

/// The catalogue's datasets with files in a folder: "key version (years)".
fn datasets_in(folder: &str) -> String {
    let prefix = format!("{folder}/");
    entente_sources::catalogue::DATASETS
        .iter()
        .filter(|d| d.files.iter().any(|f| f.starts_with(&prefix)))
        .map(|d| format!("{} {} ({}–{})", d.key, d.version, d.years.0, d.years.1))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The pins of the named folders (all when none); an unknown name is a user error.
fn selected(names: &[String]) -> Result<Vec<Pin>> {
    let folders = pins::folders();
    for n in names {
        if !folders.contains(&n.as_str()) {
            return Err(user_error(format!(
                "no dataset folder '{n}' in the catalogue (folders: {})",
                folders.join(", ")
            )));
        }
    }
    Ok(pins::all()
        .into_iter()
        .filter(|p| names.is_empty() || names.iter().any(|n| n == p.folder()))
        .collect())
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.what {
        What::Status(a) => status(ctx, &a, false),
        What::Verify(a) => status(ctx, &a, true),
        What::Fetch(a) => fetch(ctx, &a),
    }
}

fn state_name(s: &State) -> &'static str {
    match s {
        State::Verified => "verified",
        State::Different { .. } => "different vintage",
        State::Missing => "missing",
    }
}

fn status(ctx: &Context, args: &StatusArgs, verify: bool) -> Result<()> {
    let data = ctx.session().data_target();
    let chosen = selected(&args.names)?;
    let bar = crate::context::progress_bar("checking SHA-256", chosen.iter().map(|p| p.size).sum());
    let states: Vec<(Pin, State)> = chosen
        .iter()
        .map(|p| {
            let s =
                pins::check(&data, p).map_err(|e| anyhow!("{}: {e}", data.join(p.path).display()));
            bar.inc(p.size);
            s.map(|s| (*p, s))
        })
        .collect::<Result<_>>()?;
    bar.finish_and_clear();
    let problems = states.iter().filter(|(_, s)| *s != State::Verified).count();
    let mut rows = if args.files || verify {
        let mut rows = Rows::new([
            "path",
            "state",
            "size",
            "pinned_size",
            "sha256",
            "pinned_sha256",
        ]);
        for (p, s) in &states {
            if verify && *s == State::Verified {
                continue;
            }
            let (size, sha) = match s {
                State::Verified => (Some(p.size as i64), p.sha256.to_string()),
                State::Different { size, sha256 } => (Some(*size as i64), sha256.clone()),
                State::Missing => (None, String::new()),
            };
            rows.push(vec![
                p.path.into(),
                state_name(s).into(),
                size.map_or(Cell::Num(None), Cell::Int),
                Cell::Int(p.size as i64),
                sha.into(),
                p.sha256.into(),
            ]);
        }
        rows
    } else {
        let mut by_folder: BTreeMap<&str, [u64; 5]> = BTreeMap::new();
        for (p, s) in &states {
            let e = by_folder.entry(p.folder()).or_default();
            e[0] += 1;
            match s {
                State::Verified => {
                    e[1] += 1;
                    e[4] += p.size;
                }
                State::Different { size, .. } => {
                    e[2] += 1;
                    e[4] += size;
                }
                State::Missing => e[3] += 1,
            }
        }
        let mut rows = Rows::new([
            "folder",
            "files",
            "verified",
            "different",
            "missing",
            "size",
            "datasets",
        ]);
        for (folder, [n, ok, diff, miss, bytes]) in by_folder {
            rows.push(vec![
                folder.into(),
                Cell::Int(n as i64),
                Cell::Int(ok as i64),
                Cell::Int(diff as i64),
                Cell::Int(miss as i64),
                human_size(bytes).into(),
                datasets_in(folder).into(),
            ]);
        }
        rows
    };
    let pinned: u64 = chosen.iter().map(|p| p.size).sum();
    rows.notes.push(format!(
        "Data folder {}: {} of {} pinned files verified ({} in all); {problems} missing or different.",
        data.display(),
        states.len() - problems,
        states.len(),
        human_size(pinned)
    ));
    if problems > 0 {
        rows.notes.push(
            "Missing files: `entente data fetch FOLDER --mirror URL` (GDELT by date: `entente data fetch gdelt --from DATE --to DATE`). A different vintage is used as it is, but its numbers are not the documented ones.".into(),
        );
    }
    rows.write(args.format, None)?;
    if verify && problems > 0 {
        return Err(anyhow!(
            "{problems} file(s) missing or different from the catalogue"
        ));
    }
    Ok(())
}

fn client(args: &FetchArgs) -> Client {
    Client::new(Settings {
        retries: args.retries,
        read_timeout: Duration::from_secs(args.timeout),
        ..Settings::default()
    })
}

fn bytes_bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{bar:30}} {{bytes}}/{{total_bytes}} ({{bytes_per_sec}}, {{eta}} left) {{msg}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn fetch(ctx: &Context, args: &FetchArgs) -> Result<()> {
    let mirror = args
        .mirror
        .clone()
        .or_else(|| std::env::var("ENTENTE_MIRROR").ok())
        .map(|m| m.trim_end_matches('/').to_string());
    if args.names.iter().any(|n| n == "gdelt") && (args.from.is_some() || args.to.is_some()) {
        if args.names.len() > 1 {
            return Err(user_error(
                "fetch gdelt by date on its own: entente data fetch gdelt --from DATE --to DATE",
            ));
        }
        return fetch_gdelt(ctx, args, mirror.as_deref());
    }
    if args.from.is_some() || args.to.is_some() || args.ingest {
        return Err(user_error(
            "--from, --to and --ingest are for GDELT: entente data fetch gdelt --from DATE --to DATE",
        ));
    }
    if args.names.is_empty() && !args.all {
        return Err(user_error(
            "name the dataset folders to fetch (e.g. cow ucdp), or --all",
        ));
    }
    let data = ctx.session().data_target();
    let chosen = selected(&args.names)?;
    let Some(mirror) = mirror else {
        let folders: Vec<&str> = {
            let mut f: Vec<&str> = chosen.iter().map(Pin::folder).collect();
            f.dedup();
            f
        };
        let lines: Vec<String> = folders
            .iter()
            .map(|f| format!("  {f}: {} — conversions made for entente (see {f}/SOURCE.md), no publisher serves them byte for byte", publisher(f)))
            .collect();
        return Err(user_error(format!(
            "no mirror given: these folders come from a mirror of an entente data folder (--mirror URL or ENTENTE_MIRROR):\n{}\nGDELT comes from its publisher by date: entente data fetch gdelt --from DATE --to DATE",
            lines.join("\n")
        )));
    };
    std::fs::create_dir_all(&data).map_err(|e| anyhow!("{}: {e}", data.display()))?;
    let mut todo = Vec::new();
    let mut rows = Rows::new(["path", "status", "bytes"]);
    let mut skipped = 0;
    for p in &chosen {
        match pins::check(&data, p).map_err(|e| anyhow!("{}: {e}", data.join(p.path).display()))? {
            State::Verified => skipped += 1,
            State::Different { .. } if !args.replace => {
                skipped += 1;
                rows.push(vec![
                    p.path.into(),
                    "kept: a different vintage (--replace fetches the documented one)".into(),
                    Cell::Num(None),
                ]);
            }
            _ => todo.push(*p),
        }
    }
    let total: u64 = todo.iter().map(|p| p.size).sum();
    let bar = bytes_bar(total, "fetch");
    let mut done_before = 0u64;
    let client = client(args);
    let mut failed = Vec::new();
    let mut fetched = 0u64;
    for p in &todo {
        let url = format!("{mirror}/{}", p.path);
        let expect = Expect {
            size: Some(p.size),
            sha256: Some(p.sha256.to_string()),
            md5: None,
        };
        bar.set_message(p.path.to_string());
        let base = done_before;
        match client.download(&url, &data.join(p.path), &expect, &|have, _| {
            bar.set_position(base + have)
        }) {
            Ok(n) => {
                fetched += n;
                rows.push(vec![p.path.into(), "fetched".into(), Cell::Int(n as i64)]);
            }
            Err(e) => {
                rows.push(vec![
                    p.path.into(),
                    format!("failed: {e}").into(),
                    Cell::Num(None),
                ]);
                failed.push(format!("{} ({})", p.folder(), e));
            }
        }
        done_before += p.size;
        bar.set_position(done_before);
    }
    bar.finish_and_clear();
    rows.notes.push(format!(
        "{} file(s) fetched ({}), {skipped} skipped (already verified or kept), {} failed; from {mirror} into {}.",
        todo.len() - failed.len(),
        human_size(fetched),
        failed.len(),
        data.display()
    ));
    rows.write(args.format, None)?;
    if let Some(first) = failed.first() {
        return Err(anyhow!(
            "{} file(s) failed, e.g. {first}; run the same command again to resume, or check the mirror's address",
            failed.len()
        ));
    }
    Ok(())
}

fn yyyymmdd(d: Date) -> u32 {
    d.year as u32 * 10_000 + d.month as u32 * 100 + d.day as u32
}

fn fetch_gdelt(ctx: &Context, args: &FetchArgs, mirror: Option<&str>) -> Result<()> {
    let (Some(from), Some(to)) = (args.from, args.to) else {
        return Err(user_error(
            "give both --from and --to (UTC days, YYYY-MM-DD)",
        ));
    };
    if from > to {
        return Err(user_error(format!("--from {from} is after --to {to}")));
    }
    let base = mirror
        .unwrap_or(gdelt::HOST)
        .trim_end_matches('/')
        .to_string();
    let client = client(args);
    let (from_d, to_d) = (yyyymmdd(from), yyyymmdd(to));
    let task = ctx.spinner("reading GDELT's file list");
    let (entries, bad) = if args.version == 2 {
        let url = format!("{base}/{}", gdelt::V2_LIST);
        let mut found = Vec::new();
        let mut bad = 0usize;
        client
            .for_each_line(&url, &mut |l| match gdelt::v2_line(l) {
                Ok(Some(e)) if (from_d..=to_d).contains(&e.day) => found.push(e),
                Ok(_) => {}
                Err(()) => bad += 1,
            })
            .map_err(|e| anyhow!("GDELT 2.0 file list: {e}"))?;
        (gdelt::in_range(&found, from_d, to_d), bad)
    } else {
        let md5 = client
            .text(&format!("{base}/{}", gdelt::V1_MD5), 64 << 20)
            .map_err(|e| anyhow!("GDELT 1.0 file list: {e}"))?;
        let sizes = client
            .text(&format!("{base}/{}", gdelt::V1_SIZES), 64 << 20)
            .map_err(|e| anyhow!("GDELT 1.0 file list: {e}"))?;
        let (all, bad) = gdelt::parse_v1(&md5, &sizes);
        (gdelt::in_range(&all, from_d, to_d), bad)
    };
    drop(task);
    if entries.is_empty() {
        return Err(user_error(format!(
            "GDELT's {} file list holds no events file from {from} to {to} (UTC){}",
            if args.version == 2 { "2.0" } else { "1.0" },
            if args.version == 2 {
                "; 2.0 starts on 2015-02-18, and the latest 15 minutes may not be listed yet"
            } else {
                ""
            }
        )));
    }
    let total: u64 = entries.iter().map(|e| e.size).sum();
    if total > args.max_size {
        return Err(user_error(format!(
            "the range holds {} files, {} — more than --max-size {}; raise it or shorten the range",
            entries.len(),
            human_size(total),
            human_size(args.max_size)
        )));
    }
    let data = ctx.session().data_target();
    let dir = data.join("gdelt");
    // Day by day, each day's files downloaded with `jobs` at once.
    let mut by_day: BTreeMap<u32, Vec<Entry>> = BTreeMap::new();
    for e in entries {
        by_day.entry(e.day).or_default().push(e);
    }
    let bar = bytes_bar(total, "gdelt");
    let mut rows = Rows::new([
        "day",
        "listed",
        "fetched",
        "present",
        "failed",
        "bytes",
        "ingested_rows",
        "note",
    ]);
    let mut failures = Vec::new();
    for (day, files) in &by_day {
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(PathBuf, FileResult)>> = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for _ in 0..args.jobs {
                s.spawn(|| {
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(e) = files.get(k) else { break };
                        let dest = dir.join(&e.path);
                        let res = one_gdelt(&client, &base, e, &dest, &bar);
                        if let Ok(mut r) = results.lock() {
                            r.push((dest, res));
                        }
                    }
                });
            }
        });
        let results = results.into_inner().unwrap_or_default();
        let (mut fetched, mut present, mut bytes) = (0, 0, 0u64);
        let mut ok_paths = Vec::new();
        for (path, r) in &results {
            match r {
                Ok((n, true)) => {
                    fetched += 1;
                    bytes += n;
                    ok_paths.push(path.clone());
                }
                Ok((_, false)) => {
                    present += 1;
                    ok_paths.push(path.clone());
                }
                Err(e) => failures.push(e.clone()),
            }
        }
        let failed = results.len() - ok_paths.len();
        let ingested = if args.ingest && !ok_paths.is_empty() {
            ok_paths.sort();
            let (irows, ifail) = super::ingest::ingest(
                ctx,
                &super::ingest::EventArgs {
                    paths: ok_paths.clone(),
                    strict: false,
                    format: Format::Table,
                    out: None,
                },
            )?;
            if ifail > 0 {
                failures.push(format!(
                    "{ifail} file(s) of {} could not be ingested",
                    label(*day)
                ));
            }
            Some(irows.sum_int("rows"))
        } else {
            None
        };
        let mut note = Vec::new();
        if args.version == 2 && files.len() < gdelt::V2_FILES_PER_DAY {
            note.push(format!(
                "the list holds {} of {} 15-minute files",
                files.len(),
                gdelt::V2_FILES_PER_DAY
            ));
        }
        if failed > 0 {
            note.push(format!("{failed} failed"));
        }
        rows.push(vec![
            label(*day).into(),
            Cell::Int(files.len() as i64),
            Cell::Int(fetched),
            Cell::Int(present),
            Cell::Int(failed as i64),
            Cell::Int(bytes as i64),
            ingested.map_or(Cell::Num(None), Cell::Int),
            note.join("; ").into(),
        ]);
    }
    bar.finish_and_clear();
    rows.notes.push(format!(
        "GDELT {} events files from {from} to {to} (UTC) listed at {base}: {}{}; into {}. Only files the list holds are fetched; each is checked against the list's size and MD5.",
        args.version,
        human_size(total),
        if bad > 0 { format!(" ({bad} malformed lines of the list skipped)") } else { String::new() },
        dir.display()
    ));
    rows.write(args.format, None)?;
    if let Some(first) = failures.first() {
        return Err(anyhow!(
            "{} problem(s), e.g. {first}; run the same command again to resume (files already verified are skipped)",
            failures.len()
        ));
    }
    Ok(())
}

/// A GDELT file's outcome: the bytes and whether they were fetched (else already
/// present and verified), or the error.
type FileResult = Result<(u64, bool), String>;

fn label(day: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day / 10_000,
        day / 100 % 100,
        day % 100
    )
}

/// One GDELT file: skipped when already present with the listed size and MD5;
/// returns the bytes fetched and whether it was fetched.
fn one_gdelt(client: &Client, base: &str, e: &Entry, dest: &Path, bar: &ProgressBar) -> FileResult {
    let expect = Expect {
        size: Some(e.size),
        sha256: None,
        md5: Some(e.md5.clone()),
    };
    if std::fs::metadata(dest).is_ok_and(|m| m.len() == e.size)
        && pins::md5_file(dest).is_ok_and(|m| m == e.md5)
    {
        bar.inc(e.size);
        return Ok((e.size, false));
    }
    let url = format!("{base}/{}", e.path);
    let r = client
        .download(&url, dest, &expect, &|_, _| {})
        .map(|n| (n, true))
        .map_err(|err| err.to_string());
    bar.inc(e.size);
    r
}
