//! Finding the data folder: `--data`, then `$ENTENTE_DATA`, `./data`, `../shared/data`,
//! then the same two names in each parent folder.

use std::path::{Path, PathBuf};

use crate::error::{Result, SourceError};

/// The folder holding the datasets in their official layouts (one subfolder per dataset).
#[derive(Clone, Debug)]
pub struct DataDir {
    pub root: PathBuf,
}

impl DataDir {
    /// Locates the data folder. A folder qualifies when it has a `unga_votes` subfolder.
    pub fn locate(explicit: Option<&Path>) -> Result<DataDir> {
        if let Some(p) = explicit {
            return Self::check(p.to_path_buf(), "--data");
        }
        if let Some(p) = std::env::var_os("ENTENTE_DATA") {
            return Self::check(PathBuf::from(p), "$ENTENTE_DATA");
        }
        let cwd = std::env::current_dir().map_err(|e| SourceError::DataDir(e.to_string()))?;
        let mut tried = Vec::new();
        for dir in cwd.ancestors() {
            for cand in [dir.join("data"), dir.join("../shared/data")] {
                if cand.join("unga_votes").is_dir() {
                    return Ok(DataDir {
                        root: cand.canonicalize().unwrap_or(cand),
                    });
                }
                tried.push(cand.display().to_string());
            }
        }
        Err(SourceError::DataDir(format!(
            "looked in $ENTENTE_DATA (unset), {} — set ENTENTE_DATA or pass --data to the folder with unga_votes/, cow/, country_codes/",
            tried.iter().take(2).cloned().collect::<Vec<_>>().join(", ")
        )))
    }

    fn check(p: PathBuf, how: &str) -> Result<DataDir> {
        if p.join("unga_votes").is_dir() {
            Ok(DataDir { root: p })
        } else {
            Err(SourceError::DataDir(format!(
                "{} (from {how}) has no unga_votes/ folder; point it at the data folder",
                p.display()
            )))
        }
    }

    /// Path of a file inside the data folder, e.g. `unga_votes/voeten_UNVotes1-72_votes.csv.gz`.
    pub fn file(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
}
