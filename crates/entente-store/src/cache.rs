//! Generations of a table set in the cache folder, swapped atomically.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::manifest::{InputFile, Manifest, SCHEMA_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Parquet { path: PathBuf, message: String },
    #[error("{}: corrupt manifest: {message}", path.display())]
    Manifest { path: PathBuf, message: String },
    /// A cached file that does not decode (damaged, or written by another version).
    #[error("{}: cannot be read back: {message}", path.display())]
    Decode { path: PathBuf, message: String },
}

impl StoreError {
    pub fn decode(path: &Path, message: impl std::fmt::Display) -> Self {
        StoreError::Decode {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A named set of tables (e.g. `unga`) under the cache folder.
#[derive(Clone, Debug)]
pub struct TableSet {
    pub dir: PathBuf,
}

/// One complete, readable generation of a table set.
#[derive(Clone, Debug)]
pub struct Generation {
    pub dir: PathBuf,
    pub manifest: Manifest,
}

impl Generation {
    /// The generation's folder name (`g-<stamp>-<pid>`: unique per build of a table set,
    /// so results derived from it can be keyed by it).
    pub fn name(&self) -> String {
        self.dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }

    pub fn table(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.parquet"))
    }
}

/// The cache folder: `--cache`, then `$ENTENTE_CACHE`, `$XDG_CACHE_HOME/entente`,
/// `~/.cache/entente`, else `./.entente-cache`.
pub fn cache_root(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("ENTENTE_CACHE") {
        return PathBuf::from(p);
    }
    if let Some(p) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(p).join("entente");
    }
    if let Some(p) = std::env::var_os("HOME") {
        return PathBuf::from(p).join(".cache/entente");
    }
    PathBuf::from(".entente-cache")
}

impl TableSet {
    pub fn new(root: &Path, name: &str) -> TableSet {
        TableSet {
            dir: root.join(name),
        }
    }

    fn pointer(&self) -> PathBuf {
        self.dir.join("CURRENT")
    }

    /// The live generation, if one exists and its manifest reads.
    pub fn current(&self) -> Result<Option<Generation>, StoreError> {
        let name = match fs::read_to_string(self.pointer()) {
            Ok(s) => s.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::io(&self.pointer(), e)),
        };
        let dir = self.dir.join(&name);
        let path = dir.join("manifest.json");
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        // A manifest that does not parse (damaged, or from an older entente) leaves the
        // set without a usable generation: it is rebuilt, not an error.
        match serde_json::from_str::<Manifest>(&text) {
            Ok(manifest) => Ok(Some(Generation { dir, manifest })),
            Err(e) => {
                tracing::warn!("{}: {e}; the tables will be rebuilt", path.display());
                Ok(None)
            }
        }
    }

    /// The live generation when it was built by this schema from inputs that are unchanged.
    pub fn fresh(
        &self,
        data_dir: &Path,
        inputs: &[&str],
    ) -> Result<Option<Generation>, StoreError> {
        let Some(g) = self.current()? else {
            return Ok(None);
        };
        let m = &g.manifest;
        let same_set = m.inputs.len() == inputs.len()
            && m.inputs.iter().zip(inputs).all(|(f, p)| f.path == *p);
        // The inputs are hashed side by side (a warm run waits for them).
        let ok = m.schema_version == SCHEMA_VERSION
            && m.entente_version == env!("CARGO_PKG_VERSION")
            && same_set
            && m.inputs.par_iter().all(|f| f.unchanged(data_dir));
        if !ok {
            return Ok(None);
        }
        // The generation's own files as written: a damaged table is rebuilt, not read.
        let intact = !m.files.is_empty()
            && m.files.par_iter().all(|(name, digest)| {
                crate::manifest::blake3_file(&g.dir.join(name)).is_ok_and(|d| d == *digest)
            });
        if !intact {
            tracing::warn!(
                "the cached tables in {} are damaged or incomplete; rebuilding them",
                g.dir.display()
            );
            return Ok(None);
        }
        Ok(Some(g))
    }

    /// Runs `build` holding the set's build lock ([`TableSet::build_lock`]), on the
    /// build pool ([`crate::on_build_pool`]): parallel work done under the lock never runs
    /// on rayon's global workers, which another load may be holding while it waits for
    /// this lock, and the thread holding the lock never picks up other rayon work
    /// meanwhile (which may itself wait for this lock).
    pub fn while_locked<T: Send>(&self, build: impl FnOnce() -> T + Send) -> Result<T, StoreError> {
        let _lock = self.build_lock()?;
        Ok(crate::on_build_pool(build))
    }

    /// Takes the set's build lock (an advisory lock on `<set>/.build.lock`), waiting
    /// while another process builds; released when the returned file is dropped (or the
    /// process dies). Builders check [`TableSet::fresh`] again once they hold it, so a
    /// second run waits for the first build and reuses it instead of building again.
    pub fn build_lock(&self) -> Result<fs::File, StoreError> {
        fs::create_dir_all(&self.dir).map_err(|e| StoreError::io(&self.dir, e))?;
        let path = self.dir.join(".build.lock");
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| StoreError::io(&path, e))?;
        file.lock().map_err(|e| StoreError::io(&path, e))?;
        Ok(file)
    }

