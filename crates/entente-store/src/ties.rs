//! The tie datasets' plain dyad-year tables (`entente_core::ties::TieTables`) cached as
//! Parquet, one file per table in a generation of the `ties` table set:
//! `atop`, `cow_alliances` (`a`, `b` i16, `year` i32, flags `f0`… bool), `igo`, `mme`,
//! `jme`, `mids` (… `value` i32), `arms` (… `value` f64), `trade` (`reporter`,
//! `partner` i16, `exports` bool, `year` i32, `value` f64), `finance` (`recipient` i16,
//! `year` i32, `oof`, `oda`, `vague` f64). Rows in key order, so the files are the
//! same for the same data.

use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int16Type, Int32Type};
use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int16Array, Int32Array, RecordBatch};
use arrow_schema::{Field, Schema};
use entente_core::ties::{DyadYearMap, FastMap, TieTables};

use crate::cache::StoreError;
use crate::parquet::{perr, read_batches, write_batch};

/// A dyad-year table's row: (a, b, year) and the value.
type Row<V> = ((u16, u16, i32), V);

fn batch(path: &Path, cols: Vec<(String, ArrayRef)>) -> Result<RecordBatch, StoreError> {
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(n, a.data_type().clone(), false))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|c| c.1).collect())
        .map_err(|e| perr(path, e))
}

fn sorted<K: Ord + Copy, V: Copy>(m: &FastMap<K, V>) -> Vec<(K, V)> {
    let mut v: Vec<(K, V)> = m.iter().map(|(k, v)| (*k, *v)).collect();
    v.sort_unstable_by_key(|r| r.0);
    v
}

fn key_columns(rows: &[((u16, u16, i32), impl Copy)]) -> Vec<(String, ArrayRef)> {
    vec![
        (
            "a".into(),
            Arc::new(Int16Array::from_iter_values(
                rows.iter().map(|r| r.0.0 as i16),
            )) as ArrayRef,
        ),
        (
            "b".into(),
            Arc::new(Int16Array::from_iter_values(
                rows.iter().map(|r| r.0.1 as i16),
            )),
        ),
        (
            "year".into(),
            Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.0.2))),
        ),
    ]
}

fn write_flags<const K: usize>(path: &Path, m: &DyadYearMap<[bool; K]>) -> Result<(), StoreError> {
    let rows = sorted(m);
    let mut cols = key_columns(&rows);
    for k in 0..K {
        cols.push((
            format!("f{k}"),
            Arc::new(BooleanArray::from_iter(rows.iter().map(|r| Some(r.1[k])))),
        ));
    }
    write_batch(path, &batch(path, cols)?)
}

/// Writes a dyad-year table with one `value` column made by `column`.
fn write_values<V: Copy>(
    path: &Path,
    m: &DyadYearMap<V>,
    column: impl Fn(&[Row<V>]) -> ArrayRef,
) -> Result<(), StoreError> {
    let rows = sorted(m);
    let mut cols = key_columns(&rows);
    cols.push(("value".into(), column(&rows)));
    write_batch(path, &batch(path, cols)?)
}

/// An i32 column of the values.
fn ints<V: Copy>(to: impl Fn(V) -> i32) -> impl Fn(&[Row<V>]) -> ArrayRef {
    move |rows| Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| to(r.1))))
}

/// Writes every table into the generation folder `dir`.
pub fn write(dir: &Path, t: &TieTables) -> Result<(), StoreError> {
    let p = |name: &str| dir.join(format!("{name}.parquet"));
    write_flags(&p("atop"), &t.atop)?;
    write_flags(&p("cow_alliances"), &t.cow_alliances)?;
    write_values(&p("igo"), &t.igo, ints(i32::from))?;
    write_values(&p("arms"), &t.arms, |rows| {
        Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.1)))
    })?;
    write_values(&p("mme"), &t.mme, ints(|v: u32| v as i32))?;
    write_values(&p("jme"), &t.jme, ints(|v: u32| v as i32))?;
    write_values(&p("mids"), &t.mids, ints(i32::from))?;
    let trade = sorted(&t.trade);
    let path = p("trade");
    let cols: Vec<(String, ArrayRef)> = vec![
        (
            "reporter".into(),
            Arc::new(Int16Array::from_iter_values(
                trade.iter().map(|r| r.0.0 as i16),
            )),
        ),
        (
            "partner".into(),
            Arc::new(Int16Array::from_iter_values(
                trade.iter().map(|r| r.0.1 as i16),
            )),
        ),
        (
            "exports".into(),
            Arc::new(BooleanArray::from_iter(trade.iter().map(|r| Some(r.0.2)))),
        ),
        (
            "year".into(),
            Arc::new(Int32Array::from_iter_values(trade.iter().map(|r| r.0.3))),
        ),
        (
            "value".into(),
            Arc::new(Float64Array::from_iter_values(trade.iter().map(|r| r.1))),
        ),
    ];
    write_batch(&path, &batch(&path, cols)?)?;
    let finance = sorted(&t.finance);
    let path = p("finance");
    let f = |k: usize| -> ArrayRef {
        Arc::new(Float64Array::from_iter_values(
            finance.iter().map(|r| r.1[k]),
        ))
    };
    let cols: Vec<(String, ArrayRef)> = vec![
        (
            "recipient".into(),
            Arc::new(Int16Array::from_iter_values(
                finance.iter().map(|r| r.0.0 as i16),
            )),
        ),
        (
            "year".into(),
            Arc::new(Int32Array::from_iter_values(finance.iter().map(|r| r.0.1))),
        ),
        ("oof".into(), f(0)),
        ("oda".into(), f(1)),
        ("vague".into(), f(2)),
    ];
    write_batch(&path, &batch(&path, cols)?)
}

