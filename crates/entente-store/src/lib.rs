//! entente-store: the table store.
//!
//! Derived tables are Parquet files (zstd, signed integers, `Date32` dates) in a
//! cache folder, one generation per build:
//!
//! ```text
//! <cache>/unga/CURRENT            name of the live generation (replaced atomically)
//! <cache>/unga/g-<stamp>/manifest.json, rollcalls.parquet, votes.parquet, conflicts.parquet
//! ```
//!
//! A build writes a new generation folder completely, then swaps `CURRENT` by
//! writing a temporary file and renaming it over the old one. A build killed at any
//! point leaves the previous generation live and readable; stale folders are removed
//! by the next successful build. The manifest records every input file's size,
//! modification time and SHA-256, so a changed source triggers a rebuild.

pub mod atomic;
pub mod cache;
pub mod derived;
pub mod events;
pub mod export;
pub mod ideal;
pub mod manifest;
pub mod parquet;
pub mod ties;
pub mod unga;

pub use cache::{Generation, StoreError, TableSet};

/// The thread pool for parallel work done while a build lock may be held (reading the
/// tie datasets, encoding Parquet columns), apart from rayon's global pool: a global
/// worker that waits for a build lock must never hold up the lock holder's own work,
/// or the two wait for each other.
pub fn build_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("entente-build-{i}"))
            .build()
            .or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build())
            .expect("a one-thread pool can always be built")
    })
}
pub use manifest::{InputFile, Manifest};
