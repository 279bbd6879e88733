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

/// The thread pool for work done under a build lock (building the vote tables, reading
/// the tie datasets, encoding their Parquet), apart from rayon's global pool: a global
/// worker that waits for a build lock must never hold up the lock holder's own work,
/// or the two wait for each other. Reached through [`on_build_pool`].
fn build_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("entente-build-{i}"))
            .build()
            .or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build())
            .expect("a one-thread pool can always be built")
    })
}

/// Runs `work` on the build pool, the calling thread blocked until it ends without
/// running other rayon jobs meanwhile. A worker of rayon's global pool that called
/// `install` itself would keep taking global jobs while it waits — and under a build
/// lock, one of those may be another load waiting for that very lock (a deadlock seen
/// in the session tests): from such a worker the call goes through a plain thread,
/// whose wait is a plain block. On the build pool already (a build within a build),
/// `work` runs in place.
pub fn on_build_pool<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let pool = build_pool();
    if pool.current_thread_index().is_some() || rayon::current_thread_index().is_none() {
        // In place on the build pool, or a plain thread that blocks in `install`.
        return pool.install(work);
    }
    std::thread::scope(|s| {
        s.spawn(|| pool.install(work))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
pub use manifest::{InputFile, Manifest};

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;
    use std::cell::Cell;
    use std::sync::atomic::{AtomicUsize, Ordering};

    thread_local! {
        /// Set while this thread waits for work it sent to the build pool.
        static WAITING: Cell<bool> = const { Cell::new(false) };
    }

    #[test]
    fn a_worker_waiting_for_the_build_pool_takes_up_no_other_rayon_work() {
        // A worker of another pool (as rayon's global workers are) sends work to the
        // build pool while 64 more jobs wait in its own pool's queue: none of them may
        // run on the waiting thread (under a build lock, one could wait for that lock).
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let taken_up = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        pool.scope(|s| {
            s.spawn(|_| {
                WAITING.set(true);
                let sum: u64 = on_build_pool(|| {
                    (0..64u64)
                        .into_par_iter()
                        .map(|i| {
                            std::thread::sleep(std::time::Duration::from_millis(2));
                            i
                        })
                        .sum()
                });
                WAITING.set(false);
                assert_eq!(sum, 64 * 63 / 2);
            });
            for _ in 0..64 {
                s.spawn(|_| {
                    if WAITING.get() {
                        taken_up.fetch_add(1, Ordering::SeqCst);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                    done.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(done.load(Ordering::SeqCst), 64);
        assert_eq!(taken_up.load(Ordering::SeqCst), 0);
        // From a plain thread and from the build pool itself, the work runs too.
        assert_eq!(on_build_pool(|| 7), 7);
        assert_eq!(build_pool().install(|| on_build_pool(|| 8)), 8);
    }
}
