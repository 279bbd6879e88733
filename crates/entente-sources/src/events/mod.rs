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
mod split;
mod sums;
pub mod totals;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use entente_core::Registry;
use entente_core::events::{DyadDay, EventStats};

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
    /// Sorted by (day, source, target).
    pub all: Vec<DyadDay>,
    pub dedup: Vec<DyadDay>,
    /// Whether rows carry a source (URL or story) to de-duplicate on.
    pub has_sources: bool,
    /// The content digest of stores written before entente 0.1's BLAKE3 content digest
    /// ([`Digests::content`]): a hash chain over every non-empty data line (a trailing
    /// `\r` cut), in order, and the row count. Computed only with [`Hashing::WithLegacy`].
    pub legacy_digest: Option<u64>,
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

/// The BLAKE3 digests of a file read with hashing on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digests {
    /// Of the bytes as stored (None for a `.zip`, whose reader seeks: hash it apart).
    pub file: Option<blake3::Hash>,
    /// Of the decompressed text: the same for a file plain, gzipped or zipped (the
    /// file's own digest for a plain file).
    pub content: blake3::Hash,
}

/// A reader read through; with a hasher, every byte also fed to BLAKE3 in the order read.
struct Tap<R> {
    inner: R,
    hasher: Option<blake3::Hasher>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(h) = &mut self.hasher {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

impl<R: Read> Tap<R> {
    fn new(inner: R, hash: bool) -> Tap<R> {
        Tap {
            inner,
            hasher: hash.then(blake3::Hasher::new),
        }
    }

    /// The reader back, and the digest of the whole stream when hashing (what was not
    /// read yet is read now).
    fn finish(mut self) -> std::io::Result<(R, Option<blake3::Hash>)> {
        if self.hasher.is_some() {
            std::io::copy(&mut self, &mut std::io::sink())?;
        }
        Ok((self.inner, self.hasher.map(|h| h.finalize())))
    }
}

/// Read size for the parser: small enough that a chunk copied from the page cache is
/// still in the core's L2 cache when it is hashed and parsed (4 MiB reads went through
/// memory three times: measured 12% slower on plain files).
pub(crate) const CHUNK: usize = 256 << 10;

/// As [`with_reader`]; with `hash`, the [`Digests`] of the file, computed from the
/// bytes as they are read for `f` (the file is read once, not once to hash and once
/// to parse).
fn with_reader_hashing<T>(
    path: &Path,
    hash: bool,
    f: impl FnOnce(&mut dyn BufRead) -> Result<T>,
) -> Result<(T, Option<Digests>)> {
    let io = |source| SourceError::Io {
        file: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut magic = [0u8; 4];
    let n = file.read(&mut magic).map_err(io)?;
    drop(file);
    let file = std::fs::File::open(path).map_err(io)?;
    let digests = |file: Option<blake3::Hash>, content: Option<blake3::Hash>| {
        content.map(|content| Digests { file, content })
    };
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
        let mut r = BufReader::with_capacity(CHUNK, Tap::new(member, hash));
        let value = f(&mut r)?;
        let (_, content) = r
            .into_inner()
            .finish()
            .map_err(|e| stream_error(path, 0, e))?;
        return Ok((value, digests(None, content)));
    }
    let tap = Tap::new(file, hash);
    if n >= 2 && magic[..2] == [0x1f, 0x8b] {
        let text = Tap::new(flate2::read::MultiGzDecoder::new(tap), hash);
        let mut r = BufReader::with_capacity(CHUNK, text);
        let value = f(&mut r)?;
        let (decoder, content) = r
            .into_inner()
            .finish()
            .map_err(|e| stream_error(path, 0, e))?;
        let (_, stored) = decoder.into_inner().finish().map_err(io)?;
        return Ok((value, digests(stored, content)));
    }
    let mut r = BufReader::with_capacity(CHUNK, tap);
    let value = f(&mut r)?;
    let (_, hash) = r.into_inner().finish().map_err(io)?;
    Ok((value, digests(hash, hash)))
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

/// Which digests [`read_file`] computes as it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hashing {
    Off,
    /// The [`Digests`] (BLAKE3 of the bytes as stored and of the text).
    On,
    /// The [`Digests`] and [`FileEvents::legacy_digest`], for a store that lists files
    /// by the older content digest.
    WithLegacy,
}

/// Reads one event file (GDELT 1.0/2.0 or ICEWS, detected from its first line).
/// `strict` stops at the first malformed row; `collect` says what to keep of the rows
/// between two states (counts, volume and malformed rows are kept either way);
/// `hashing` which digests to compute from the bytes as they are read (the
/// [`Digests`] are None with [`Hashing::Off`]).
pub fn read_file(
    path: &Path,
    codes: &CountryCodes,
    reg: &Registry,
    cameo: &Cameo,
    strict: bool,
    collect: Collect,
    hashing: Hashing,
) -> Result<(FileEvents, Option<Digests>)> {
    let options = gdelt::Options {
        strict,
        collect,
        legacy_digest: hashing == Hashing::WithLegacy,
    };
    with_reader_hashing(path, hashing != Hashing::Off, |r| {
        gdelt::read(path, r, codes, reg, cameo, options)
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

    /// The digests made while reading are the whole file's and the whole text's,
    /// however little `f` reads, for plain, gzip and zip files (no file digest for a
    /// zip, whose reader seeks).
    #[test]
    fn the_digests_made_while_reading_are_the_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let text: Vec<u8> = (0..300_000u32)
            .flat_map(|i| format!("{i}\tline {}\n", i * 7).into_bytes())
            .collect();
        let content = blake3::hash(&text);
        let plain = dir.path().join("e.CSV");
        std::fs::write(&plain, &text).unwrap();
        let gz = dir.path().join("e.CSV.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&text).unwrap();
        std::fs::write(&gz, enc.finish().unwrap()).unwrap();
        let zip = dir.path().join("e.CSV.zip");
        let mut w = zip::ZipWriter::new(std::fs::File::create(&zip).unwrap());
        w.start_file("e.CSV", zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&text).unwrap();
        w.finish().unwrap();
        for path in [&plain, &gz, &zip] {
            let stored = (path != &zip).then(|| blake3::hash(&std::fs::read(path).unwrap()));
            for lines in [1usize, 1000, usize::MAX] {
                let (read, digests) = with_reader_hashing(path, true, |r| {
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
                let want = Digests {
                    file: stored,
                    content,
                };
                assert_eq!(
                    digests,
                    Some(want),
                    "{} after {lines} lines",
                    path.display()
                );
            }
            let (_, none) = with_reader_hashing(path, false, |_| Ok(())).unwrap();
            assert_eq!(none, None);
        }
    }
}
