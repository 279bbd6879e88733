//! SQL over entente's Parquet tables (`entente export`'s Hive-partitioned folders)
//! with Apache DataFusion, in process or on an Apache Ballista cluster (the same
//! plans; docs/cluster.md). Every sub-folder of the tables folder is registered as a
//! table of that name; a `year=YYYY` partition becomes an Int32 column `year`.
//!
//! Results come back as plain values ([`Answer`]) so that callers need not share
//! DataFusion's Arrow types. The engine is behind the `engine` feature and the cluster
//! behind `cluster`; without them [`query`] explains how to build them.

pub mod events;

#[cfg(feature = "cluster")]
pub mod cluster;
#[cfg(feature = "engine")]
mod engine;

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    #[error("{0}")]
    Engine(String),
    #[error("{}: {message}", path.display())]
    Tables { path: PathBuf, message: String },
    #[error("{0}")]
    Unavailable(String),
}

/// One result cell. Decimals keep their exact text (e.g. `-12.3450000000`).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
}

impl Value {
    /// The value as a number (integers, floats and decimal text), if it is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Int(v) => Some(*v as f64),
            Value::Float(v) => Some(*v),
            Value::Text(t) => t.parse().ok(),
            _ => None,
        }
    }

    /// The value as an integer, if it is one.
    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }
}

/// A query's result: column names and rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// Tables registered, in name order.
    pub tables: Vec<String>,
}

/// Where a query runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Engine {
    /// DataFusion in this process with this many partitions (threads).
    Local { threads: usize },
    /// A Ballista scheduler, e.g. `df://127.0.0.1:50050` (executors read the table
    /// files by the same path, so they must see the same folder or object store).
    Cluster { url: String },
}

/// Whether this build has the in-process engine (the `engine` feature).
pub const ENGINE: bool = cfg!(feature = "engine");
/// Whether this build can use a Ballista cluster (the `cluster` feature).
pub const CLUSTER: bool = cfg!(feature = "cluster");

/// Runs `sql` over the tables under `dir`.
pub fn query(dir: &Path, sql: &str, engine: &Engine) -> Result<Answer, SqlError> {
    check(engine)?;
    #[cfg(feature = "engine")]
    {
        engine::block_on(engine::run(dir, sql, engine))
    }
    #[cfg(not(feature = "engine"))]
    {
        let _ = (dir, sql);
        unreachable!("check() refuses without the engine")
    }
}

/// An error unless this build can run on `engine`.
pub fn check(engine: &Engine) -> Result<(), SqlError> {
    if !ENGINE {
        return Err(SqlError::Unavailable(
            "this entente was built without the SQL engine: cargo build --release --features sql (or --features cluster)".into(),
        ));
    }
    if matches!(engine, Engine::Cluster { .. }) && !CLUSTER {
        return Err(SqlError::Unavailable(
            "this entente was built without cluster support: cargo build --release --features cluster".into(),
        ));
    }
    Ok(())
}

/// Whether a tables location is an object store URL (`s3://bucket/prefix`).
pub fn is_s3(dir: &Path) -> bool {
    dir.to_str().is_some_and(|d| d.starts_with("s3://"))
}

/// The table folders under `dir`: (name, Hive-partitioned by year), in name order.
pub fn table_folders(dir: &Path) -> Result<Vec<(String, bool)>, SqlError> {
    let entries = std::fs::read_dir(dir).map_err(|e| SqlError::Tables {
        path: dir.to_path_buf(),
        message: format!(
            "{e} (write the tables first: entente export {})",
            dir.display()
        ),
    })?;
    let mut out = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        let Some(name) = p.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        if !p.is_dir() || name.starts_with('.') {
            continue;
        }
        let partitioned = std::fs::read_dir(&p)
            .map(|it| {
                it.flatten()
                    .any(|x| x.file_name().to_string_lossy().starts_with("year="))
            })
            .unwrap_or(false);
        out.push((name, partitioned));
    }
    out.sort();
    if out.is_empty() {
        return Err(SqlError::Tables {
            path: dir.to_path_buf(),
            message: format!(
                "no table folders there (write them first: entente export {})",
                dir.display()
            ),
        });
    }
    Ok(out)
}
