//! The example files, built into the binary so that the README's commands work from any
//! folder: a scenario or claims argument that is not an existing file but names an example
//! ("ukraine", "ec", "china-russia") reads the built-in copy.

use std::path::PathBuf;

use entente_analysis::examples::{find, names};

/// A file argument: the path when it exists, else the built-in example it names (a name,
/// its start, or the example's file name), written once to a temporary folder.
pub fn path_or_example(s: &str) -> Result<PathBuf, String> {
    let p = PathBuf::from(s);
    if p.exists() {
        return Ok(p);
    }
    let base = p
        .file_name()
        .map(|f| f.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match find(s).or_else(|| find(&base)) {
        Some(e) => {
            let dir = std::env::temp_dir().join("entente-examples");
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let out = dir.join(e.file);
            entente_store::atomic::write_bytes(&out, e.text.as_bytes())
                .map_err(|e| e.to_string())?;
            Ok(out)
        }
        None => Err(format!(
            "{s}: no such file, and no built-in example of that name (examples: {})",
            names()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_resolve_by_name_and_file_name() {
        let p = path_or_example("ukraine").unwrap();
        assert!(std::fs::read_to_string(&p).unwrap().contains("[[actor]]"));
        let p = path_or_example("/elsewhere/china_russia_brief.toml").unwrap();
        assert!(std::fs::read_to_string(p).unwrap().contains("[[claim]]"));
        assert!(
            path_or_example("nothing-like-it")
                .unwrap_err()
                .contains("examples:")
        );
    }
}
