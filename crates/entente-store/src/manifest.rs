//! The manifest of a generation: inputs with hashes, tables with row counts.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::StoreError;

/// Bump when a table's layout or a derivation rule changes: older caches rebuild.
/// 2: SIPRI's non-state (`*`) and multilateral (`**`) recipients no longer resolve to the
/// state named in brackets. 3: UCDP armed conflicts and liquidity lines join the tie
/// tables. 4: dispute severities (reciprocated: the level of the side that went less
/// far).
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InputFile {
    /// Path relative to the data folder.
    pub path: String,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (a quick pre-check).
    pub mtime_ns: i128,
    pub sha256: String,
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
            sha256: sha256_file(&path)?,
        })
    }

    /// Whether the file on disk still has this content. Size and mtime equal means
    /// unchanged; otherwise the hash decides (a touched but unchanged file is fresh).
    pub fn unchanged(&self, data_dir: &Path) -> bool {
        let path = data_dir.join(&self.path);
        match stat(&path) {
            Ok((size, mtime)) if size == self.size && mtime == self.mtime_ns => true,
            Ok((size, _)) if size == self.size => {
                sha256_file(&path).is_ok_and(|h| h == self.sha256)
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

/// SHA-256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> Result<String, StoreError> {
    let mut f = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| StoreError::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// SHA-256 of a string, lower-case hex (cache keys).
pub fn sha256_str(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
