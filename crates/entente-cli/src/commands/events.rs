//! `entente events A B`: dyad series of event data from the event store.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use entente_core::events::{DyadDay, EventStats, Period, Weight, series};
use entente_store::cache::cache_root;
use entente_store::events::EventStore;

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// News events between two states by day, month or year (from `entente ingest events`).
///
/// Events per CAMEO quad class, Goldstein sum and
/// mean, net cooperation (cooperative minus conflictual share), GDELT's AvgTone mean;
/// optionally weighted by mentions or articles, de-duplicated (same day, actors, event
/// code and source URL), and normalised by the total volume of events in the period.
///
/// Undirected series (the default) count both directions; --directed gives a→b and
/// b→a apart. Periods inside the ingested files' coverage without events between the
/// two show 0; periods no ingested file covers are left out. Definitions:
/// docs/events.md.
///
/// Examples:
///   entente events China Russia --by month
///   entente events Russia Ukraine --by day --from 2014-02 --to 2014-03 --directed
///   entente events China Russia --by year --dedup --normalize --format csv
///   entente events --all --by month --format parquet --out dyad_month.parquet
///   entente events --all --by month --tables /tmp/p --cluster df://127.0.0.1:50050
///
/// With --tables DIR, --all reads the events table that `entente export DIR
/// --events-from FILES` wrote and aggregates it with SQL (DataFusion in process, or on
/// a Ballista cluster with --cluster): the same columns; counts and Goldstein sums are
/// equal to the store's exactly, tone means to rounding (docs/cluster.md).
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The two states; leave out with --all.
    #[arg(required_unless_present = "all")]
    pub a: Option<String>,
    /// Second state: a name, ISO3/ISO2 or COW code.
    #[arg(required_unless_present = "all")]
    pub b: Option<String>,
    /// Every dyad with events (one row per dyad and period).
    #[arg(long, conflicts_with_all = ["a", "b"])]
    pub all: bool,
    /// Period of the series: day, month or year.
    #[arg(long, value_enum, default_value = "month")]
    pub by: By,
    /// First period: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Last period (inclusive).
    #[arg(long)]
    pub to: Option<String>,
    /// a→b and b→a as separate rows.
    #[arg(long)]
    pub directed: bool,
    /// Count an event once per day, actors, event code and source (URL or ICEWS story).
    #[arg(long)]
    pub dedup: bool,
    /// Add counts per million events of the period: from the ingested files' total rows
    /// (ingested; with --tables the converted files' rows, table event_volume), or
    /// GDELT 1.0's published totals 1979–2013 (reference).
    #[arg(long, num_args = 0..=1, default_missing_value = "ingested", value_enum)]
    pub normalize: Option<Normalize>,
    /// Count events once, or weighted by mentions or articles.
    #[arg(long, value_enum, default_value = "events")]
    pub weight: WeightArg,
    /// Add the counts per CAMEO root code (root01 … root20).
    #[arg(long)]
    pub roots: bool,
    /// With --all: aggregate the events table of this folder (or s3://bucket/prefix)
    /// with SQL instead of the event store.
    #[arg(long, value_name = "DIR", requires = "all")]
    pub tables: Option<PathBuf>,
    /// With --tables: run on the Ballista scheduler at this URL (df://HOST:PORT).
    #[arg(long, value_name = "URL", requires = "tables")]
    pub cluster: Option<String>,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Day,
    Month,
    Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Normalize {
    Ingested,
    Reference,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WeightArg {
    Events,
    Mentions,
    Articles,
}

/// Parses YYYY, YYYY-MM or YYYY-MM-DD into a YYYYMMDD day (start or end of the span).
fn parse_bound(s: &str, end: bool) -> Result<u32> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, lo: u32, hi: u32| p.parse::<u32>().ok().filter(|v| (lo..=hi).contains(v));
    let bad = || {
        user_error(format!(
            "'{s}' is not a period: use YYYY, YYYY-MM or YYYY-MM-DD"
        ))
    };
    let y = parts
        .first()
        .and_then(|p| num(p, 1800, 2200))
        .ok_or_else(bad)?;
    let m = match parts.get(1) {
        Some(p) => num(p, 1, 12).ok_or_else(bad)?,
        None if end => 12,
        None => 1,
    };
    let d = match parts.get(2) {
        Some(p) => num(p, 1, 31).ok_or_else(bad)?,
        None if end => 31,
        None => 1,
    };
    if parts.len() > 3 {
        return Err(bad());
    }
    Ok(y * 10_000 + m * 100 + d)
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let period = match args.by {
        By::Day => Period::Day,
        By::Month => Period::Month,
        By::Year => Period::Year,
    };
    let weight = match args.weight {
        WeightArg::Events => Weight::Events,
        WeightArg::Mentions => Weight::Mentions,
        WeightArg::Articles => Weight::Articles,
    };
    let from = period.of(args
        .from
        .as_deref()
        .map_or(Ok(0), |s| parse_bound(s, false))?);
    let to = period.of(args
        .to
        .as_deref()
        .map_or(Ok(99_991_231), |s| parse_bound(s, true))?);
    if from > to {
        return Err(user_error("--from is after --to"));
    }
    let reg = ctx.registry()?;
    if let Some(dir) = &args.tables {
        return run_sql(ctx, &args, dir, reg, period, weight, (from, to));
    }
    let store = EventStore::new(&cache_root(ctx.cache_dir()));
    let files = store.files()?;
    if files.is_empty() {
        return Err(user_error(format!(
            "the event store is empty ({}): add files first: entente data fetch gdelt --from 2025-01-01 --to 2025-01-07 --ingest (GDELT by date), or entente ingest events FILES (e.g. ../shared/data/gdelt/v2_15min)",
            store.dir().display()
        )));
    }
    // Total rows per period of the ingested files: the coverage, and the normaliser.
    let mut ingested: BTreeMap<u32, u64> = BTreeMap::new();
    for (day, n) in store.volume()? {
        *ingested.entry(period.of(day)).or_insert(0) += n;
    }
    let normaliser = match args.normalize {
        Some(Normalize::Reference) => Some(entente_sources::events::totals::reference_volume(
            ctx.data_dir()?,
            period,
        )?),
        Some(Normalize::Ingested) => Some(ingested.clone()),
        None => None,
    };
    let layout = Layout {
        reg,
        period,
        weight,
        normaliser,
        roots: args.roots,
    };
    let mut rows = layout.rows();
    let mut push = |p: u32, a: u16, b: u16, s: &EventStats| rows.push(layout.row((p, a, b), s));
    if args.all {
        // Streamed: each stored file folded into its own map, the maps merged.
        let directed = args.directed;
        let agg = store.fold_dyad_days(
            args.dedup,
            &|_, _| true,
            BTreeMap::<(u32, u16, u16), EventStats>::new,
            |agg, r| {
                let p = period.of(r.day);
                if p < from || p > to {
                    return;
                }
                let key = if directed {
                    (p, r.a, r.b)
                } else {
                    (p, r.a.min(r.b), r.a.max(r.b))
                };
                agg.entry(key).or_default().merge(&r.stats);
            },
            |mut x, y| {
                for (k, v) in y {
                    x.entry(k).or_default().merge(&v);
                }
                x
            },
        )?;
        for ((p, a, b), s) in &agg {
            push(*p, *a, *b, s);
        }
    } else {
        let (Some(qa), Some(qb)) = (&args.a, &args.b) else {
            return Err(user_error("give two states, or --all"));
        };
        let [ca, cb] = ctx.resolve_distinct([qa, qb])?;
        let (a, b) = (ca.ccode, cb.ccode);
        let days: Vec<DyadDay> =
            store.dyad_days(args.dedup, &|x, y| (x, y) == (a, b) || (x, y) == (b, a))?;
        let found = series(days, a, b, period, args.directed, from, to);
        let directions: Vec<(u16, u16)> = if args.directed {
            vec![(a, b), (b, a)]
        } else {
            vec![(a, b)]
        };
        let zero = EventStats::default();
        for (&p, _) in ingested.range(from..=to) {
            for &(x, y) in &directions {
                push(p, x, y, found.get(&(p, x, y)).unwrap_or(&zero));
            }
        }
    }
    let dedup_note = if args.dedup {
        let without: Vec<&str> = files
            .iter()
            .filter(|f| !f.has_sources)
            .map(|f| f.path.as_str())
            .collect();
        if without.is_empty() {
            "De-duplicated: each (day, actors, event code, source URL or story) once per file."
                .to_string()
        } else {
            format!(
                "De-duplicated: each (day, actors, event code, source URL or story) once per file; {} file(s) have no source URL (GDELT 1.0 backfiles) and are counted in full.",
                without.len()
            )
        }
    } else {
        "Not de-duplicated (--dedup counts an event once per day, actors, code and source).".into()
    };
    rows.notes.push(format!(
        "{} file(s) in the store ({} rows); counts {}; {dedup_note}",
        files.len(),
        files.iter().map(|f| f.rows).sum::<u64>(),
        weight_label(weight)
    ));
    if let Some(n) = args.normalize {
        rows.notes.push(normalize_note(n, "ingested files"));
    }
    rows.notes.push(SOURCES.into());
    rows.write(args.format, args.out.as_deref())
}

