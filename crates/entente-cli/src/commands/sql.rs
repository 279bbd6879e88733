//! `entente sql "SELECT …"`: SQL over entente's tables (Apache DataFusion, in process).

use std::path::PathBuf;

use anyhow::Result;
use entente_sql::Value;
use entente_store::cache::cache_root;

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// SQL over entente's tables with Apache DataFusion, in process or on a Ballista cluster.
///
/// The tables are the folders `entente export` writes (countries, rollcalls, votes,
/// event_dyad_days, dyad_ties, dyad_index, and events with --events-from; schemas in
/// docs/schemas.md), registered by name; partitioned tables have an Int32 `year`
/// column. By default they live in <cache>/export and are written on first use
/// (--refresh writes them again).
///
/// --cluster df://HOST:PORT (or the environment variable ENTENTE_CLUSTER) runs the
/// same plan on a Ballista scheduler and its executors (entente cluster --help); the
/// executors read the table files by the same path (docs/cluster.md).
///
/// Needs a build with the engine: cargo build --release --features sql (or
/// --features cluster for --cluster).
///
/// Examples:
///   entente sql "SELECT year, count(*) AS votes FROM votes GROUP BY year ORDER BY year"
///   entente sql "SELECT year, alignment FROM dyad_index WHERE iso3_a = 'RUS' AND iso3_b = 'CHN' ORDER BY year" --format csv
///   entente sql --tables /data/p --cluster df://10.0.0.5:50050 "SELECT year, count(*) FROM events GROUP BY year"
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The query.
    pub query: String,
    /// Folder of exported tables, or s3://bucket/prefix (AWS_* variables; needs
    /// --features cluster). Default: <cache>/export.
    #[arg(long, value_name = "DIR")]
    pub tables: Option<PathBuf>,
    /// Write the default tables again before the query.
    #[arg(long)]
    pub refresh: bool,
    /// Run on the Ballista scheduler at this URL (df://HOST:PORT) instead of in process.
    #[arg(long, value_name = "URL")]
    pub cluster: Option<String>,
    /// Partitions (threads) in process (default: the number of cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

/// The engine for --cluster (or ENTENTE_CLUSTER) and --threads, checked against this
/// build.
pub(crate) fn engine(cluster: Option<&str>, threads: Option<usize>) -> Result<entente_sql::Engine> {
    let url = cluster.map(str::to_string).or_else(|| {
        std::env::var("ENTENTE_CLUSTER")
            .ok()
            .filter(|u| !u.is_empty())
    });
    let e = match url {
        Some(url) => entente_sql::Engine::Cluster { url },
        None => entente_sql::Engine::Local {
            threads: threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
        },
    };
    entente_sql::check(&e).map_err(|e| user_error(e.to_string()))?;
    Ok(e)
}

/// How a query runs, for the notes under a table.
pub(crate) fn describe(engine: &entente_sql::Engine) -> String {
    match engine {
        entente_sql::Engine::Local { threads } => {
            format!("DataFusion in process, {threads} partitions")
        }
        entente_sql::Engine::Cluster { url } => format!("Ballista cluster at {url}"),
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let engine = engine(args.cluster.as_deref(), args.threads)?;
    let dir = match &args.tables {
        Some(d) => d.clone(),
        None => {
            let d = cache_root(ctx.cache_dir()).join("export");
            if args.refresh || !d.join("votes").is_dir() {
                eprintln!("writing the tables to {} (entente export) …", d.display());
                // The export's report is not printed: stdout carries the query's answer.
                super::export::write(ctx, &super::export::Request::default_tables(d.clone()))?;
            }
            d
        }
    };
    let answer =
        entente_sql::query(&dir, &args.query, &engine).map_err(|e| user_error(format!("{e}")))?;
    let mut rows = Rows::new(answer.columns.clone());
    for r in &answer.rows {
        rows.push(
            r.iter()
                .map(|v| match v {
                    Value::Null => Cell::Num(None),
                    Value::Int(i) => Cell::Int(*i),
                    Value::Float(f) => Cell::Num(Some(*f)),
                    Value::Bool(b) => Cell::Str(b.to_string()),
                    Value::Text(t) => Cell::Str(t.clone()),
                })
                .collect(),
        );
    }
    rows.notes.push(format!(
        "{} row(s); tables in {}: {}; {}",
        answer.rows.len(),
        dir.display(),
        answer.tables.join(", "),
        describe(&engine)
    ));
    rows.write(args.format, args.out.as_deref())
}
