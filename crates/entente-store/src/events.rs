//! The event store (docs/events.md): `<cache>/events/` holds, per ingested file, one
//! Parquet table of directed dyad-day statistics (`parts/<digest>.parquet`, all events
//! and de-duplicated ones, told apart by `kind`) and one of its rows per day
//! (`parts/<digest>.volume.parquet`), plus `manifest.json` listing the files ingested.
//!
//! A file is identified by digests of its content (BLAKE3 over every byte as stored,
//! and over its decompressed text, so the same file gzipped is the same), not its
//! path: adding it twice, or under another name, is a no-op; a corrected file (any byte changed) is a new
//! file, and it replaces the entry of the file ingested before from the same path. Tables
//! are written to a temporary file and renamed, made durable together (one `syncfs` on
//! Linux, not an `fsync` per part) before the manifest lists them; the manifest is
//! replaced atomically after them, so an interrupted ingest leaves only unlisted parts,
//! which are ignored and rewritten by the next run.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int8Array, Int32Array, Int64Array,
    RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use entente_core::Date;
use entente_core::events::{DyadDay, Event, EventRow, EventStats, FLOAT_FIELDS, INT_FIELDS};
use serde::{Deserialize, Serialize};

use crate::cache::StoreError;
use crate::parquet::{Compress, read_in_memory, write_batch_unsynced};

/// One ingested file, as listed in the manifest.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct IngestedFile {
    pub digest: String,
    /// Digest of the decompressed content (the same file zipped or gzipped has one):
    /// BLAKE3 of the text, 32 hex digits; 16 in stores written before it
    /// ([`is_legacy_content`]).
    pub content: String,
    /// Path as given when ingested (for the report; the digest identifies the file).
    pub path: String,
    pub bytes: u64,
    pub layout: String,
    pub rows: u64,
    pub dyad_rows: u64,
    pub malformed: u64,
    pub first_day: Option<u32>,
    pub last_day: Option<u32>,
    /// Whether rows carry a source URL or story to de-duplicate on.
    pub has_sources: bool,
    /// The file's legacy content digest, when the store lists files by it: compared
    /// with theirs, never written.
    #[serde(skip)]
    pub legacy_content: Option<String>,
}

/// Whether a listed content digest is the legacy one (16 hex digits: a hash chain over
/// the lines, `FileEvents::legacy_digest` in entente-sources) rather than BLAKE3 of the
/// text (32). A store listing one makes ingest compute both for new files, so a file
/// ingested before under another compression is still recognised.
pub fn is_legacy_content(content: &str) -> bool {
    content.len() == 16
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    files: Vec<IngestedFile>,
}

/// The event store under a cache root.
pub struct EventStore {
    dir: PathBuf,
}

fn day_to_date32(day: u32) -> i32 {
    Date::new(
        (day / 10_000) as i32,
        (day / 100 % 100) as u8,
        (day % 100) as u8,
    )
    .map_or(0, |d| d.to_days())
}

fn date32_to_day(days: i32) -> u32 {
    let d = Date::from_days(days);
    (d.year as u32) * 10_000 + u32::from(d.month) * 100 + u32::from(d.day)
}

/// The digest of a file: BLAKE3 over every byte (one more read of the file), so a
/// file corrected anywhere — same size, same first and last bytes — is a new file. The
/// first 32 hex digits, and the size.
pub fn digest(path: &Path) -> Result<(String, u64), StoreError> {
    let io = |e| StoreError::io(path, e);
    let f = File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    let mut h = blake3::Hasher::new();
    h.update_reader(std::io::BufReader::with_capacity(1 << 20, f))
        .map_err(io)?;
    Ok((digest_text(&h.finalize()), len))
}

/// A file's digest as [`digest`] writes it, from its BLAKE3 (computed elsewhere, e.g.
/// while the file is parsed): the first 32 hex digits.
pub fn digest_text(hash: &blake3::Hash) -> String {
    hash.to_hex()[..32].to_string()
}

