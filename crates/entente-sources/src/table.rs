//! Reading delimited text files in their published form: gzip or plain, UTF-8
//! with or without BOM, LF or CRLF, quoted fields spanning lines. Columns are
//! addressed by header name, and every error names file, line and field.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Result, SourceError};

/// Reads a whole file, gunzipping `.gz` files, and decodes it as UTF-8 without BOM.
pub fn read_text(path: &Path) -> Result<String> {
    decode_utf8(path, read_bytes(path)?)
}

/// Reads a whole Latin-1 (ISO-8859-1) file, gunzipping `.gz` files: every byte is
/// the code point of the same value, so decoding cannot fail.
pub fn read_latin1(path: &Path) -> Result<String> {
    Ok(read_bytes(path)?.into_iter().map(char::from).collect())
}

/// The bytes of a file, gunzipped when it starts with the gzip magic number.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).map_err(|source| SourceError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 6);
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| SourceError::Compressed {
                file: path.to_path_buf(),
                detail: e.to_string(),
            })?;
        out
    } else {
        raw
    };
    Ok(bytes)
}

fn decode_utf8(path: &Path, mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        SourceError::Record {
            file: path.to_path_buf(),
            line,
            message: format!("invalid UTF-8 at byte {at}"),
        }
    })
}

/// A delimited table held in memory, with columns addressed by name.
pub struct Table {
    pub file: PathBuf,
    headers: Vec<String>,
    index: HashMap<String, usize>,
    text: String,
    delimiter: u8,
    /// Lines before the header (a preamble), added to every row's line number.
    preamble: u64,
}

/// One record with its line number, for error messages.
pub struct Row<'t> {
    table: &'t Table,
    pub line: u64,
    /// The fields as bytes: the text is UTF-8 already (a `String`), so only the fields
    /// asked for are checked again, not every field of every row.
    record: csv::ByteRecord,
}

impl Table {
    /// Opens a comma-separated file.
    pub fn open(path: &Path) -> Result<Table> {
        Self::open_with(path, b',')
    }

    pub fn open_with(path: &Path, delimiter: u8) -> Result<Table> {
        let text = read_text(path)?;
        Self::from_text(path, text, delimiter)
    }

