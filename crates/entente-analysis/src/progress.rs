//! Feedback on long work (building the vote tables, estimating ideal points), without
//! the analysis layer knowing how it is shown: the CLI draws progress bars on stderr,
//! the dashboard and the tests show nothing.

/// A task under way; finished when dropped.
pub trait Task {
    /// One more unit done (bars with a length).
    fn inc(&self) {}
    /// A new description of what is being done.
    fn message(&self, _msg: &str) {}
}

/// Shows tasks.
pub trait Progress: Send + Sync {
    /// A task of unknown length.
    fn spinner(&self, msg: &str) -> Box<dyn Task + '_>;
    /// A task of `len` units.
    fn bar(&self, msg: &str, len: u64) -> Box<dyn Task + Sync + '_>;
}

/// Shows nothing.
pub struct Silent;

struct Nothing;

impl Task for Nothing {}

impl Progress for Silent {
    fn spinner(&self, _msg: &str) -> Box<dyn Task + '_> {
        Box::new(Nothing)
    }

    fn bar(&self, _msg: &str, _len: u64) -> Box<dyn Task + Sync + '_> {
        Box::new(Nothing)
    }
}

/// Runs `f` and logs how long it took (debug level, `-vv`).
pub fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = std::time::Instant::now();
    let out = f();
    tracing::debug!("{what} in {:?}", t.elapsed());
    out
}