impl EventStore {
    /// The store under `<cache root>/events`.
    pub fn new(cache_root: &Path) -> EventStore {
        EventStore {
            dir: cache_root.join("events"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn manifest_path(&self) -> PathBuf {
        self.dir.join("manifest.json")
    }

    fn part(&self, digest: &str) -> PathBuf {
        self.dir.join("parts").join(format!("{digest}.parquet"))
    }

    fn volume_part(&self, digest: &str) -> PathBuf {
        self.dir
            .join("parts")
            .join(format!("{digest}.volume.parquet"))
    }

    /// A digest of what the store lists (its manifest's bytes): the key of results
    /// derived from it. None when nothing was ingested.
    pub fn manifest_digest(&self) -> Result<Option<String>, StoreError> {
        let path = self.manifest_path();
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(digest_text(&blake3::hash(&bytes)))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::io(&path, e)),
        }
    }

    /// The files ingested so far.
    pub fn files(&self) -> Result<Vec<IngestedFile>, StoreError> {
        let path = self.manifest_path();
        match std::fs::read(&path) {
            Ok(bytes) => {
                let m: Manifest =
                    serde_json::from_slice(&bytes).map_err(|e| StoreError::Manifest {
                        path: path.clone(),
                        message: format!(
                            "{e}; delete the folder {} and ingest again",
                            self.dir.display()
                        ),
                    })?;
                Ok(m.files)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(StoreError::io(&path, e)),
        }
    }

    /// Writes one file's tables (atomically); list it with [`EventStore::commit`].
    pub fn write_part(
        &self,
        digest: &str,
        all: &[DyadDay],
        dedup: &[DyadDay],
        volume: &BTreeMap<u32, u64>,
    ) -> Result<(), StoreError> {
        let parts = self.dir.join("parts");
        std::fs::create_dir_all(&parts).map_err(|e| StoreError::io(&parts, e))?;
        write_table(&self.part(digest), &part_batch(all, dedup))?;
        write_table(&self.volume_part(digest), &volume_batch(volume))
    }

    /// Adds files to the manifest (replacing it atomically). Writers take the store's
    /// lock (`<events>/.lock`, advisory) and read the manifest inside it, so concurrent
    /// ingests each add their files and none is lost. A file already listed (same digest
    /// or content) is skipped; a new version of a file ingested before from the same path
    /// replaces that entry (its parts stay on disk, unlisted and ignored).
    pub fn commit(&self, new: Vec<IngestedFile>) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| StoreError::io(&self.dir, e))?;
        let lock_path = self.dir.join(".lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| StoreError::io(&lock_path, e))?;
        lock.lock().map_err(|e| StoreError::io(&lock_path, e))?;
        // The new parts reach the disk before the manifest lists them.
        let parts: Vec<PathBuf> = new
            .iter()
            .flat_map(|f| [self.part(&f.digest), self.volume_part(&f.digest)])
            .collect();
        if !parts.is_empty() {
            crate::atomic::sync_batch(&self.dir, &parts)?;
        }
        let mut files = self.files()?;
        for f in new {
            if files.iter().any(|g| {
                g.digest == f.digest
                    || g.content == f.content
                    || f.legacy_content.as_ref() == Some(&g.content)
            }) {
                continue;
            }
            files.retain(|g| g.path != f.path);
            files.push(f);
        }
        let m = Manifest { version: 1, files };
        let bytes = serde_json::to_vec_pretty(&m).map_err(|e| StoreError::Manifest {
            path: self.manifest_path(),
            message: e.to_string(),
        })?;
        std::fs::create_dir_all(&self.dir).map_err(|e| StoreError::io(&self.dir, e))?;
        crate::atomic::write_bytes(&self.manifest_path(), &bytes)
    }

    /// Directed dyad-days of the listed files (de-duplicated or all), keeping the rows
    /// `keep(a, b)` accepts.
    pub fn dyad_days(
        &self,
        dedup: bool,
        keep: &(dyn Fn(u16, u16) -> bool + Sync),
    ) -> Result<Vec<DyadDay>, StoreError> {
        self.fold_dyad_days(
            dedup,
            keep,
            Vec::new,
            |v, r| v.push(r),
            |mut x, y| {
                x.extend(y);
                x
            },
        )
    }

    /// Folds the dyad-days of the listed files without holding them all: each file is
    /// read batch by batch into its own accumulator (files in parallel), and the
    /// accumulators are merged.
    pub fn fold_dyad_days<T: Send>(
        &self,
        dedup: bool,
        keep: &(dyn Fn(u16, u16) -> bool + Sync),
        init: impl Fn() -> T + Sync + Send,
        step: impl Fn(&mut T, DyadDay) + Sync + Send,
        merge: impl Fn(T, T) -> T + Sync + Send,
    ) -> Result<T, StoreError> {
        use rayon::prelude::*;
        let files = self.files()?;
        files
            .par_iter()
            .map(|f| {
                let mut acc = init();
                for_each_dyad_day(&self.part(&f.digest), dedup, keep, |r| step(&mut acc, r))?;
                Ok(acc)
            })
            .try_reduce(&init, |x, y| Ok(merge(x, y)))
    }

    /// Rows per day over the listed files (files read in parallel).
    pub fn volume(&self) -> Result<BTreeMap<u32, u64>, StoreError> {
        use rayon::prelude::*;
        let add = |mut x: BTreeMap<u32, u64>, y: BTreeMap<u32, u64>| {
            for (day, n) in y {
                *x.entry(day).or_insert(0) += n;
            }
            x
        };
        self.files()?
            .par_iter()
            .map(|f| {
                let path = self.volume_part(&f.digest);
                let mut out = BTreeMap::new();
                for b in read_in_memory(&path)? {
                    let b = b?;
                    let day = col::<Date32Array>(&b, "day", &path)?;
                    let n = col::<Int64Array>(&b, "events", &path)?;
                    for i in 0..b.num_rows() {
                        *out.entry(date32_to_day(day.value(i))).or_insert(0) += n.value(i) as u64;
                    }
                }
                Ok(out)
            })
            .try_reduce(BTreeMap::new, |x, y| Ok(add(x, y)))
    }
}

/// Writes a part ([`Compress::Fast`]), made durable with the other new parts when
/// they are listed ([`EventStore::commit`]).
fn write_table(path: &Path, batch: &RecordBatch) -> Result<(), StoreError> {
    write_batch_unsynced(path, batch, Compress::Fast)
}

fn col<'b, T: 'static>(b: &'b RecordBatch, name: &str, path: &Path) -> Result<&'b T, StoreError> {
    b.column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<T>())
        .ok_or_else(|| StoreError::Parquet {
            path: path.to_path_buf(),
            message: format!("column '{name}' missing or of another type"),
        })
}

/// The rows of one source file as a record batch of the `events` table: day (date32),
/// source and target COW codes, CAMEO root, quad class, Goldstein × 10 (int32), AvgTone
/// (float64, null for ICEWS), mentions and articles (int64), `duplicate` (an earlier
/// row of the file had the same day, actors, event code and source), the source
/// `file` and its `line`.
pub fn event_rows_batch(file: &str, rows: &[EventRow]) -> RecordBatch {
    let col = |f: &dyn Fn(&Event) -> i32| -> ArrayRef {
        Arc::new(Int32Array::from_iter_values(
            rows.iter().map(|r| f(&r.event)),
        ))
    };
    let fields = vec![
        Field::new("day", DataType::Date32, false),
        Field::new("ccode_a", DataType::Int32, false),
        Field::new("ccode_b", DataType::Int32, false),
        Field::new("root", DataType::Int32, false),
        Field::new("quad", DataType::Int32, false),
        Field::new("goldstein_x10", DataType::Int32, false),
        Field::new("tone", DataType::Float64, true),
        Field::new("mentions", DataType::Int64, false),
        Field::new("articles", DataType::Int64, false),
        Field::new("duplicate", DataType::Boolean, false),
        Field::new("file", DataType::Utf8, false),
        Field::new("line", DataType::Int64, false),
    ];
    let cols: Vec<ArrayRef> = vec![
        Arc::new(Date32Array::from_iter_values(
            rows.iter().map(|r| day_to_date32(r.event.day)),
        )),
        col(&|e| i32::from(e.a)),
        col(&|e| i32::from(e.b)),
        col(&|e| i32::from(e.root)),
        col(&|e| i32::from(e.quad)),
        col(&|e| i32::from(e.goldstein_x10)),
        Arc::new(Float64Array::from(
            rows.iter().map(|r| r.event.tone).collect::<Vec<_>>(),
        )),
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|r| i64::from(r.event.mentions)),
        )),
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|r| i64::from(r.event.articles)),
        )),
        Arc::new(BooleanArray::from(
            rows.iter().map(|r| r.duplicate).collect::<Vec<_>>(),
        )),
        Arc::new(StringArray::from_iter_values(rows.iter().map(|_| file))),
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|r| r.line as i64),
        )),
    ];
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).expect("columns of equal length")
}

