//! The tie datasets' plain dyad-year tables (`entente_core::ties::TieTables`) cached as
//! Parquet, one file per table in a generation of the `ties` table set:
//! `atop`, `cow_alliances` (`a`, `b` i16, `year` i32, flags `f0`… bool), `igo`, `mme`,
//! `jme`, `mids`, `dispute_severity`, `conflicts`, `liquidity` (… `value` i32), `arms` (… `value` f64), `trade` (`reporter`,
//! `partner` i16, `exports` bool, `year` i32, `value` f64), `events` (… ICEWS counts
//! `verbal_coop`, `material_coop`, `verbal_conflict`, `material_conflict` i32),
//! `events_covered` (`code` i16), `finance` (`recipient` i16, `year` i32, `oof`, `oda`,
//! `vague` f64). Rows in key order, so the files are the
//! same for the same data.

use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int16Type, Int32Type};
use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int16Array, Int32Array, RecordBatch};
use arrow_schema::{Field, Schema};
use entente_core::ties::{DyadTable, DyadYearTable, FastMap, TieTables, TradeCells};

use crate::cache::StoreError;
use crate::parquet::{perr, read_batches, write_batch};

fn batch(path: &Path, cols: Vec<(&str, ArrayRef)>) -> Result<RecordBatch, StoreError> {
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), false))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|c| c.1).collect())
        .map_err(|e| perr(path, e))
}

fn i16s(it: impl Iterator<Item = u16>) -> ArrayRef {
    Arc::new(Int16Array::from_iter_values(it.map(|v| v as i16)))
}

fn i32s(it: impl Iterator<Item = i32>) -> ArrayRef {
    Arc::new(Int32Array::from_iter_values(it))
}

fn f64s(it: impl Iterator<Item = f64>) -> ArrayRef {
    Arc::new(Float64Array::from_iter_values(it))
}

fn bools(it: impl Iterator<Item = bool>) -> ArrayRef {
    Arc::new(BooleanArray::from_iter(it.map(Some)))
}

/// The key columns `a`, `b`, `year` of a dyad-year table (in its key order).
fn key_columns<V>(t: &DyadYearTable<V>) -> Vec<(&'static str, ArrayRef)> {
    vec![
        ("a", i16s(t.iter().map(|r| r.0.0))),
        ("b", i16s(t.iter().map(|r| r.0.1))),
        ("year", i32s(t.iter().map(|r| r.1))),
    ]
}

fn write_flags<const K: usize>(
    path: &Path,
    t: &DyadYearTable<[bool; K]>,
) -> Result<(), StoreError> {
    let mut cols = key_columns(t);
    const NAMES: [&str; 5] = ["f0", "f1", "f2", "f3", "f4"];
    for (k, name) in NAMES.iter().enumerate().take(K) {
        cols.push((name, bools(t.iter().map(|r| r.2[k]))));
    }
    write_batch(path, &batch(path, cols)?)
}

/// Writes a dyad-year table with one i32 `value` column.
fn write_ints<V: Copy>(
    path: &Path,
    t: &DyadYearTable<V>,
    to: impl Fn(V) -> i32,
) -> Result<(), StoreError> {
    let mut cols = key_columns(t);
    cols.push(("value", i32s(t.iter().map(|r| to(*r.2)))));
    write_batch(path, &batch(path, cols)?)
}

/// Writes every table into the generation folder `dir`.
pub fn write(dir: &Path, t: &TieTables) -> Result<(), StoreError> {
    let p = |name: &str| dir.join(format!("{name}.parquet"));
    write_flags(&p("atop"), &t.atop)?;
    write_flags(&p("cow_alliances"), &t.cow_alliances)?;
    write_ints(&p("igo"), &t.igo, i32::from)?;
    let path = p("arms");
    let mut cols = key_columns(&t.arms);
    cols.push(("value", f64s(t.arms.iter().map(|r| *r.2))));
    write_batch(&path, &batch(&path, cols)?)?;
    write_ints(&p("mme"), &t.mme, |v: u32| v as i32)?;
    write_ints(&p("jme"), &t.jme, |v: u32| v as i32)?;
    write_ints(&p("mids"), &t.mids, i32::from)?;
    write_ints(&p("conflicts"), &t.conflicts, i32::from)?;
    write_ints(&p("dispute_severity"), &t.dispute_severity, i32::from)?;
    write_ints(&p("liquidity"), &t.liquidity, i32::from)?;
    let path = p("events");
    let mut cols = key_columns(&t.events);
    for (k, name) in EVENT_COLUMNS.iter().enumerate() {
        cols.push((name, i32s(t.events.iter().map(|r| r.2[k] as i32))));
    }
    write_batch(&path, &batch(&path, cols)?)?;
    let path = p("events_covered");
    let cols = vec![("code", i16s(t.events_covered.iter().copied()))];
    write_batch(&path, &batch(&path, cols)?)?;
    let path = p("trade");
    let trade = &t.trade;
    let cols = vec![
        ("reporter", i16s(trade.iter().map(|r| r.0.0))),
        ("partner", i16s(trade.iter().map(|r| r.0.1))),
        ("exports", bools(trade.iter().map(|r| r.1.0))),
        ("year", i32s(trade.iter().map(|r| r.1.1))),
        ("value", f64s(trade.iter().map(|r| *r.2))),
    ];
    write_batch(&path, &batch(&path, cols)?)?;
    let mut finance: Vec<_> = t.finance.iter().map(|(k, v)| (*k, *v)).collect();
    finance.sort_unstable_by_key(|r| r.0);
    let path = p("finance");
    let f = |k: usize| f64s(finance.iter().map(|r| r.1[k]));
    let cols = vec![
        ("recipient", i16s(finance.iter().map(|r| r.0.0))),
        ("year", i32s(finance.iter().map(|r| r.0.1))),
        ("oof", f(0)),
        ("oda", f(1)),
        ("vague", f(2)),
    ];
    write_batch(&path, &batch(&path, cols)?)
}

