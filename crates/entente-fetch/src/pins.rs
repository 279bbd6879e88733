//! The documented data folder, file by file: path under the data folder, size and
//! SHA-256 of the vintage entente's numbers were checked on (`pins.tsv`, written from
//! `../shared/data`). A file that differs is another vintage: `entente data status`
//! says so rather than using it as the documented one silently.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

/// One pinned file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin {
    /// Path under the data folder, `/`-separated (e.g. `cow/NMC-60-abridged.csv.gz`).
    pub path: &'static str,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: &'static str,
}

impl Pin {
    /// The top folder (dataset folder) of the file.
    pub fn folder(&self) -> &'static str {
        self.path.split('/').next().unwrap_or(self.path)
    }
}

const PINS: &str = include_str!("pins.tsv");

/// Every pinned file, in path order.
pub fn all() -> Vec<Pin> {
    PINS.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some(Pin {
                path: f.next()?,
                size: f.next()?.parse().ok()?,
                sha256: f.next()?,
            })
        })
        .collect()
}

/// The dataset folders, in order.
pub fn folders() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = all().iter().map(Pin::folder).collect();
    v.dedup();
    v
}

/// The digest `D` of a file's bytes, lower-case hex.
pub fn digest_file<D: Digest>(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = D::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

/// SHA-256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    digest_file::<Sha256>(path)
}

/// MD5 of a file, lower-case hex (GDELT's lists give MD5).
pub fn md5_file(path: &Path) -> std::io::Result<String> {
    digest_file::<md5::Md5>(path)
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How a file in a data folder stands against its pin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Present, same size and SHA-256.
    Verified,
    /// Present but different bytes: another vintage (size and SHA-256 found).
    Different {
        size: u64,
        sha256: String,
    },
    Missing,
}

/// Checks one pinned file under `data`.
pub fn check(data: &Path, pin: &Pin) -> std::io::Result<State> {
    let p = data.join(pin.path);
    let meta = match std::fs::metadata(&p) {
        Ok(m) if m.is_file() => m,
        Ok(_) => return Ok(State::Missing),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::Missing),
        Err(e) => return Err(e),
    };
    let sha = sha256_file(&p)?;
    Ok(if meta.len() == pin.size && sha == pin.sha256 {
        State::Verified
    } else {
        State::Different {
            size: meta.len(),
            sha256: sha,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_parse_and_name_their_folders() {
        let pins = all();
        assert!(pins.len() > 200);
        assert!(pins.iter().all(|p| p.sha256.len() == 64 && p.size > 0));
        assert!(folders().contains(&"unga_votes") && folders().contains(&"cow"));
        let mut sorted = pins.clone();
        sorted.sort_by_key(|p| p.path);
        sorted.dedup_by_key(|p| p.path);
        assert_eq!(sorted.len(), pins.len(), "one pin per path");
    }

    #[test]
    fn a_file_is_verified_different_or_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("x")).unwrap();
        std::fs::write(dir.path().join("x/a.txt"), b"abc").unwrap();
        let pin = Pin {
            path: "x/a.txt",
            size: 3,
            sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        };
        assert_eq!(check(dir.path(), &pin).unwrap(), State::Verified);
        std::fs::write(dir.path().join("x/a.txt"), b"abd").unwrap();
        assert!(matches!(
            check(dir.path(), &pin).unwrap(),
            State::Different { size: 3, .. }
        ));
        let gone = Pin {
            path: "x/b.txt",
            ..pin
        };
        assert_eq!(check(dir.path(), &gone).unwrap(), State::Missing);
    }
}
