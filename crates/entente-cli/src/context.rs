//! What every command needs: the analysis session (data folder, cache, registry,
//! votes, ideal points, tie datasets, loaded once), with progress bars on stderr.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use entente_analysis::Session;
use entente_analysis::progress::{Progress, Task};
use entente_core::{Country, Registry};
use entente_sources::DataDir;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

pub use entente_analysis::Votes;

/// An error in what the user asked for (exit code 2).
pub fn user_error(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(entente_analysis::Error::invalid(msg))
}

/// Whether an error is the user's to fix (exit 2) rather than entente's or the data's (exit 1).
/// A file the user named that does not exist or cannot be read, and a data folder that
/// is not one, are the user's to fix as well.
pub fn is_user_error(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<entente_analysis::Error>()
            .is_some_and(entente_analysis::Error::is_user)
            || c.downcast_ref::<entente_core::ResolveError>().is_some()
            || c.downcast_ref::<entente_sources::SourceError>()
                .is_some_and(entente_sources::SourceError::is_user)
    })
}

/// The CLI's view of a session.
pub struct Context {
    session: Session,
    bars: Bars,
}

/// Progress bars on stderr (indicatif: hidden when stderr is not a terminal), drawn
/// together when work runs side by side.
#[derive(Clone, Default)]
struct Bars(MultiProgress);

struct Bar(ProgressBar);

impl Task for Bar {
    fn inc(&self) {
        self.0.inc(1);
    }

    fn message(&self, msg: &str) {
        self.0.set_message(msg.to_string());
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

impl Progress for Bars {
    fn spinner(&self, msg: &str) -> Box<dyn Task + '_> {
        let bar = self.0.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar.set_message(msg.to_string());
        Box::new(Bar(bar))
    }

    fn bar(&self, msg: &str, len: u64) -> Box<dyn Task + Sync + '_> {
        Box::new(Bar(self.0.add(progress_bar(msg, len))))
    }
}

/// A progress bar of `len` steps described by `msg`.
pub fn progress_bar(msg: &str, len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} [{elapsed}, eta {eta}]")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(msg.to_string());
    bar
}

impl Context {
    pub fn new(data: Option<PathBuf>, cache: Option<PathBuf>) -> Self {
        let bars = Bars::default();
        Context {
            session: Session::new(data, cache).with_progress(Box::new(bars.clone())),
            bars,
        }
    }

    /// A spinner on stderr for work the command does itself (hidden when stderr is not a
    /// terminal); finished when dropped.
    pub fn spinner(&self, msg: &str) -> Box<dyn Task + '_> {
        self.bars.spinner(msg)
    }

    /// The analysis session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Gives the session away (to the dashboard, which serves from it).
    pub fn into_session(self) -> Session {
        self.session
    }

    pub fn data_dir(&self) -> Result<&DataDir> {
        Ok(self.session.data_dir()?)
    }

    pub fn registry(&self) -> Result<&Registry> {
        Ok(self.session.registry()?)
    }

    /// Resolves a state name or code; an unknown one is a user error (exit 2).
    pub fn resolve<'r>(&self, reg: &'r Registry, query: &str) -> Result<&'r Country> {
        reg.resolve(query).map_err(anyhow::Error::new)
    }

    /// Resolves several states that must all differ (a dyad, a trio); a repeat is a
    /// user error naming the two queries.
    pub fn resolve_distinct<const N: usize>(&self, queries: [&str; N]) -> Result<[&Country; N]> {
        Ok(self.session.resolve_distinct(queries)?)
    }

    /// The `--cache` folder, if given.
    pub fn cache_dir(&self) -> Option<&std::path::Path> {
        self.session.cache_dir()
    }

    /// The merged vote table: from the cache when it is fresh, else rebuilt.
    pub fn votes(&self) -> Result<&Votes> {
        Ok(self.session.votes()?)
    }
}
