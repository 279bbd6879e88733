//! Errors that name the file, line and field at fault.

use std::path::PathBuf;

/// An error reading a source file.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{}: {source}{}", file.display(), fetch_hint(file, source))]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the compressed file (gzip or zip) is truncated or corrupt ({detail}); re-download it", file.display())]
    Compressed { file: PathBuf, detail: String },
    #[error("{}:{line}: field '{field}': {message}", file.display())]
    Field {
        file: PathBuf,
        line: u64,
        field: String,
        message: String,
    },
    #[error("{}:{line}: {message}", file.display())]
    Record {
        file: PathBuf,
        line: u64,
        message: String,
    },
    #[error("data folder not found: {0}")]
    DataDir(String),
}

/// For a dataset file that is missing: which dataset folder, and the command that gets it.
fn fetch_hint(file: &std::path::Path, e: &std::io::Error) -> String {
    if e.kind() != std::io::ErrorKind::NotFound {
        return String::new();
    }
    let text = file.to_string_lossy();
    crate::catalogue::DATASETS
        .iter()
        .flat_map(|d| d.files.iter())
        .find(|rel| text.ends_with(*rel))
        .and_then(|rel| rel.split('/').next())
        .map_or(String::new(), |folder| {
            format!(
                " — the dataset folder {folder}/ is incomplete: `entente data fetch {folder} --mirror URL` gets it (`entente data status` lists what is missing)"
            )
        })
}

impl SourceError {
    /// Whether the user can fix it by naming another path: a file that does not exist or
    /// cannot be read, or a folder that is not a data folder.
    pub fn is_user(&self) -> bool {
        match self {
            SourceError::DataDir(_) => true,
            SourceError::Io { source, .. } => matches!(
                source.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::PermissionDenied
                    | std::io::ErrorKind::IsADirectory
                    | std::io::ErrorKind::NotADirectory
            ),
            _ => false,
        }
    }

    pub fn field(
        file: &std::path::Path,
        line: u64,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        SourceError::Field {
            file: file.to_path_buf(),
            line,
            field: field.to_string(),
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, SourceError>;
