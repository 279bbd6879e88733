//! Results derived from the cached tables (the index's yearly reference distributions,
//! the bloc history), kept so that the next run reads them instead of recomputing:
//! `<cache>/derived/<kind>/<key>`. A file is written atomically and framed with its
//! length and a CRC-32 of the payload, checked when read: a damaged, truncated or
//! foreign file is recomputed (and replaced), never used. The key hashes everything the
//! result depends on: the generations of the tables read, the request's parameters,
//! and this build of entente (so a new build never reads an older build's results).
//! At most [`KEEP`] results per kind are kept, the least recently written removed.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::cache::StoreError;

/// The first bytes of every derived file.
const MAGIC: &[u8; 16] = b"entente-derived1";
/// Results kept per kind.
pub const KEEP: usize = 16;

/// One kind of derived result in the cache folder.
#[derive(Clone, Debug)]
pub struct Derived {
    dir: PathBuf,
}

/// Identifies this build of entente: its version and the size and modification time of
/// the running executable (any rebuild changes them).
pub fn build_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe()
            .ok()
            .and_then(|p| fs::metadata(&p).ok().map(|m| (p, m)));
        let (path, len, mtime) = exe.map_or((PathBuf::new(), 0, 0), |(p, m)| {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (p, m.len(), mtime)
        });
        format!(
            "{} {} {len} {mtime}",
            env!("CARGO_PKG_VERSION"),
            path.display()
        )
    })
}

impl Derived {
    /// Results of `kind` under the cache folder `root`.
    pub fn new(root: &Path, kind: &str) -> Derived {
        Derived {
            dir: root.join("derived").join(kind),
        }
    }

    /// The key of a result from what it depends on (with this build's identity).
    pub fn key(parts: &[&str]) -> String {
        let mut h = Sha256::new();
        h.update(build_id().as_bytes());
        for p in parts {
            h.update([0u8]);
            h.update(p.as_bytes());
        }
        h.finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.bin"))
    }

    /// The payload stored under `key`, when present and intact (a damaged file is
    /// removed and reported as absent).
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let path = self.path(key);
        let bytes = fs::read(&path).ok()?;
        match unframe(&bytes) {
            Some(payload) => Some(payload.to_vec()),
            None => {
                let _ = fs::remove_file(&path);
                None
            }
        }
    }

    /// Stores `payload` under `key` (atomically), then removes the oldest results
    /// beyond [`KEEP`].
    pub fn put(&self, key: &str, payload: &[u8]) -> Result<(), StoreError> {
        fs::create_dir_all(&self.dir).map_err(|e| StoreError::io(&self.dir, e))?;
        // The header, then the payload as it is (no framed copy of tens of MB).
        let path = self.path(key);
        crate::atomic::write_with(&path, |f| {
            use std::io::Write;
            f.write_all(&header(payload))
                .and_then(|()| f.write_all(payload))
                .map_err(|e| StoreError::io(&path, e))
        })?;
        self.prune();
        Ok(())
    }

    fn prune(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "bin"))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        if files.len() <= KEEP {
            return;
        }
        files.sort();
        for (_, p) in &files[..files.len() - KEEP] {
            let _ = fs::remove_file(p);
        }
    }
}

/// The frame before the payload: MAGIC, payload length (u64 LE), CRC-32 of the payload
/// (u32 LE).
fn header(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + 12);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out
}

fn unframe(bytes: &[u8]) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let len = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
    let crc = u32::from_le_bytes(rest.get(8..12)?.try_into().ok()?);
    let payload = rest.get(12..)?;
    (payload.len() as u64 == len && crc32fast::hash(payload) == crc).then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_reads_back_and_damage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = Derived::new(dir.path(), "test");
        let key = Derived::key(&["votes g-1", "seed 42"]);
        assert_ne!(key, Derived::key(&["votes g-2", "seed 42"]));
        assert_eq!(d.get(&key), None);
        d.put(&key, b"some result").unwrap();
        assert_eq!(d.get(&key).as_deref(), Some(&b"some result"[..]));
        // One flipped bit anywhere: refused, removed.
        let path = d.path(&key);
        let mut bytes = fs::read(&path).unwrap();
        for at in [0, 20, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x10;
            fs::write(&path, &bad).unwrap();
            assert_eq!(d.get(&key), None, "flip at {at}");
            assert!(!path.exists());
        }
        // Truncated: refused.
        bytes.truncate(bytes.len() - 3);
        fs::write(&path, &bytes).unwrap();
        assert_eq!(d.get(&key), None);
    }

    #[test]
    fn at_most_keep_results_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let d = Derived::new(dir.path(), "test");
        for i in 0..KEEP + 5 {
            d.put(&Derived::key(&[&i.to_string()]), b"x").unwrap();
        }
        assert_eq!(fs::read_dir(&d.dir).unwrap().count(), KEEP);
    }
}
