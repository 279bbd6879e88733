//! Writing tables for other engines (docs/schemas.md): Parquet with signed integers,
//! Date32 dates, zstd, in Hive-style partitions `<root>/<table>/year=YYYY/part-0.parquet`
//! (or `<root>/<table>/part-0.parquet` for unpartitioned tables), each file written to a
//! temporary name and renamed.

use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;

use crate::cache::StoreError;

/// Writes one partition of `table` under `root` and returns its path.
pub fn write_partition(
    root: &Path,
    table: &str,
    year: Option<i32>,
    batch: &RecordBatch,
) -> Result<PathBuf, StoreError> {
    write_part(root, table, year, "part-0.parquet", batch)
}

/// Writes one file `name` of a partition of `table` under `root` (a partition may hold
/// several files, e.g. one per source file) and returns its path.
pub fn write_part(
    root: &Path,
    table: &str,
    year: Option<i32>,
    name: &str,
    batch: &RecordBatch,
) -> Result<PathBuf, StoreError> {
    let dir = match year {
        Some(y) => root.join(table).join(format!("year={y}")),
        None => root.join(table),
    };
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
    let path = dir.join(name);
    crate::parquet::write_batch(&path, batch)?;
    Ok(path)
}