    /// Starts a new generation folder (not yet live).
    pub fn begin(&self) -> Result<PathBuf, StoreError> {
        fs::create_dir_all(&self.dir).map_err(|e| StoreError::io(&self.dir, e))?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = self.dir.join(format!("g-{stamp}-{}", std::process::id()));
        fs::create_dir(&dir).map_err(|e| StoreError::io(&dir, e))?;
        Ok(dir)
    }

    /// Writes the manifest into `gen_dir`, makes it the live generation atomically,
    /// and removes the generations before the previous one (the previous one stays for
    /// readers that resolved `CURRENT` just before the swap). Call it holding
    /// [`TableSet::build_lock`], so that no other build is in progress.
    pub fn commit(
        &self,
        gen_dir: &Path,
        data_dir: &Path,
        inputs: &[&str],
        tables: Vec<(String, u64)>,
        report: serde_json::Value,
    ) -> Result<Generation, StoreError> {
        let inputs = inputs
            .iter()
            .map(|rel| InputFile::describe(data_dir, rel))
            .collect::<Result<_, _>>()?;
        let manifest = Manifest {
            schema_version: SCHEMA_VERSION,
            entente_version: env!("CARGO_PKG_VERSION").to_string(),
            built_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            data_dir: data_dir.to_path_buf(),
            inputs,
            tables,
            files: crate::manifest::folder_digests(gen_dir)?,
            report,
        };
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| StoreError::Manifest {
            path: gen_dir.join("manifest.json"),
            message: e.to_string(),
        })?;
        crate::atomic::write_bytes(&gen_dir.join("manifest.json"), text.as_bytes())?;
        let name = gen_dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let previous = self.current().ok().flatten().map(|g| g.dir);
        crate::atomic::write_bytes(&self.pointer(), format!("{name}\n").as_bytes())?;
        if let Ok(entries) = fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let p = e.path();
                let stale = p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("g-"))
                    && p != gen_dir
                    && Some(&p) != previous.as_ref();
                if stale {
                    let _ = fs::remove_dir_all(&p);
                }
            }
        }
        Ok(Generation {
            dir: gen_dir.to_path_buf(),
            manifest,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_build_at_a_time_and_the_previous_generation_stays_for_readers() {
        let root = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        fs::write(data.path().join("a.csv"), "x\n1\n").unwrap();
        let set = TableSet::new(root.path(), "t");
        let held = set.build_lock().unwrap();
        let other = fs::OpenOptions::new()
            .write(true)
            .open(set.dir.join(".build.lock"))
            .unwrap();
        assert!(other.try_lock().is_err(), "a second builder must wait");
        drop(held);
        assert!(other.try_lock().is_ok(), "free once the first is done");
        drop(other);
        let build = |n: &[u8]| {
            let _lock = set.build_lock().unwrap();
            let g = set.begin().unwrap();
            fs::write(g.join("t.parquet"), n).unwrap();
            set.commit(&g, data.path(), &["a.csv"], vec![], serde_json::Value::Null)
                .unwrap()
                .dir
        };
        let (g1, g2, g3) = (build(b"1"), build(b"2"), build(b"3"));
        assert!(
            !g1.exists(),
            "generations before the previous one are removed"
        );
        assert!(g2.exists(), "the previous generation stays for readers");
        assert_eq!(set.current().unwrap().unwrap().dir, g3);
    }

    #[test]
    fn an_unfinished_generation_leaves_the_previous_one_live() {
        let root = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        fs::write(data.path().join("a.csv"), "x\n1\n").unwrap();
        let set = TableSet::new(root.path(), "t");
        assert!(set.current().unwrap().is_none());
        let g1 = set.begin().unwrap();
        fs::write(g1.join("t.parquet"), b"one").unwrap();
        set.commit(
            &g1,
            data.path(),
            &["a.csv"],
            vec![("t".into(), 1)],
            serde_json::Value::Null,
        )
        .unwrap();
        assert!(set.fresh(data.path(), &["a.csv"]).unwrap().is_some());

        // A second build that dies before commit: the first stays live.
        let g2 = set.begin().unwrap();
        fs::write(g2.join("t.parquet"), b"half").unwrap();
        let live = set.current().unwrap().unwrap();
        assert_eq!(live.dir, g1);
        assert_eq!(fs::read(live.table("t")).unwrap(), b"one");

        // A changed input makes the cache stale; a touched-but-equal one does not.
        fs::write(data.path().join("a.csv"), "x\n2\n").unwrap();
        assert!(set.fresh(data.path(), &["a.csv"]).unwrap().is_none());
        fs::write(data.path().join("a.csv"), "x\n1\n").unwrap();
        assert!(set.fresh(data.path(), &["a.csv"]).unwrap().is_some());
        assert!(
            set.fresh(data.path(), &["a.csv", "b.csv"])
                .unwrap()
                .is_none()
        );
    }
}