/// The ICEWS count columns of `events`, in `TieTables::events` order.
const EVENT_COLUMNS: [&str; 4] = [
    "verbal_coop",
    "material_coop",
    "verbal_conflict",
    "material_conflict",
];

fn read_events(path: &Path) -> Result<DyadYearTable<[u32; 4]>, StoreError> {
    read_dyad_years(path, |b| {
        let cols: Vec<Int32Array> = EVENT_COLUMNS
            .iter()
            .map(|n| column(b, n, path).map(|c| c.as_primitive::<Int32Type>().clone()))
            .collect::<Result<_, _>>()?;
        Ok(move |i: usize| std::array::from_fn(|k| cols[k].value(i) as u32))
    })
}

fn read_codes(path: &Path) -> Result<Vec<u16>, StoreError> {
    let mut out = Vec::new();
    for b in read_batches(path)? {
        let c = column(&b, "code", path)?.as_primitive::<Int16Type>();
        out.extend(c.values().iter().map(|&v| v as u16));
    }
    Ok(out)
}

fn column<'b>(b: &'b RecordBatch, name: &str, path: &Path) -> Result<&'b ArrayRef, StoreError> {
    b.column_by_name(name)
        .ok_or_else(|| perr(path, format!("column '{name}' missing")))
}

/// A table from its columns, which must be in key order as [`write`] leaves them.
fn sorted<R: Copy + Ord, V>(
    path: &Path,
    pairs: Vec<(u16, u16)>,
    rest: Vec<R>,
    values: Vec<V>,
) -> Result<DyadTable<R, V>, StoreError> {
    DyadTable::from_sorted(pairs, rest, values).ok_or_else(|| {
        perr(
            path,
            "rows are not in key order (written by another version?)",
        )
    })
}

/// Reads a dyad-year table: for each batch, `values` turns it into a row reader
/// (columns looked up once per batch), called for each row index.
fn read_dyad_years<V, R: Fn(usize) -> V>(
    path: &Path,
    values: impl Fn(&RecordBatch) -> Result<R, StoreError>,
) -> Result<DyadYearTable<V>, StoreError> {
    let (mut pairs, mut years, mut out) = (Vec::new(), Vec::new(), Vec::new());
    for b in read_batches(path)? {
        let (a, bb, y) = (
            column(&b, "a", path)?.as_primitive::<Int16Type>(),
            column(&b, "b", path)?.as_primitive::<Int16Type>(),
            column(&b, "year", path)?.as_primitive::<Int32Type>(),
        );
        let value = values(&b)?;
        pairs.extend(
            a.values()
                .iter()
                .zip(bb.values())
                .map(|(&x, &z)| (x as u16, z as u16)),
        );
        years.extend_from_slice(y.values());
        out.extend((0..b.num_rows()).map(&value));
    }
    sorted(path, pairs, years, out)
}

fn read_flags<const K: usize>(path: &Path) -> Result<DyadYearTable<[bool; K]>, StoreError> {
    read_dyad_years(path, |b| {
        let cols: Vec<BooleanArray> = (0..K)
            .map(|k| column(b, &format!("f{k}"), path).map(|c| c.as_boolean().clone()))
            .collect::<Result<_, _>>()?;
        Ok(move |i: usize| std::array::from_fn(|k| cols[k].value(i)))
    })
}

/// Reads a table with an i32 `value` column, converted by `to`.
fn read_ints<V>(path: &Path, to: impl Fn(i32) -> V + Copy) -> Result<DyadYearTable<V>, StoreError> {
    read_dyad_years(path, |b| {
        let v = column(b, "value", path)?
            .as_primitive::<Int32Type>()
            .clone();
        Ok(move |i: usize| to(v.value(i)))
    })
}

/// Reads a table with an f64 `value` column.
fn read_floats(path: &Path) -> Result<DyadYearTable<f64>, StoreError> {
    read_dyad_years(path, |b| {
        let v = column(b, "value", path)?
            .as_primitive::<Float64Type>()
            .clone();
        Ok(move |i: usize| v.value(i))
    })
}