/// The days of one source file as a record batch of the `event_volume` table: `day`
/// (date32), `rows` (int64: the file's rows with that day, any actors, as the event
/// store's volume counts them) and the source `file`.
pub fn event_volume_batch(file: &str, days: &[(u32, u64)]) -> RecordBatch {
    let schema = Schema::new(vec![
        Field::new("day", DataType::Date32, false),
        Field::new("rows", DataType::Int64, false),
        Field::new("file", DataType::Utf8, false),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(Date32Array::from_iter_values(
                days.iter().map(|&(d, _)| day_to_date32(d)),
            )),
            Arc::new(Int64Array::from_iter_values(
                days.iter().map(|&(_, n)| n as i64),
            )),
            Arc::new(StringArray::from_iter_values(days.iter().map(|_| file))),
        ],
    )
    .expect("columns match the schema")
}

/// The dyad-day table: day, ccode_a, ccode_b, dedup, then the statistics; one pass
/// per column straight from the rows (no intermediate copies of the statistics).
pub fn dyad_batch(all: &[DyadDay], dedup: &[DyadDay]) -> RecordBatch {
    let rows: Vec<&DyadDay> = all.iter().chain(dedup).collect();
    let flags = BooleanArray::from_iter(
        std::iter::repeat_n(Some(false), all.len())
            .chain(std::iter::repeat_n(Some(true), dedup.len())),
    );
    dyad_table(
        &rows,
        Field::new("dedup", DataType::Boolean, false),
        Arc::new(flags),
    )
}

