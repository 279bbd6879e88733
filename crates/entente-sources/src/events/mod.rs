//! Event files in their official layouts (see `gdelt/SOURCE.md`, `icews/SOURCE.md`):
//! GDELT 1.0 historical backfiles (57 tab-separated fields, no header), GDELT 1.0
//! daily files (58, SOURCEURL last), GDELT 2.0 15-minute exports (61), and ICEWS
//! Dataverse `.tab` files (header row, 20 fields, `NA` for missing) — plain, `.gz` or
//! the upstream `.zip`. Files are streamed (1 MiB buffer); each row becomes an
//! [`Event`] when both actors' countries are states (only `Actor1CountryCode` and
//! `Actor2CountryCode` decide, never geography), and every row with a valid date
//! counts toward that day's total volume.

pub mod cameo;
pub mod gdelt;
pub mod totals;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use entente_core::Registry;
use entente_core::events::{Event, EventStats};

use crate::error::{Result, SourceError};

pub use cameo::Cameo;
pub use gdelt::Layout;

/// A small fast hasher (the FxHash multiply-rotate) for the aggregation maps and
/// source keys: SipHash's DoS resistance is not needed for keys read from files the
/// user chose, and on its own it was 3.5% of the ingest profile.
#[derive(Clone, Copy, Default)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ (rest.len() as u64) << 59);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        // A final avalanche so that low bits are usable by hash tables.
        let mut z = self.0;
        z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        z ^ (z >> 33)
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// Builds [`FxHasher`]s.
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// Per directed dyad-day statistics.
pub type DyadDayMap = HashMap<(u32, u16, u16), EventStats, FxBuild>;

/// A row that could not be read: its line and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Malformed {
    pub line: u64,
    pub reason: String,
}

/// Malformed rows kept for the report (all are counted).
pub const MALFORMED_KEPT: usize = 20;

/// What one file holds, aggregated: per directed dyad-day statistics of all events and
/// of the events left after de-duplication (same day, actors, event code and source
/// URL — or ICEWS story), total rows per day, and the malformed rows.
#[derive(Debug, Default)]
pub struct FileEvents {
    pub layout: Option<Layout>,
    /// Data rows read (excluding a header).
    pub rows: u64,
    /// Rows between two different states.
    pub dyad_rows: u64,
    pub malformed_count: u64,
    pub malformed: Vec<Malformed>,
    /// All rows with a valid date, per day (YYYYMMDD).
    pub volume: BTreeMap<u32, u64>,
    pub all: DyadDayMap,
    pub dedup: DyadDayMap,
    /// Whether rows carry a source (URL or story) to de-duplicate on.
    pub has_sources: bool,
    /// A digest of the content, independent of compression: every line, in order, and
    /// the row count (a row edited anywhere changes it).
    pub content_digest: u64,
    /// Every row between two states, in file order (only with [`Collect::Rows`], which
    /// leaves `all` and `dedup` empty).
    pub kept: Option<Vec<EventRow>>,
}

pub use entente_core::events::EventRow;

impl FileEvents {
    fn malformed(&mut self, path: &Path, strict: bool, line: u64, reason: String) -> Result<()> {
        if strict {
            return Err(SourceError::Record {
                file: path.to_path_buf(),
                line,
                message: format!("{reason} (--strict stops at the first malformed row)"),
            });
        }
        self.malformed_count += 1;
        if self.malformed.len() < MALFORMED_KEPT {
            self.malformed.push(Malformed { line, reason });
        }
        Ok(())
    }

    fn event(
        &mut self,
        line: u64,
        e: &Event,
        source_key: Option<u64>,
        seen: &mut HashSet<u64, FxBuild>,
    ) {
        self.dyad_rows += 1;
        let first = match source_key {
            Some(k) => seen.insert(k),
            None => true,
        };
        if let Some(kept) = &mut self.kept {
            kept.push(EventRow {
                line,
                event: *e,
                duplicate: !first,
            });
            return;
        }
        let key = (e.day, e.a, e.b);
        self.all.entry(key).or_default().add(e);
        if first {
            self.dedup.entry(key).or_default().add(e);
        }
    }
}

/// Actor country codes (CAMEO, three letters) → COW codes, as a flat table.
pub struct CountryCodes {
    table: Vec<u16>,
}

const NONE: u16 = u16::MAX;

