//! Output in the formats users expect: aligned tables for people, CSV and JSON
//! for machines, Parquet for bulk tables. Column names are stable.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};

/// `--format`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Parquet,
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Str(String),
    Int(i64),
    /// A measure; `None` is missing (printed empty / null, never 0).
    Num(Option<f64>),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Str(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Str(s)
    }
}
impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}
impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Self {
        Cell::Num(v)
    }
}

/// A table of results with stable column names, plus the sources to cite.
#[derive(Debug, Default)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Printed under the table (people's format only).
    pub notes: Vec<String>,
}

impl Rows {
    pub fn new(columns: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Rows {
            columns: columns.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Writes in `format`; Parquet needs `out`. Machine formats carry no notes, so their
    /// notes (coverage, sources, cautions) go to stderr; a file written with `--out` is
    /// reported there in one line (path, rows, size).
    /// The sum of an integer column (0 when there is none).
    pub fn sum_int(&self, column: &str) -> i64 {
        let Some(k) = self.columns.iter().position(|c| c == column) else {
            return 0;
        };
        self.rows
            .iter()
            .filter_map(|r| match r.get(k) {
                Some(Cell::Int(v)) => Some(*v),
                _ => None,
            })
            .sum()
    }

    pub fn write(&self, format: Format, out: Option<&Path>) -> Result<()> {
        if format == Format::Parquet {
            let path =
                out.ok_or_else(|| crate::context::user_error("--format parquet needs --out FILE"))?;
            self.write_parquet(path)?;
        } else {
            let mut buf: Vec<u8> = Vec::new();
            match format {
                Format::Table => self.write_table(&mut buf)?,
                Format::Csv => self.write_csv(&mut buf)?,
                Format::Json => self.write_json(&mut buf)?,
                Format::Parquet => unreachable!(),
            }
            match out {
                Some(p) => write_file(p, |f| Ok(f.write_all(&buf)?))?,
                None => std::io::stdout().lock().write_all(&buf)?,
            }
        }
        let mut err = std::io::stderr().lock();
        if format != Format::Table {
            for n in &self.notes {
                writeln!(err, "{n}")?;
            }
        }
        if let Some(p) = out {
            writeln!(err, "{}", wrote(p, Some(self.rows.len())))?;
        }
        Ok(())
    }

    fn write_table(&self, w: &mut impl Write) -> Result<()> {
        let text = |c: &Cell| match c {
            Cell::Str(s) => s.clone(),
            Cell::Int(v) => v.to_string(),
            Cell::Num(Some(v)) => format!("{v:.3}"),
            Cell::Num(None) => "–".to_string(),
        };
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(text).collect())
            .collect();
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
        for r in &cells {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let right = |i: usize| {
            self.rows
                .first()
                .is_some_and(|r| !matches!(r[i], Cell::Str(_)))
        };
        let line = |w: &mut dyn Write, vals: &[String]| -> std::io::Result<()> {
            let mut s = String::new();
            for (i, v) in vals.iter().enumerate() {
                let pad = widths[i].saturating_sub(v.chars().count());
                if i > 0 {
                    s.push_str("  ");
                }
                if right(i) {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(v);
                } else {
                    s.push_str(v);
                    if i + 1 < vals.len() {
                        s.push_str(&" ".repeat(pad));
                    }
                }
            }
            writeln!(w, "{}", s.trim_end())
        };
        line(w, &self.columns)?;
        for r in &cells {
            line(w, r)?;
        }
        if self.rows.is_empty() {
            writeln!(w, "(no rows)")?;
        }
        for n in &self.notes {
            writeln!(w, "{n}")?;
        }
        Ok(())
    }

    fn write_csv(&self, w: &mut impl Write) -> Result<()> {
        let mut wr = csv::Writer::from_writer(w);
        wr.write_record(&self.columns)?;
        for r in &self.rows {
            wr.write_record(r.iter().map(|c| match c {
                Cell::Str(s) => s.clone(),
                Cell::Int(v) => v.to_string(),
                Cell::Num(Some(v)) => v.to_string(),
                Cell::Num(None) => String::new(),
            }))?;
        }
        wr.flush()?;
        Ok(())
    }

    /// `{"rows": [{column: value, …}, …], "notes": [sentence, …]}`.
    fn write_json(&self, w: &mut impl Write) -> Result<()> {
        let arr: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|r| {
                let obj: serde_json::Map<String, serde_json::Value> = self
                    .columns
                    .iter()
                    .zip(r)
                    .map(|(k, c)| {
                        let v = match c {
                            Cell::Str(s) => serde_json::Value::from(s.as_str()),
                            Cell::Int(v) => serde_json::Value::from(*v),
                            Cell::Num(Some(v)) => serde_json::Value::from(*v),
                            Cell::Num(None) => serde_json::Value::Null,
                        };
                        (k.clone(), v)
                    })
                    .collect();
                serde_json::Value::Object(obj)
            })
            .collect();
        // The rows, and the notes (sources, coverage, cautions) as a field: nothing the
        // table format prints is lost to a machine reader.
        let doc = serde_json::json!({ "rows": arr, "notes": self.notes });
        serde_json::to_writer_pretty(&mut *w, &doc)?;
        writeln!(w)?;
        Ok(())
    }

    fn write_parquet(&self, path: &Path) -> Result<()> {
        let mut fields = Vec::new();
        let mut cols: Vec<ArrayRef> = Vec::new();
        for (i, name) in self.columns.iter().enumerate() {
            let kind = self
                .rows
                .iter()
                .map(|r| &r[i])
                .find(|c| !matches!(c, Cell::Num(None)));
            let (dt, arr): (DataType, ArrayRef) = match kind {
                Some(Cell::Str(_)) => (
                    DataType::Utf8,
                    Arc::new(StringArray::from_iter(self.rows.iter().map(|r| {
                        match &r[i] {
                            Cell::Str(s) => Some(s.clone()),
                            _ => None,
                        }
                    }))),
                ),
                Some(Cell::Int(_)) => (
                    DataType::Int64,
                    Arc::new(Int64Array::from_iter(self.rows.iter().map(|r| {
                        match &r[i] {
                            Cell::Int(v) => Some(*v),
                            _ => None,
                        }
                    }))),
                ),
                _ => (
                    DataType::Float64,
                    Arc::new(Float64Array::from_iter(self.rows.iter().map(
                        |r| match &r[i] {
                            Cell::Num(v) => *v,
                            _ => None,
                        },
                    ))),
                ),
            };
            fields.push(Field::new(name, dt, true));
            cols.push(arr);
        }
        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)?;
        write_file(path, |f| {
            entente_store::parquet::write_batch_to(
                f,
                &batch,
                entente_store::parquet::Compress::Table,
            )
            .map_err(anyhow::Error::from)
        })
    }
}