/// A stored part's `kind`: the row is a sum of all rows of the file (bit 1), of the
/// de-duplicated rows (bit 2), or both (3: the dyad-day had no duplicate).
const KIND_ALL: i8 = 1;
const KIND_DEDUP: i8 = 2;

/// A stored part: as [`dyad_batch`], with a dyad-day whose sums are the same with and
/// without de-duplication (most of them) stored once, of `kind` 3, instead of twice.
fn part_batch(all: &[DyadDay], dedup: &[DyadDay]) -> RecordBatch {
    let mut rows: Vec<&DyadDay> = Vec::with_capacity(all.len() + dedup.len());
    let mut kinds: Vec<i8> = Vec::with_capacity(all.len() + dedup.len());
    let key = |d: &DyadDay| (d.day, d.a, d.b);
    let (mut i, mut j) = (0, 0);
    while i < all.len() || j < dedup.len() {
        let order = match (all.get(i), dedup.get(j)) {
            (Some(x), Some(y)) => key(x).cmp(&key(y)),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Equal if all[i].stats == dedup[j].stats => {
                rows.push(&all[i]);
                kinds.push(KIND_ALL | KIND_DEDUP);
                (i, j) = (i + 1, j + 1);
            }
            std::cmp::Ordering::Less | std::cmp::Ordering::Equal => {
                rows.push(&all[i]);
                kinds.push(KIND_ALL);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                rows.push(&dedup[j]);
                kinds.push(KIND_DEDUP);
                j += 1;
            }
        }
    }
    dyad_table(
        &rows,
        Field::new("kind", DataType::Int8, false),
        Arc::new(Int8Array::from(kinds)),
    )
}