fn column<'b>(b: &'b RecordBatch, name: &str, path: &Path) -> Result<&'b ArrayRef, StoreError> {
    b.column_by_name(name)
        .ok_or_else(|| perr(path, format!("column '{name}' missing")))
}

/// Reads a dyad-year table: for each batch, `values` turns it into a row reader
/// (columns looked up once per batch), called for each row index.
fn read_dyad_years<V, R: Fn(usize) -> V>(
    path: &Path,
    values: impl Fn(&RecordBatch) -> Result<R, StoreError>,
) -> Result<DyadYearMap<V>, StoreError> {
    let mut out = DyadYearMap::default();
    for b in read_batches(path)? {
        let (a, bb, y) = (
            column(&b, "a", path)?.as_primitive::<Int16Type>(),
            column(&b, "b", path)?.as_primitive::<Int16Type>(),
            column(&b, "year", path)?.as_primitive::<Int32Type>(),
        );
        let value = values(&b)?;
        out.reserve(b.num_rows());
        for i in 0..b.num_rows() {
            out.insert(
                (a.value(i) as u16, bb.value(i) as u16, y.value(i)),
                value(i),
            );
        }
    }
    Ok(out)
}

fn read_flags<const K: usize>(path: &Path) -> Result<DyadYearMap<[bool; K]>, StoreError> {
    read_dyad_years(path, |b| {
        let cols: Vec<BooleanArray> = (0..K)
            .map(|k| column(b, &format!("f{k}"), path).map(|c| c.as_boolean().clone()))
            .collect::<Result<_, _>>()?;
        Ok(move |i: usize| std::array::from_fn(|k| cols[k].value(i)))
    })
}

fn read_ints(path: &Path) -> Result<DyadYearMap<i32>, StoreError> {
    read_dyad_years(path, |b| {
        let v = column(b, "value", path)?
            .as_primitive::<Int32Type>()
            .clone();
        Ok(move |i: usize| v.value(i))
    })
}

/// Reads the tables written by [`write`] from the generation folder `dir`.
pub fn read(dir: &Path) -> Result<TieTables, StoreError> {
    let p = |name: &str| dir.join(format!("{name}.parquet"));
    let narrow = |m: DyadYearMap<i32>| -> DyadYearMap<u32> {
        m.into_iter().map(|(k, v)| (k, v as u32)).collect()
    };
    let arms_path = p("arms");
    let arms = read_dyad_years(&arms_path, |b| {
        let v = column(b, "value", &arms_path)?
            .as_primitive::<Float64Type>()
            .clone();
        Ok(move |i: usize| v.value(i))
    })?;
    let mut trade = FastMap::default();
    let path = p("trade");
    for b in read_batches(&path)? {
        trade.reserve(b.num_rows());
        let (r, q, e, y, v) = (
            column(&b, "reporter", &path)?.as_primitive::<Int16Type>(),
            column(&b, "partner", &path)?.as_primitive::<Int16Type>(),
            column(&b, "exports", &path)?.as_boolean(),
            column(&b, "year", &path)?.as_primitive::<Int32Type>(),
            column(&b, "value", &path)?.as_primitive::<Float64Type>(),
        );
        for i in 0..b.num_rows() {
            trade.insert(
                (r.value(i) as u16, q.value(i) as u16, e.value(i), y.value(i)),
                v.value(i),
            );
        }
    }
    let mut finance = FastMap::default();
    let path = p("finance");
    for b in read_batches(&path)? {
        let (r, y) = (
            column(&b, "recipient", &path)?.as_primitive::<Int16Type>(),
            column(&b, "year", &path)?.as_primitive::<Int32Type>(),
        );
        let f = |n: &str| column(&b, n, &path).map(|c| c.as_primitive::<Float64Type>().clone());
        let (oof, oda, vague) = (f("oof")?, f("oda")?, f("vague")?);
        for i in 0..b.num_rows() {
            finance.insert(
                (r.value(i) as u16, y.value(i)),
                [oof.value(i), oda.value(i), vague.value(i)],
            );
        }
    }
    Ok(TieTables {
        atop: read_flags(&p("atop"))?,
        cow_alliances: read_flags(&p("cow_alliances"))?,
        igo: read_ints(&p("igo"))?
            .into_iter()
            .map(|(k, v)| (k, v as u16))
            .collect(),
        arms,
        mme: narrow(read_ints(&p("mme"))?),
        jme: narrow(read_ints(&p("jme"))?),
        mids: read_ints(&p("mids"))?
            .into_iter()
            .map(|(k, v)| (k, v as u8))
            .collect(),
        trade,
        finance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tie_tables_round_trip() {
        let mut t = TieTables::default();
        t.atop
            .insert((710, 365, 2001), [false, false, false, true, true]);
        t.cow_alliances
            .insert((365, 710, 2001), [true, false, false, false]);
        t.igo.insert((365, 710, 2001), 41);
        t.arms.insert((365, 710, 2016), 1234.5);
        t.mme.insert((365, 710, 2005), 1);
        t.jme.insert((365, 710, 2005), 2);
        t.mids.insert((365, 710, 1969), 4);
        t.trade.insert((710, 365, true, 2019), 50.25);
        t.trade.insert((710, 0, false, 2019), 2000.0);
        t.finance.insert((365, 2015), [1.0, 0.5, 0.0]);
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &t).unwrap();
        assert_eq!(read(dir.path()).unwrap(), t);
        // An empty table round-trips too.
        let empty = TieTables::default();
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &empty).unwrap();
        assert_eq!(read(dir.path()).unwrap(), empty);
    }
}
