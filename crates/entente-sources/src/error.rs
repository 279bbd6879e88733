//! Errors that name the file, line and field at fault.

use std::path::PathBuf;

/// An error reading a source file.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{}: {source}", file.display())]
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