impl CountryCodes {
    /// From the registry's CAMEO codes (CAMEO.country.txt matched to states).
    pub fn new(reg: &Registry) -> CountryCodes {
        let mut table = vec![NONE; 26 * 26 * 26];
        for c in reg.countries() {
            if let Some(code) = c.cameo.as_deref()
                && let Some(i) = Self::slot(code.as_bytes())
            {
                table[i] = c.ccode;
            }
        }
        CountryCodes { table }
    }

    fn slot(code: &[u8]) -> Option<usize> {
        if code.len() != 3 || !code.iter().all(u8::is_ascii_uppercase) {
            return None;
        }
        Some(
            code.iter()
                .fold(0usize, |acc, &b| acc * 26 + usize::from(b - b'A')),
        )
    }

    /// The state of a CAMEO country code (None: empty, a region or not a state).
    pub fn get(&self, code: &[u8]) -> Option<u16> {
        Self::slot(code)
            .map(|i| self.table[i])
            .filter(|&c| c != NONE)
    }
}

/// Opens an event file and hands its decompressed text to `f` as a stream: `.zip`
/// (the single member of an upstream archive), gzip (by magic bytes) or plain.
pub fn with_reader<T>(path: &Path, f: impl FnOnce(&mut dyn BufRead) -> Result<T>) -> Result<T> {
    with_reader_hashing(path, false, f).map(|(value, _)| value)
}

/// A file read through; with a hasher, every byte also fed to BLAKE3 in the order read.
struct HashTap {
    file: std::fs::File,
    hasher: Option<blake3::Hasher>,
}