/// Day, ccode_a, ccode_b, the given flag column, then the statistics.
fn dyad_table(rows: &[&DyadDay], flag: Field, flags: ArrayRef) -> RecordBatch {
    let mut fields = vec![
        Field::new("day", DataType::Date32, false),
        Field::new("ccode_a", DataType::Int32, false),
        Field::new("ccode_b", DataType::Int32, false),
        flag,
    ];
    let mut cols: Vec<ArrayRef> = vec![
        Arc::new(Date32Array::from_iter_values(
            rows.iter().map(|r| day_to_date32(r.day)),
        )),
        Arc::new(Int32Array::from_iter_values(
            rows.iter().map(|r| i32::from(r.a)),
        )),
        Arc::new(Int32Array::from_iter_values(
            rows.iter().map(|r| i32::from(r.b)),
        )),
        flags,
    ];
    // One pass over the rows fills all integer columns.
    let mut ints: Vec<Vec<i64>> = (0..INT_FIELDS.len())
        .map(|_| Vec::with_capacity(rows.len()))
        .collect();
    for r in rows {
        for (col, v) in ints.iter_mut().zip(r.stats.ints()) {
            col.push(v);
        }
    }
    for (name, values) in INT_FIELDS.iter().zip(ints) {
        fields.push(Field::new(*name, DataType::Int64, false));
        cols.push(Arc::new(Int64Array::from(values)));
    }
    for (k, name) in FLOAT_FIELDS.iter().enumerate() {
        fields.push(Field::new(*name, DataType::Float64, false));
        cols.push(Arc::new(Float64Array::from_iter_values(
            rows.iter().map(|r| r.stats.floats()[k]),
        )));
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).expect("columns match the schema")
}

fn volume_batch(volume: &BTreeMap<u32, u64>) -> RecordBatch {
    let schema = Schema::new(vec![
        Field::new("day", DataType::Date32, false),
        Field::new("events", DataType::Int64, false),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(Date32Array::from_iter_values(
                volume.keys().map(|&d| day_to_date32(d)),
            )),
            Arc::new(Int64Array::from_iter_values(
                volume.values().map(|&n| n as i64),
            )),
        ],
    )
    .expect("columns match the schema")
}