fn read_trade(path: &Path) -> Result<TradeCells, StoreError> {
    let (mut pairs, mut rest, mut values) = (Vec::new(), Vec::new(), Vec::new());
    for b in read_batches(path)? {
        let (r, q, e, y, v) = (
            column(&b, "reporter", path)?.as_primitive::<Int16Type>(),
            column(&b, "partner", path)?.as_primitive::<Int16Type>(),
            column(&b, "exports", path)?.as_boolean(),
            column(&b, "year", path)?.as_primitive::<Int32Type>(),
            column(&b, "value", path)?.as_primitive::<Float64Type>(),
        );
        pairs.extend(
            r.values()
                .iter()
                .zip(q.values())
                .map(|(&x, &z)| (x as u16, z as u16)),
        );
        rest.extend(e.values().iter().zip(y.values()).map(|(e, &y)| (e, y)));
        values.extend_from_slice(v.values());
    }
    sorted(path, pairs, rest, values)
}

fn read_finance(path: &Path) -> Result<FastMap<(u16, i32), [f64; 3]>, StoreError> {
    let mut finance = FastMap::default();
    for b in read_batches(path)? {
        let (r, y) = (
            column(&b, "recipient", path)?.as_primitive::<Int16Type>(),
            column(&b, "year", path)?.as_primitive::<Int32Type>(),
        );
        let f = |n: &str| column(&b, n, path).map(|c| c.as_primitive::<Float64Type>().clone());
        let (oof, oda, vague) = (f("oof")?, f("oda")?, f("vague")?);
        for i in 0..b.num_rows() {
            finance.insert(
                (r.value(i) as u16, y.value(i)),
                [oof.value(i), oda.value(i), vague.value(i)],
            );
        }
    }
    Ok(finance)
}

/// Reads the tables written by [`write`] from the generation folder `dir` (the files
/// side by side).
pub fn read(dir: &Path) -> Result<TieTables, StoreError> {
    let p = |name: &str| dir.join(format!("{name}.parquet"));
    // The three large tables on threads of their own, the others meanwhile.
    let (mut trade, mut igo, mut atop, mut rest) = (None, None, None, None);
    rayon::scope(|s| {
        s.spawn(|_| trade = Some(read_trade(&p("trade"))));
        s.spawn(|_| igo = Some(read_ints(&p("igo"), |v| v as u16)));
        s.spawn(|_| atop = Some(read_flags(&p("atop"))));
        rest = Some(read_small(&p));
    });
    let ran = "every read runs inside the scope";
    Ok(TieTables {
        trade: trade.expect(ran)?,
        igo: igo.expect(ran)?,
        atop: atop.expect(ran)?,
        ..rest.expect(ran)?
    })
}

/// The tables other than trade, IGO and ATOP (`p`: a table's path).
fn read_small(p: &dyn Fn(&str) -> std::path::PathBuf) -> Result<TieTables, StoreError> {
    Ok(TieTables {
        cow_alliances: read_flags(&p("cow_alliances"))?,
        arms: read_floats(&p("arms"))?,
        mme: read_ints(&p("mme"), |v| v as u32)?,
        jme: read_ints(&p("jme"), |v| v as u32)?,
        mids: read_ints(&p("mids"), |v| v as u8)?,
        conflicts: read_ints(&p("conflicts"), |v| v as u8)?,
        dispute_severity: read_ints(&p("dispute_severity"), |v| v as u8)?,
        liquidity: read_ints(&p("liquidity"), |v| v as u8)?,
        events: read_events(&p("events"))?,
        events_covered: read_codes(&p("events_covered"))?,
        finance: read_finance(&p("finance"))?,
        ..TieTables::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tie_tables_round_trip() {
        let mut t = TieTables {
            atop: [((710, 365, 2001), [false, false, false, true, true])]
                .into_iter()
                .collect(),
            cow_alliances: [((365, 710, 2001), [true, false, false, false])]
                .into_iter()
                .collect(),
            igo: [
                ((365, 710, 2001), 41),
                ((365, 710, 2000), 40),
                ((2, 20, 2001), 90),
            ]
            .into_iter()
            .collect(),
            arms: [((365, 710, 2016), 1234.5)].into_iter().collect(),
            mme: [((365, 710, 2005), 1)].into_iter().collect(),
            jme: [((365, 710, 2005), 2)].into_iter().collect(),
            mids: [((365, 710, 1969), 4)].into_iter().collect(),
            conflicts: [((365, 369, 2022), 3)].into_iter().collect(),
            dispute_severity: [((365, 710, 1969), 10)].into_iter().collect(),
            liquidity: [((365, 710, 2014), 1)].into_iter().collect(),
            trade: [
                ((710, 365, true, 2019), 50.25),
                ((710, 0, false, 2019), 2000.0),
            ]
            .into_iter()
            .collect(),
            events: [((365, 710, 2010), [5, 1, 2, 0])].into_iter().collect(),
            events_covered: vec![365, 710],
            ..TieTables::default()
        };
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
