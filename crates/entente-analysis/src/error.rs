//! The analysis layer's error: what the user asked for is wrong (exit 2 at the CLI,
//! 400 on the dashboard), or something below failed (exit 1, 500). Chains are kept:
//! the source of a wrapped error is reachable through `std::error::Error::source`.

use entente_core::ResolveError;
use entente_sources::SourceError;
use entente_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request that cannot be answered as asked (bad option value, no data for it).
    #[error("{0}")]
    Invalid(String),
    /// A state name or code the registry does not know.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// A source file could not be read or parsed.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The cache could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// What was being done when a lower error happened.
    #[error("{what}")]
    Context {
        what: String,
        #[source]
        source: Box<Error>,
    },
}

impl Error {
    /// An invalid request (exit 2).
    pub fn invalid(msg: impl Into<String>) -> Error {
        Error::Invalid(msg.into())
    }

    /// Whether the user can fix this by asking differently (exit 2, HTTP 400).
    pub fn is_user(&self) -> bool {
        match self {
            Error::Invalid(_) | Error::Resolve(_) => true,
            Error::Context { source, .. } => source.is_user(),
            Error::Source(e) => e.is_user(),
            Error::Store(_) => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds what was being done to an error.
pub trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::Context {
            what: what(),
            source: Box::new(e.into()),
        })
    }
}