/// The sources line under every events table.
const SOURCES: &str = "Source: The GDELT Project (Leetaru & Schrodt 2013), https://www.gdeltproject.org/; ICEWS (Boschee et al. 2015) for .tab files.";

/// How events are counted, for the notes.
fn weight_label(w: Weight) -> &'static str {
    match w {
        Weight::Events => "events",
        Weight::Mentions => "weighted by mentions",
        Weight::Articles => "weighted by articles",
    }
}

/// How the rows are laid out: the same for the event store and for SQL.
struct Layout<'a> {
    reg: &'a entente_core::Registry,
    period: Period,
    weight: Weight,
    /// Rows per period for the `_norm` columns (--normalize).
    normaliser: Option<BTreeMap<u32, u64>>,
    /// The counts per CAMEO root (--roots).
    roots: bool,
}

impl Layout<'_> {
    /// An empty table with the columns.
    fn rows(&self) -> Rows {
        Rows::new(columns(self.normaliser.is_some(), self.roots))
    }

    /// One output row: a period and dyad (COW codes) with its statistics.
    fn row(&self, (p, a, b): (u32, u16, u16), s: &EventStats) -> Vec<Cell> {
        let m = s.measures(self.weight);
        let mut row: Vec<Cell> = vec![
            self.period.label(p).into(),
            self.reg.code3_of(a).into(),
            self.reg.code3_of(b).into(),
            Cell::Int(m.events as i64),
        ];
        row.extend(m.quad.iter().map(|q| Cell::Int(*q as i64)));
        row.extend([
            Some(m.goldstein_sum).into(),
            m.goldstein_mean.into(),
            m.tone_mean.into(),
            m.net_cooperation.into(),
        ]);
        if let Some(norm) = &self.normaliser {
            let total = norm.get(&p).copied().filter(|&t| t > 0);
            let per_m = |x: f64| total.map(|t| x * 1e6 / t as f64);
            row.push(total.map_or(Cell::Num(None), |t| Cell::Int(t as i64)));
            row.push(per_m(m.events).into());
            row.extend(m.quad.iter().map(|q| Cell::Num(per_m(*q))));
        }
        if self.roots {
            row.extend(s.root.iter().map(|r| Cell::Int(*r as i64)));
        }
        row
    }
}