impl Read for HashTap {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        if let Some(h) = &mut self.hasher {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

impl HashTap {
    /// The digest of the whole file (what was not read yet is read now), when hashing.
    fn finish(mut self) -> std::io::Result<Option<blake3::Hash>> {
        if self.hasher.is_none() {
            return Ok(None);
        }
        std::io::copy(&mut self, &mut std::io::sink())?;
        Ok(self.hasher.map(|h| h.finalize()))
    }
}

/// As [`with_reader`]; with `hash`, the BLAKE3 of the file's bytes (compressed as
/// stored) computed as they are read for `f`, so the file is read once, not once to
/// hash and once to parse. A `.zip` is not hashed this way (its reader seeks): `None`.
fn with_reader_hashing<T>(
    path: &Path,
    hash: bool,
    f: impl FnOnce(&mut dyn BufRead) -> Result<T>,
) -> Result<(T, Option<blake3::Hash>)> {
    let io = |source| SourceError::Io {
        file: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut magic = [0u8; 4];
    let n = file.read(&mut magic).map_err(io)?;
    drop(file);
    let file = std::fs::File::open(path).map_err(io)?;
    if n >= 4 && magic == *b"PK\x03\x04" {
        let mut archive = zip::ZipArchive::new(file).map_err(|e| SourceError::Compressed {
            file: path.to_path_buf(),
            detail: format!("not a readable zip archive ({e}); truncated download?"),
        })?;
        if archive.len() != 1 {
            return Err(SourceError::Compressed {
                file: path.to_path_buf(),
                detail: format!("expected one file in the archive, found {}", archive.len()),
            });
        }
        let member = archive.by_index(0).map_err(|e| SourceError::Compressed {
            file: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        let mut r = BufReader::with_capacity(1 << 20, member);
        return Ok((f(&mut r)?, None));
    }
    let tap = HashTap {
        file,
        hasher: hash.then(blake3::Hasher::new),
    };
    let (value, tap) = if n >= 2 && magic[..2] == [0x1f, 0x8b] {
        let mut r = BufReader::with_capacity(1 << 20, flate2::read::MultiGzDecoder::new(tap));
        (f(&mut r)?, r.into_inner().into_inner())
    } else {
        let mut r = BufReader::with_capacity(1 << 20, tap);
        (f(&mut r)?, r.into_inner())
    };
    Ok((value, tap.finish().map_err(io)?))
}

/// A read error in the middle of a stream: a truncated or corrupt archive.
pub(crate) fn stream_error(path: &Path, line: u64, e: std::io::Error) -> SourceError {
    SourceError::Compressed {
        file: path.to_path_buf(),
        detail: format!(
            "read failed after line {line} ({e}): truncated or corrupt file; nothing from it was kept"
        ),
    }
}

/// What [`read_file`] collects from the rows between two states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collect {
    /// Dyad-day totals of all rows and of the de-duplicated ones ([`FileEvents::all`],
    /// [`FileEvents::dedup`]): what the event store keeps.
    DyadDays,
    /// Every row in file order with its duplicate flag ([`FileEvents::kept`]), without
    /// the dyad-day totals: the `events` table of `entente export --events-from`.
    Rows,
}

/// Reads one event file (GDELT 1.0/2.0 or ICEWS, detected from its first line).
/// `strict` stops at the first malformed row; `collect` says what to keep of the rows
/// between two states (counts, volume and malformed rows are kept either way). With
/// `hash`, also the BLAKE3 of the file's bytes, computed as they are read (None for a
/// `.zip`, or without `hash`).
pub fn read_file(
    path: &Path,
    codes: &CountryCodes,
    reg: &Registry,
    cameo: &Cameo,
    strict: bool,
    collect: Collect,
    hash: bool,
) -> Result<(FileEvents, Option<blake3::Hash>)> {
    with_reader_hashing(path, hash, |r| {
        gdelt::read(path, r, codes, reg, cameo, strict, collect)
    })
}

/// The layout of a file from its first line (None: not an event file).
pub fn sniff(path: &Path) -> Result<Option<Layout>> {
    with_reader(path, |r| {
        let mut line = Vec::new();
        loop {
            line.clear();
            if r.read_until(b'\n', &mut line)
                .map_err(|e| stream_error(path, 0, e))?
                == 0
            {
                return Ok(None);
            }
            while matches!(line.last(), Some(b'\n' | b'\r')) {
                line.pop();
            }
            if !line.is_empty() {
                return Ok(gdelt::layout_of_first_line(&line));
            }
        }
    })
}

/// Files under `paths` (folders searched recursively) that look like event files:
/// `*.CSV`, `*.csv`, `*.tab`, `*.txt`, with `.gz` or `.zip`, sorted by path; the flag
/// says whether the file was named directly (true) or found in a folder (false).
pub fn find_files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, bool)>> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, bool)>) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|source| SourceError::Io {
            file: dir.to_path_buf(),
            source,
        })?;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out)?;
            } else if looks_like_events(&p) {
                out.push((p, false));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push((p.clone(), true));
        } else {
            return Err(SourceError::Io {
                file: p.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
    }
    out.sort();
    out.dedup_by(|x, y| x.0 == y.0);
    Ok(out)
}

fn looks_like_events(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let base = name.trim_end_matches(".gz").trim_end_matches(".zip");
    base.ends_with(".csv") || base.ends_with(".tab") || base.ends_with(".txt")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The digest made while reading is the whole file's, however little `f` reads,
    /// for plain and gzip files (the bytes as stored); a zip gives none.
    #[test]
    fn the_digest_made_while_reading_is_the_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let text: Vec<u8> = (0..300_000u32)
            .flat_map(|i| format!("{i}\tline {}\n", i * 7).into_bytes())
            .collect();
        let plain = dir.path().join("e.CSV");
        std::fs::write(&plain, &text).unwrap();
        let gz = dir.path().join("e.CSV.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&text).unwrap();
        std::fs::write(&gz, enc.finish().unwrap()).unwrap();
        for path in [&plain, &gz] {
            let want = blake3::hash(&std::fs::read(path).unwrap());
            for lines in [1usize, 1000, usize::MAX] {
                let (read, hash) = with_reader_hashing(path, true, |r| {
                    let mut got = Vec::new();
                    for _ in 0..lines {
                        if r.read_until(b'\n', &mut got).unwrap() == 0 {
                            break;
                        }
                    }
                    Ok(got)
                })
                .unwrap();
                assert!(text.starts_with(&read) && !read.is_empty());
                assert_eq!(hash, Some(want), "{} after {lines} lines", path.display());
            }
            let (_, none) = with_reader_hashing(path, false, |_| Ok(())).unwrap();
            assert_eq!(none, None);
        }
        let zip = dir.path().join("e.CSV.zip");
        let mut w = zip::ZipWriter::new(std::fs::File::create(&zip).unwrap());
        w.start_file("e.CSV", zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&text).unwrap();
        w.finish().unwrap();
        let (first, hash) = with_reader_hashing(&zip, true, |r| {
            let mut line = Vec::new();
            r.read_until(b'\n', &mut line).unwrap();
            Ok(line)
        })
        .unwrap();
        assert_eq!(first, b"0\tline 0\n");
        assert_eq!(hash, None);
    }
}
