//! `entente gen gdelt`: synthetic GDELT 2.0 export files for benchmarks.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use entente_analysis::defaults;
use entente_core::Date;
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use crate::context::{Context, user_error};

/// Synthetic GDELT 2.0 files for benchmarks, following the real samples.
///
/// Writes GDELT 2.0-layout files (61 tab-separated fields) whose columns follow the
/// real samples in the data folder (gdelt/v2_15min): each row copies a real row chosen
/// at random — so actors, event codes, quad classes, Goldstein weights, mentions and
/// their joint distribution are the samples' — with a new GLOBALEVENTID, dates (with
/// --files-per-day N, file k is slot k mod N of day k / N from 2015-02-19, named by its
/// UTC time like GDELT's own files; 80% of events dated that day, the rest up to a year
/// earlier, as in the samples), AvgTone jittered by ±0.5 and the source URL given one
/// of four suffixes, so that duplicate reports occur. Deterministic for a seed; files
/// are written in parallel.
///
/// Examples:
///   entente gen gdelt --rows 10000000 --out /tmp/gdelt10m
///   entente gen gdelt --rows 50000000 --rows-per-file 2000000 --gzip --out /tmp/gdelt50m
///   entente gen gdelt --rows 56064000 --rows-per-file 1600 --files-per-day 96 --gzip --out /tmp/year
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// GDELT 2.0 export files.
    Gdelt(GdeltArgs),
}

#[derive(clap::Args, Debug)]
pub struct GdeltArgs {
    /// Rows in all.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000_000))]
    pub rows: u64,
    /// Output folder (created).
    #[arg(long)]
    pub out: PathBuf,
    /// Rows per generated file (a new file every N rows).
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub rows_per_file: u64,
    /// Files per day: 1 (daily, GDELT 1.0's rhythm) or 96 (GDELT 2.0's 15-minute files);
    /// any divisor of 1440 (files named YYYYMMDDHHMMSS at that step).
    #[arg(long, default_value_t = 1, value_parser = files_per_day)]
    pub files_per_day: u64,
    /// gzip the files (level 1).
    #[arg(long)]
    pub gzip: bool,
    /// Seed of every random draw (bootstrap, Monte Carlo): the same seed gives the same output.
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
}

const SAMPLES: &str = "gdelt/v2_15min";

/// `--files-per-day`: a divisor of the 1440 minutes of a day.
fn files_per_day(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n >= 1 && 1440 % n == 0 => Ok(n),
        _ => Err(format!(
            "'{s}': give a divisor of 1440 (1 daily, 24 hourly, 96 for 15 minutes)"
        )),
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let What::Gdelt(args) = args.what;
    if args.rows == 0 || args.rows_per_file == 0 {
        return Err(user_error("--rows and --rows-per-file must be positive"));
    }
    let dir = ctx.data_dir()?.file(SAMPLES);
    let mut templates: Vec<Vec<String>> = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for p in names {
        entente_sources::events::with_reader(&p, |r| {
            for line in r.lines() {
                let line = line.map_err(|e| entente_sources::SourceError::Io {
                    file: p.clone(),
                    source: e,
                })?;
                let f: Vec<String> = line.split('\t').map(str::to_string).collect();
                if f.len() == 61 {
                    templates.push(f);
                }
            }
            Ok(())
        })?;
    }
    if templates.is_empty() {
        return Err(user_error(format!(
            "no GDELT 2.0 sample rows in {}",
            dir.display()
        )));
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let files = args.rows.div_ceil(args.rows_per_file);
    let bar = ProgressBar::new(args.rows);
    bar.set_style(
        ProgressStyle::with_template("{spinner} gen {bar:30} {pos}/{len} rows ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let start = Date::new(2015, 2, 19).expect("a date").to_days();
    (0..files).into_par_iter().try_for_each(|k| -> Result<()> {
        let n = args.rows_per_file.min(args.rows - k * args.rows_per_file);
        let day_index = (k / args.files_per_day) as i32;
        let day = Date::from_days(start + day_index);
        let minute = (k % args.files_per_day) * (1440 / args.files_per_day);
        let stamp = format!("{:04}{:02}{:02}", day.year, day.month, day.day);
        let name = format!(
            "{:04}{:02}{:02}{:02}{:02}00.export.CSV{}",
            day.year,
            day.month,
            day.day,
            minute / 60,
            minute % 60,
            if args.gzip { ".gz" } else { "" }
        );
        let path = args.out.join(&name);
        let file =
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let write_rows = |w: &mut dyn Write| -> Result<()> {
            let mut rng =
                StdRng::seed_from_u64(args.seed ^ (k.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
            let mut line = String::with_capacity(1024);
            for i in 0..n {
                let t = &templates[rng.random_range(0..templates.len())];
                let back = if rng.random::<f64>() < 0.8 {
                    0
                } else {
                    rng.random_range(1..=365)
                };
                let d = Date::from_days(start + day_index - back);
                let doy = d.to_days() - Date::new(d.year, 1, 1).expect("a date").to_days();
                line.clear();
                use std::fmt::Write as _;
                let id = 1_000_000_000u64 + k * args.rows_per_file + i;
                let _ = write!(
                    line,
                    "{id}\t{:04}{:02}{:02}\t{:04}{:02}\t{:04}\t{:.4}",
                    d.year,
                    d.month,
                    d.day,
                    d.year,
                    d.month,
                    d.year,
                    f64::from(d.year) + f64::from(doy) / 365.0
                );
                for (j, f) in t.iter().enumerate().skip(5) {
                    line.push('\t');
                    match j {
                        34 => {
                            let tone: f64 = f.parse().unwrap_or(0.0);
                            let _ = write!(line, "{:.10}", tone + rng.random::<f64>() - 0.5);
                        }
                        59 if args.files_per_day == 1 => {
                            let _ = write!(line, "{stamp}{:06}", rng.random_range(0..24) * 10_000);
                        }
                        // DATEADDED: the file's own 15-minute (or other) slot.
                        59 => {
                            let _ = write!(line, "{stamp}{:02}{:02}00", minute / 60, minute % 60);
                        }
                        60 => {
                            let _ = write!(line, "{f}#{}", rng.random_range(0..4));
                        }
                        _ => line.push_str(f),
                    }
                }
                line.push('\n');
                w.write_all(line.as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?;
                if i % 100_000 == 99_999 {
                    bar.inc(100_000);
                }
            }
            Ok(())
        };
        if args.gzip {
            let mut gz = flate2::write::GzEncoder::new(
                std::io::BufWriter::with_capacity(1 << 20, file),
                flate2::Compression::new(1),
            );
            write_rows(&mut gz)?;
            gz.finish()
                .and_then(|mut b| b.flush())
                .with_context(|| format!("writing {}", path.display()))?;
        } else {
            let mut b = std::io::BufWriter::with_capacity(1 << 20, file);
            write_rows(&mut b)?;
            b.flush()
                .with_context(|| format!("writing {}", path.display()))?;
        }
        bar.inc(n % 100_000);
        Ok(())
    })?;
    bar.finish_and_clear();
    eprintln!(
        "{} rows in {files} file(s) under {} (templates: {} real rows from {SAMPLES})",
        args.rows,
        args.out.display(),
        templates.len()
    );
    Ok(())
}