fn for_each_dyad_day(
    path: &Path,
    dedup: bool,
    keep: &(dyn Fn(u16, u16) -> bool + Sync),
    mut f: impl FnMut(DyadDay),
) -> Result<(), StoreError> {
    for b in read_in_memory(path)? {
        let b = b?;
        let day = col::<Date32Array>(&b, "day", path)?;
        let ca = col::<Int32Array>(&b, "ccode_a", path)?;
        let cb = col::<Int32Array>(&b, "ccode_b", path)?;
        // `kind` (parts since 2026-12; bit 1 all rows, bit 2 de-duplicated) or the
        // older `dedup` flag.
        let want = if dedup { KIND_DEDUP } else { KIND_ALL };
        let kinds: Vec<i8> = match b.column_by_name("kind") {
            Some(_) => col::<Int8Array>(&b, "kind", path)?.values().to_vec(),
            None => col::<BooleanArray>(&b, "dedup", path)?
                .iter()
                .map(|d| {
                    if d == Some(true) {
                        KIND_DEDUP
                    } else {
                        KIND_ALL
                    }
                })
                .collect(),
        };
        let ints: Vec<&Int64Array> = INT_FIELDS
            .iter()
            .map(|n| col::<Int64Array>(&b, n, path))
            .collect::<Result<_, _>>()?;
        let floats: Vec<&Float64Array> = FLOAT_FIELDS
            .iter()
            .map(|n| col::<Float64Array>(&b, n, path))
            .collect::<Result<_, _>>()?;
        for (i, kind) in kinds.iter().enumerate() {
            let (a, bb) = (ca.value(i) as u16, cb.value(i) as u16);
            if kind & want == 0 || !keep(a, bb) {
                continue;
            }
            let v: [i64; 41] = std::array::from_fn(|k| ints[k].value(i));
            let fl: [f64; 3] = std::array::from_fn(|k| floats[k].value(i));
            f(DyadDay {
                day: date32_to_day(day.value(i)),
                a,
                b: bb,
                stats: EventStats::from_fields(&v, &fl),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert_both_ways() {
        for d in [19790101, 20140301, 20200229, 20231231] {
            assert_eq!(date32_to_day(day_to_date32(d)), d);
        }
    }

    fn file(digest: &str, path: &str) -> IngestedFile {
        IngestedFile {
            digest: digest.into(),
            content: format!("c-{digest}"),
            path: path.into(),
            bytes: 1,
            layout: "gdelt2".into(),
            rows: 1,
            dyad_rows: 1,
            malformed: 0,
            first_day: None,
            last_day: None,
            has_sources: true,
            legacy_content: None,
        }
    }

    /// Eight writers at once each add their file; none is lost.
    #[test]
    fn concurrent_commits_keep_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = EventStore::new(dir.path());
        std::thread::scope(|s| {
            for k in 0..8 {
                let store = &store;
                s.spawn(move || {
                    store
                        .commit(vec![file(&format!("d{k}"), &format!("/f{k}"))])
                        .unwrap()
                });
            }
        });
        let mut digests: Vec<String> = store
            .files()
            .unwrap()
            .into_iter()
            .map(|f| f.digest)
            .collect();
        digests.sort();
        assert_eq!(digests, (0..8).map(|k| format!("d{k}")).collect::<Vec<_>>());
    }

    /// A corrected file from the same path replaces the old entry; the same content under
    /// another name is skipped.
    #[test]
    fn a_corrected_file_replaces_its_earlier_version() {
        let dir = tempfile::tempdir().unwrap();
        let store = EventStore::new(dir.path());
        store.commit(vec![file("old", "/data/a.csv")]).unwrap();
        store.commit(vec![file("new", "/data/a.csv")]).unwrap();
        let mut copy = file("new", "/elsewhere/a.csv");
        copy.digest = "other".into();
        store.commit(vec![copy]).unwrap();
        let files = store.files().unwrap();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].digest, "new");
    }

    /// The digest covers every byte: a change in the middle of a large file changes it.
    #[test]
    fn the_digest_sees_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.csv");
        let mut bytes = vec![b'x'; 5 << 20];
        std::fs::write(&p, &bytes).unwrap();
        let (a, n) = digest(&p).unwrap();
        bytes[(5 << 20) / 2] = b'y';
        std::fs::write(&p, &bytes).unwrap();
        let (b, m) = digest(&p).unwrap();
        assert_eq!(n, m);
        assert_ne!(a, b);
    }

    /// A part stores a dyad-day whose sums are the same with and without duplicates
    /// once; both queries read back exactly what was written, and a part in the older
    /// layout (a `dedup` flag, every dyad-day twice) reads the same.
    #[test]
    fn parts_read_back_both_sums_in_either_layout() {
        let stats = |events: u64, tone: f64| EventStats {
            events,
            tone_sum: tone,
            tone_n: events,
            ..EventStats::default()
        };
        let day = |day, a, b, s| DyadDay {
            day,
            a,
            b,
            stats: s,
        };
        let all = vec![
            day(20200101, 2, 365, stats(3, 1.5)),
            day(20200101, 365, 2, stats(2, -0.25)),
            day(20200102, 2, 710, stats(1, 0.1)),
        ];
        // The first dyad-day had a duplicate; the third had only duplicates.
        let dedup = vec![day(20200101, 2, 365, stats(2, 1.0)), all[1]];
        let dir = tempfile::tempdir().unwrap();
        let store = EventStore::new(dir.path());
        store
            .write_part("p1", &all, &dedup, &BTreeMap::new())
            .unwrap();
        store.commit(vec![file("p1", "/a.csv")]).unwrap();
        let rows = |path: &Path| -> usize {
            read_in_memory(path)
                .unwrap()
                .map(|b| b.unwrap().num_rows())
                .sum()
        };
        assert_eq!(
            rows(&store.part("p1")),
            4,
            "the second dyad-day stored once"
        );
        let read = |dedup| {
            let mut v = store.dyad_days(dedup, &|_, _| true).unwrap();
            v.sort_by_key(|d| (d.day, d.a, d.b));
            v
        };
        assert_eq!((read(false), read(true)), (all.clone(), dedup.clone()));
        // The older layout, written where the part is.
        write_table(&store.part("p1"), &dyad_batch(&all, &dedup)).unwrap();
        assert_eq!(rows(&store.part("p1")), 5);
        assert_eq!((read(false), read(true)), (all, dedup));
    }
}
