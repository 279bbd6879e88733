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

/// A staging folder for one export (`<root>/.entente-export-<pid>-<n>`, on the target's
/// file system): tables are written into it, then [`Staging::publish`] swaps each into
/// `<root>` whole. Dropped unpublished (an error), it is removed.
pub struct Staging {
    root: PathBuf,
    dir: PathBuf,
}

impl Staging {
    pub fn new(root: &Path) -> Result<Staging, StoreError> {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = root.join(format!(".entente-export-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
        Ok(Staging {
            root: root.to_path_buf(),
            dir,
        })
    }

    /// Where the tables are written.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Replaces each of `tables` under the root by its staged version: the old folder is
    /// renamed aside, the new one renamed in, the old one removed. A reader sees the old
    /// table or the new one, never a mix (between the two renames, for an instant, none).
    pub fn publish(self, tables: &[&str]) -> Result<(), StoreError> {
        for t in tables {
            let (new, target) = (self.dir.join(t), self.root.join(t));
            if !new.exists() {
                continue;
            }
            let old = self.dir.join(format!(".old-{t}"));
            if target.exists() {
                std::fs::rename(&target, &old).map_err(|e| StoreError::io(&target, e))?;
            }
            std::fs::rename(&new, &target).map_err(|e| StoreError::io(&target, e))?;
            if old.exists() {
                std::fs::remove_dir_all(&old).map_err(|e| StoreError::io(&old, e))?;
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn batch() -> RecordBatch {
        let a: arrow_array::ArrayRef = Arc::new(arrow_array::Int32Array::from(vec![1, 2]));
        RecordBatch::try_from_iter([("x", a)]).unwrap()
    }

    /// A second export replaces the table whole: partitions only the first had are gone,
    /// other tables are untouched, and no staging folder is left.
    #[test]
    fn a_new_export_replaces_the_old_table_whole() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let s = Staging::new(root).unwrap();
        write_partition(s.path(), "votes", Some(1800), &batch()).unwrap();
        write_partition(s.path(), "votes", Some(2020), &batch()).unwrap();
        write_partition(s.path(), "countries", None, &batch()).unwrap();
        s.publish(&["votes", "countries"]).unwrap();
        assert!(root.join("votes/year=1800/part-0.parquet").exists());
        let s = Staging::new(root).unwrap();
        write_partition(s.path(), "votes", Some(2020), &batch()).unwrap();
        s.publish(&["votes"]).unwrap();
        assert!(!root.join("votes/year=1800").exists());
        assert!(root.join("votes/year=2020/part-0.parquet").exists());
        assert!(root.join("countries/part-0.parquet").exists());
        let left: Vec<_> = std::fs::read_dir(root)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".entente-export")
            })
            .collect();
        assert!(left.is_empty());
    }
}
