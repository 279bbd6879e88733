//! Cached ideal-point estimates: one Parquet file per vote subset and model settings
//! (`<cache>/ideal/<key>.parquet`), columns `year` i32, `ccode` i32, `ideal`, `q05`,
//! `q50`, `q95` f64, `n_votes`, `iterations`, `converged` i32.

use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type};
use arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch};
use arrow_schema::{Field, Schema};
use entente_core::ideal::{IdealRow, IdealTable};

use crate::cache::StoreError;
use crate::parquet::{perr, read_batches, write_batch};

/// Writes an estimate (atomically).
pub fn write(path: &Path, t: &IdealTable) -> Result<(), StoreError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    }
    let f = |g: fn(&IdealRow) -> f64| -> ArrayRef {
        Arc::new(Float64Array::from_iter_values(t.rows.iter().map(g)))
    };
    let i = |g: &dyn Fn(&IdealRow) -> i32| -> ArrayRef {
        Arc::new(Int32Array::from_iter_values(t.rows.iter().map(g)))
    };
    let cols: Vec<(&str, ArrayRef)> = vec![
        ("year", i(&|r| r.year)),
        ("ccode", i(&|r| i32::from(r.ccode))),
        ("ideal", f(|r| r.ideal)),
        ("q05", f(|r| r.q05)),
        ("q50", f(|r| r.q50)),
        ("q95", f(|r| r.q95)),
        ("n_votes", i(&|r| r.n_votes as i32)),
        ("iterations", i(&|_| t.iterations as i32)),
        ("converged", i(&|_| i32::from(t.converged))),
    ];
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), false))
            .collect::<Vec<_>>(),
    );
    let batch = RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect())
        .map_err(|e| perr(path, e))?;
    write_batch(path, &batch)?;
    // Its digest beside it, checked on every read.
    let digest = crate::manifest::blake3_file(path)?;
    crate::atomic::write_bytes(&digest_path(path), digest.as_bytes())
}

/// `<key>.parquet.b3`: the BLAKE3 of the estimate's file.
fn digest_path(path: &Path) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".b3");
    p.into()
}

/// Reads a cached estimate made with `boot` bootstrap replicates; a file whose digest
/// does not match the one written beside it is an error (the caller re-estimates).
pub fn read(path: &Path, boot: usize) -> Result<IdealTable, StoreError> {
    let want = std::fs::read_to_string(digest_path(path))
        .map_err(|e| StoreError::io(&digest_path(path), e))?;
    if crate::manifest::blake3_file(path)? != want.trim() {
        return Err(StoreError::Manifest {
            path: path.to_path_buf(),
            message: "the file does not match its digest (damaged)".into(),
        });
    }
    let mut t = IdealTable {
        rows: Vec::new(),
        iterations: 0,
        converged: false,
        boot,
        cached: true,
    };
    for b in read_batches(path)? {
        let col = |n: &str| {
            b.column_by_name(n)
                .ok_or_else(|| perr(path, format!("column {n} missing")))
        };
        let int = |n: &str| col(n).map(|c| c.as_primitive::<Int32Type>().clone());
        let fl = |n: &str| col(n).map(|c| c.as_primitive::<Float64Type>().clone());
        let (year, cc, n, it, conv) = (
            int("year")?,
            int("ccode")?,
            int("n_votes")?,
            int("iterations")?,
            int("converged")?,
        );
        let (ideal, q05, q50, q95) = (fl("ideal")?, fl("q05")?, fl("q50")?, fl("q95")?);
        for i in 0..b.num_rows() {
            t.iterations = it.value(i) as usize;
            t.converged = conv.value(i) == 1;
            t.rows.push(IdealRow {
                year: year.value(i),
                ccode: cc.value(i) as u16,
                ideal: ideal.value(i),
                q05: q05.value(i),
                q50: q50.value(i),
                q95: q95.value(i),
                n_votes: n.value(i) as u32,
            });
        }
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_estimate_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ideal").join("k.parquet");
        let t = IdealTable {
            rows: vec![IdealRow {
                year: 1990,
                ccode: 365,
                ideal: -0.5,
                q05: -0.7,
                q50: -0.5,
                q95: -0.3,
                n_votes: 80,
            }],
            iterations: 12,
            converged: true,
            boot: 0,
            cached: false,
        };
        write(&p, &t).unwrap();
        let back = read(&p, 0).unwrap();
        assert_eq!(back.rows, t.rows);
        assert_eq!(
            (back.iterations, back.converged, back.cached),
            (12, true, true)
        );
    }
}