    /// Builds a table from text already read (used by tests and property tests).
    pub fn from_text(path: &Path, text: String, delimiter: u8) -> Result<Table> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(|h| h.to_string())
            .collect();
        if headers.iter().all(|h| h.is_empty()) {
            return Err(SourceError::Record {
                file: path.to_path_buf(),
                line: 1,
                message: "empty file or missing header row".into(),
            });
        }
        let index = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_string(), i))
            .collect();
        Ok(Table {
            file: path.to_path_buf(),
            headers,
            index,
            text,
            delimiter,
            preamble: 0,
        })
    }

    /// Opens a comma-separated file whose header is the first line starting with
    /// `header_start`, after a preamble of notes (SIPRI's exports); row line numbers stay
    /// those of the file.
    pub fn open_after_preamble(path: &Path, header_start: &str) -> Result<Table> {
        let text = read_text(path)?;
        let mut offset = 0;
        for (preamble, line) in text.split_inclusive('\n').enumerate() {
            if line.starts_with(header_start) {
                let mut t = Self::from_text(path, text[offset..].to_string(), b',')?;
                t.preamble = preamble as u64;
                return Ok(t);
            }
            offset += line.len();
        }
        Err(SourceError::Record {
            file: path.to_path_buf(),
            line: 1,
            message: format!("no header line starting with '{header_start}'"),
        })
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Index of a required column.
    pub fn col(&self, name: &str) -> Result<usize> {
        self.index.get(name).copied().ok_or_else(|| {
            SourceError::field(
                &self.file,
                1,
                name,
                format!(
                    "column missing from the header (found: {})",
                    self.headers.join(", ")
                ),
            )
        })
    }

    /// Index of an optional column.
    pub fn col_opt(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Visits every data row in order; stops at the first error.
    pub fn for_each(&self, mut f: impl FnMut(&Row<'_>) -> Result<()>) -> Result<()> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        let mut record = csv::ByteRecord::new();
        // Physical line numbers from byte offsets (csv's own count skips blank lines).
        let bytes = self.text.as_bytes();
        let (mut at, mut line) = (0usize, 1u64);
        loop {
            match rdr.read_byte_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {
                    if let Some(p) = record.position() {
                        let mut to = (p.byte() as usize).min(bytes.len());
                        // A record never starts with a line break: skip blank lines.
                        while to < bytes.len() && matches!(bytes[to], b'\r' | b'\n') {
                            to += 1;
                        }
                        if to >= at {
                            line += bytes[at..to].iter().filter(|&&b| b == b'\n').count() as u64;
                            at = to;
                        }
                    }
                    if record.len() == 1 && record.get(0) == Some(b"") {
                        continue; // blank line
                    }
                    let row = Row {
                        table: self,
                        line: line + self.preamble,
                        record: std::mem::take(&mut record),
                    };
                    f(&row)?;
                    record = row.record;
                }
                Err(e) => {
                    return Err(match csv_error(&self.file, e) {
                        SourceError::Record {
                            file,
                            line,
                            message,
                        } => SourceError::Record {
                            file,
                            line: line + self.preamble,
                            message,
                        },
                        other => other,
                    });
                }
            }
        }
    }
}

fn csv_error(path: &Path, e: csv::Error) -> SourceError {
    let line = e.position().map_or(0, |p| p.line());
    SourceError::Record {
        file: path.to_path_buf(),
        line,
        message: e.to_string(),
    }
}

impl Row<'_> {
    /// A required field (it may be empty).
    pub fn get(&self, col: usize) -> Result<&str> {
        let bytes = self.record.get(col).ok_or_else(|| {
            let name = self.table.headers.get(col).map_or("?", |s| s.as_str());
            SourceError::field(
                &self.table.file,
                self.line,
                name,
                format!(
                    "missing (the row has {} of {} fields)",
                    self.record.len(),
                    self.table.headers.len()
                ),
            )
        })?;
        if self.table.delimiter.is_ascii() {
            debug_assert!(std::str::from_utf8(bytes).is_ok());
            // SAFETY: the field's bytes come from the table's text, a `String`, split by
            // the CSV reader at the delimiter, quotes and line ends — all ASCII here —
            // and with only quote bytes removed. An ASCII byte is never part of a UTF-8
            // multi-byte sequence, so each field is whole UTF-8 sequences: valid UTF-8.
            return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
        }
        std::str::from_utf8(bytes).map_err(|_| self.error(col, "not UTF-8 text".to_string()))
    }

    /// A required field, trimmed; `None` when empty or `NA`.
    pub fn opt(&self, col: usize) -> Result<Option<&str>> {
        let v = self.get(col)?.trim();
        Ok((!v.is_empty() && v != "NA").then_some(v))
    }

    /// A required, non-empty field parsed as `T`.
    pub fn parse<T: std::str::FromStr>(&self, col: usize) -> Result<T> {
        let v = self.get(col)?.trim();
        v.parse()
            .map_err(|_| self.error(col, format!("expected a number, found '{v}'")))
    }

    /// An optional field parsed as `T` (empty or `NA` → `None`).
    pub fn parse_opt<T: std::str::FromStr>(&self, col: usize) -> Result<Option<T>> {
        match self.opt(col)? {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| self.error(col, format!("expected a number, found '{v}'"))),
        }
    }

    /// A required date `YYYY-MM-DD`.
    pub fn date(&self, col: usize) -> Result<entente_core::Date> {
        let v = self.get(col)?.trim();
        entente_core::Date::parse(v)
            .ok_or_else(|| self.error(col, format!("expected a date YYYY-MM-DD, found '{v}'")))
    }

    /// An error about a field of this row.
    pub fn error(&self, col: usize, message: impl Into<String>) -> SourceError {
        let name = self.table.headers.get(col).map_or("?", |s| s.as_str());
        SourceError::field(&self.table.file, self.line, name, message)
    }

    /// The number of fields in this record.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn rows_carry_their_line_numbers() {
        let t =
            Table::from_text(Path::new("x.csv"), "a,b\n1,2\n3,4\n\n5,6\n".into(), b',').unwrap();
        let mut lines = Vec::new();
        t.for_each(|r| {
            lines.push(r.line);
            Ok(())
        })
        .unwrap();
        assert_eq!(lines, [2, 3, 5]);
        let t = Table::from_text(Path::new("x.csv"), "a,b\r\n1,2\r\n3,4\r\n".into(), b',').unwrap();
        let mut lines = Vec::new();
        t.for_each(|r| {
            lines.push(r.line);
            Ok(())
        })
        .unwrap();
        assert_eq!(lines, [2, 3]);
    }
}
