//! The manifest of a generation: inputs with hashes, tables with row counts.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::StoreError;

/// Bump when a table's layout or a derivation rule changes: older caches rebuild.
/// 2: SIPRI's non-state (`*`) and multilateral (`**`) recipients no longer resolve to the
/// state named in brackets. 3: UCDP armed conflicts and liquidity lines join the tie
/// tables. 4: dispute severities (reciprocated: the level of the side that went less
/// far). 5: inputs and the generation's own files are identified by BLAKE3 digests,
/// checked on every run.
pub const SCHEMA_VERSION: u32 = 5;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InputFile {
    /// Path relative to the data folder.
    pub path: String,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (for the record: a file
    /// edited in place can keep its size and mtime, so the digest decides).
    pub mtime_ns: i128,
    /// BLAKE3 of the bytes, lower-case hex (empty in manifests before schema 5).
    #[serde(default)]
    pub blake3: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub entente_version: String,
    /// When the generation was built (seconds since the Unix epoch).
    pub built_at: u64,
    pub data_dir: PathBuf,
    pub inputs: Vec<InputFile>,
    /// (table, rows)
    pub tables: Vec<(String, u64)>,
    /// (file name, BLAKE3) of every file of the generation but the manifest, checked
    /// before the generation is used: a damaged table is rebuilt, not read.
    #[serde(default)]
    pub files: Vec<(String, String)>,
    /// Free-form build report (for the UN votes: the merge report).
    pub report: serde_json::Value,
}

impl InputFile {
    /// Describes a file, hashing its bytes.
    pub fn describe(data_dir: &Path, rel: &str) -> Result<InputFile, StoreError> {
        let path = data_dir.join(rel);
        let (size, mtime_ns) = stat(&path)?;
        Ok(InputFile {
            path: rel.to_string(),
            size,
            mtime_ns,
            blake3: blake3_file(&path)?,
        })
    }

    /// Whether the file on disk still has this content: the same size and digest, read
    /// every run (a warm run costs 0.03–0.08 s more, BENCHMARKS.md), so a file edited in
    /// place with its size and mtime kept is still seen.
    pub fn unchanged(&self, data_dir: &Path) -> bool {
        let path = data_dir.join(&self.path);
        match stat(&path) {
            Ok((size, _)) if size == self.size => {
                blake3_file(&path).is_ok_and(|h| h == self.blake3)
            }
            _ => false,
        }
    }
}

fn stat(path: &Path) -> Result<(u64, i128), StoreError> {
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128);
    Ok((meta.len(), mtime))
}

/// BLAKE3 of a file, lower-case hex.
pub fn blake3_file(path: &Path) -> Result<String, StoreError> {
    let f = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let mut h = blake3::Hasher::new();
    h.update_reader(std::io::BufReader::with_capacity(1 << 20, f))
        .map_err(|e| StoreError::io(path, e))?;
    Ok(h.finalize().to_hex().to_string())
}

/// The (name, BLAKE3) of every file in a generation folder but its manifest, by name.
pub fn folder_digests(dir: &Path) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| StoreError::io(dir, e))? {
        let e = e.map_err(|e| StoreError::io(dir, e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "manifest.json" || name.starts_with('.') || !e.path().is_file() {
            continue;
        }
        out.push((name, blake3_file(&e.path())?));
    }
    out.sort();
    Ok(out)
}

/// SHA-256 of a string, lower-case hex (cache keys).
pub fn sha256_str(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file edited in place with its size and modification time kept is changed.
    #[test]
    fn an_edit_that_keeps_size_and_mtime_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("votes.csv");
        std::fs::write(&p, b"a,Y\nb,N\n").unwrap();
        let before = InputFile::describe(dir.path(), "votes.csv").unwrap();
        let mtime = std::fs::metadata(&p).unwrap().modified().unwrap();
        assert!(before.unchanged(dir.path()));
        std::fs::write(&p, b"a,N\nb,N\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        assert!(!before.unchanged(dir.path()));
    }
}