/// The output columns.
fn columns(normalised: bool, roots: bool) -> Vec<String> {
    let mut cols: Vec<String> = [
        "period",
        "a",
        "b",
        "events",
        "verbal_coop",
        "material_coop",
        "verbal_conflict",
        "material_conflict",
        "goldstein_sum",
        "goldstein_mean",
        "tone_mean",
        "net_cooperation",
    ]
    .map(String::from)
    .to_vec();
    if normalised {
        cols.extend(
            [
                "total_events",
                "events_norm",
                "verbal_coop_norm",
                "material_coop_norm",
                "verbal_conflict_norm",
                "material_conflict_norm",
            ]
            .map(String::from),
        );
    }
    if roots {
        cols.extend((1..=20).map(|k| format!("root{k:02}")));
    }
    cols
}

/// `--all --tables DIR [--cluster URL]`: the aggregation as SQL over the events table.
fn run_sql(
    ctx: &Context,
    args: &Args,
    dir: &std::path::Path,
    reg: &entente_core::Registry,
    period: Period,
    weight: Weight,
    (from, to): (u32, u32),
) -> Result<()> {
    let engine = super::sql::engine(args.cluster.as_deref(), None)?;
    let g = entente_sql::events::Aggregation {
        period,
        directed: args.directed,
        dedup: args.dedup,
        from,
        to,
    };
    let agg =
        entente_sql::events::aggregate(dir, &g, &engine).map_err(|e| user_error(e.to_string()))?;
    let normaliser = match args.normalize {
        Some(Normalize::Reference) => Some(entente_sources::events::totals::reference_volume(
            ctx.data_dir()?,
            period,
        )?),
        Some(Normalize::Ingested) => Some(
            entente_sql::events::volume(dir, period, &engine)
                .map_err(|e| user_error(e.to_string()))?,
        ),
        None => None,
    };
    let layout = Layout {
        reg,
        period,
        weight,
        normaliser,
        roots: args.roots,
    };
    let mut rows = layout.rows();
    for (&key, s) in &agg {
        rows.push(layout.row(key, s));
    }
    rows.notes.push(format!(
        "Aggregated with SQL over {} ({}); counts {}{}.",
        dir.join("events").display(),
        super::sql::describe(&engine),
        weight_label(weight),
        if args.dedup {
            ", de-duplicated within each source file"
        } else {
            ""
        }
    ));
    if let Some(n) = args.normalize {
        rows.notes
            .push(normalize_note(n, "files converted into the table"));
    }
    rows.notes.push(SOURCES.into());
    rows.write(args.format, args.out.as_deref())
}

/// What the `_norm` columns are per: the files' rows in the period, or GDELT's totals.
fn normalize_note(n: Normalize, files: &str) -> String {
    match n {
        Normalize::Ingested => {
            format!("_norm columns: per million rows of the {files} in the period (all actors).")
        }
        Normalize::Reference => "_norm columns: per million GDELT 1.0 events in the period (GDELTtools' totals, 1979–2013-07; empty outside).".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_bound;

    #[test]
    fn bounds() {
        assert_eq!(parse_bound("2014", false).unwrap(), 20140101);
        assert_eq!(parse_bound("2014-02", true).unwrap(), 20140231);
        assert_eq!(parse_bound("2014-02-03", true).unwrap(), 20140203);
        assert!(parse_bound("14-2", false).is_err() && parse_bound("2014-13", false).is_err());
    }
}