/// Writes an output file atomically (entente-store's `atomic`): a temporary file in
/// the target folder, filled by `fill`, synced and renamed over `path` with mode 0644;
/// a symbolic link's target is replaced, a special file (`/dev/stdout`, a pipe) written
/// through. An interrupted run leaves the old file or none, never half of one.
/// "wrote PATH: N rows, SIZE" for a file just written (rows when known; the size from
/// the file system, none for special files such as /dev/stdout).
pub fn wrote(path: &Path, rows: Option<usize>) -> String {
    let mut parts = Vec::new();
    if let Some(n) = rows {
        parts.push(format!("{n} row{}", if n == 1 { "" } else { "s" }));
    }
    if let Some(m) = std::fs::metadata(path).ok().filter(|m| m.is_file()) {
        parts.push(human_size(m.len()));
    }
    format!("wrote {}: {}", path.display(), parts.join(", "))
}

/// Bytes as "812 B", "4.2 KiB", "113.0 MiB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// Checks an `--out` path before any work (clap's value parser, so a bad path exits 2 at
/// once): its folder exists and it is not itself a folder.
pub fn out_path(s: &str) -> std::result::Result<std::path::PathBuf, String> {
    let p = std::path::PathBuf::from(s);
    if s.trim().is_empty() {
        return Err("give a file name".into());
    }
    if p.is_dir() {
        return Err(format!("{s} is a folder; give a file name in it"));
    }
    let dir = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(format!(
            "the folder {} does not exist; create it first",
            dir.display()
        ));
    }
    Ok(p)
}

/// Writes `--out` atomically (see [`write_file`]) and reports it on stderr in one line.
pub fn persist_output(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    write_file(path, fill)?;
    eprintln!("{}", wrote(path, None));
    Ok(())
}

fn write_file(path: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    entente_store::atomic::write_unsynced_with(path, |f| {
        fill(f).with_context(|| format!("writing {}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(4300), "4.2 KiB");
        assert_eq!(human_size(113 * 1024 * 1024), "113.0 MiB");
    }
}
