//! Test helpers: the real data folder, and small copies of it.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};

use entente_sources::DataDir;

/// The real data folder: `$ENTENTE_DATA`, else `../shared/data` beside the repository.
pub fn data_root() -> PathBuf {
    match std::env::var_os("ENTENTE_DATA") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

pub fn data() -> DataDir {
    DataDir::locate(Some(&data_root())).expect("data folder: set ENTENTE_DATA")
}

/// Every file the country and vote readers use.
pub fn all_files() -> Vec<&'static str> {
    let mut v = entente_sources::countries::files().to_vec();
    v.extend(entente_sources::unga::files());
    v.push(entente_sources::reference::IDEAL_JUN2024);
    v
}

/// The decompressed text of a real file.
pub fn real_text(rel: &str) -> Vec<u8> {
    let raw = std::fs::read(data_root().join(rel)).unwrap();
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(raw.as_slice())
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// A data folder holding the first `lines` lines of every real file (plain text
/// under the same names; the readers detect gzip by its magic bytes).
pub fn small_data_dir(lines: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in all_files() {
        let text = real_text(rel);
        let mut end = 0;
        for _ in 0..lines {
            match text[end..].iter().position(|&b| b == b'\n') {
                Some(p) => end += p + 1,
                None => {
                    end = text.len();
                    break;
                }
            }
        }
        write(dir.path(), rel, &text[..end]);
    }
    dir
}

pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Every file the tie readers use (`entente ties`, `entente profile`).
pub fn tie_files() -> Vec<&'static str> {
    use entente_sources::ties;
    vec![
        ties::ATOP,
        ties::SIPRI_REGISTER,
        ties::SIPRI_DYAD_YEAR,
        ties::MME,
        ties::MIDS,
        ties::TRADE,
        ties::AIDDATA,
        ties::cow::COW_ALLIANCES,
        ties::cow::IGO,
        ties::jme::JME,
        ties::sanctions::GSDB,
        ties::events::ICEWS_DYAD_YEAR,
        ties::ucdp::UCDP_DYADIC,
        ties::swap_lines::SWAP_LINES,
        entente_sources::nmc::FILES[0].0,
    ]
}

/// The first `lines` lines of the real files `rels` into `dir`.
pub fn copy_head(dir: &Path, rels: &[&str], lines: usize) {
    for rel in rels {
        let text = real_text(rel);
        let end = text
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(lines.saturating_sub(1))
            .map_or(text.len(), |(k, _)| k + 1);
        write(dir, rel, &text[..end]);
    }
}

/// Applies byte mutations (position, kind, byte) to a file's text: replace, remove,
/// insert or truncate.
pub fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    for &(pos, kind, b) in edits {
        if bytes.is_empty() {
            bytes.push(b);
            continue;
        }
        let p = pos % bytes.len();
        match kind % 4 {
            0 => bytes[p] = b,
            1 => {
                bytes.remove(p);
            }
            2 => bytes.insert(p, b),
            _ => bytes.truncate(p),
        }
    }
    bytes
}
