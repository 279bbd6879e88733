//! What every command needs: the data folder, the registry, the cached vote table.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};
use entente_core::{Country, Registry, VoteTable};
use entente_sources::{DataDir, countries, unga};
use entente_store::Generation;
use entente_store::cache::{TableSet, cache_root};
use entente_store::manifest::InputFile;
use entente_store::unga as store;
use indicatif::{ProgressBar, ProgressStyle};

/// An error in what the user asked for (exit code 2).
#[derive(Debug)]
pub struct UserError(pub String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

pub fn user_error(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UserError(msg.into()))
}

pub struct Context {
    data: Option<PathBuf>,
    cache: Option<PathBuf>,
}

/// The UN vote tables with their manifest.
pub struct Votes {
    pub table: VoteTable,
    pub generation: Generation,
}

impl Context {
    pub fn new(data: Option<PathBuf>, cache: Option<PathBuf>) -> Self {
        Context { data, cache }
    }

    pub fn data_dir(&self) -> Result<DataDir> {
        Ok(DataDir::locate(self.data.as_deref())?)
    }

    pub fn registry(&self) -> Result<Registry> {
        let dir = self.data_dir()?;
        let t0 = std::time::Instant::now();
        let reg = countries::load(&dir).context("building the country registry")?;
        tracing::info!("built the country registry in {:?}", t0.elapsed());
        Ok(reg)
    }

    /// Resolves a state name or code; an unknown one is a user error (exit 2).
    pub fn resolve<'r>(&self, reg: &'r Registry, query: &str) -> Result<&'r Country> {
        reg.resolve(query).map_err(anyhow::Error::new)
    }

    /// Resolves several states that must all differ (a dyad, a trio); a repeat is a
    /// user error naming the two queries.
    pub fn resolve_distinct<'r, const N: usize>(
        &self,
        reg: &'r Registry,
        queries: [&str; N],
    ) -> Result<[&'r Country; N]> {
        let mut out: Vec<&Country> = Vec::with_capacity(N);
        for (i, q) in queries.iter().enumerate() {
            let c = self.resolve(reg, q)?;
            if let Some(j) = out.iter().position(|o| o.ccode == c.ccode) {
                return Err(user_error(format!(
                    "'{}' and '{}' are the same state: {c}",
                    queries[j], queries[i]
                )));
            }
            out.push(c);
        }
        out.try_into()
            .map_err(|_| user_error("internal: wrong number of states"))
    }

    /// The `--cache` folder, if given.
    pub fn cache_dir(&self) -> Option<&std::path::Path> {
        self.cache.as_deref()
    }

    fn unga_set(&self) -> TableSet {
        TableSet::new(&cache_root(self.cache.as_deref()), "unga")
    }

    /// Every file the vote tables derive from (relative to the data folder).
    pub fn unga_inputs() -> Vec<&'static str> {
        let mut v: Vec<&str> = countries::files().to_vec();
        v.extend(unga::files());
        v
    }

    /// The merged vote table: from the cache when it is fresh, else rebuilt.
    pub fn votes(&self, reg: &Registry, force: bool) -> Result<Votes> {
        let dir = self.data_dir()?;
        let set = self.unga_set();
        let inputs = Self::unga_inputs();
        if !force && let Some(g) = set.fresh(&dir.root, &inputs)? {
            let t0 = std::time::Instant::now();
            let table = store::read_table(&g.table("rollcalls"), &g.table("votes"))?;
            tracing::info!(
                "read cached vote tables in {:?} from {}",
                t0.elapsed(),
                g.dir.display()
            );
            return Ok(Votes {
                table,
                generation: g,
            });
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar.set_message("building the UN vote tables: reading 4 sources and merging them");
        let (table, report) = unga::load_all(&dir, reg)?;
        bar.set_message("building the UN vote tables: hashing inputs and writing Parquet");
        let gen_dir = set.begin()?;
        let iso3 = |cc: u16| reg.code3_of(cc);
        store::write_batch(
            &gen_dir.join("rollcalls.parquet"),
            &store::rollcalls_batch(&table.rollcalls),
        )?;
        store::write_batch(
            &gen_dir.join("votes.parquet"),
            &store::votes_batch(&table.votes, &iso3),
        )?;
        store::write_batch(
            &gen_dir.join("conflicts.parquet"),
            &store::conflicts_batch(&report.conflicts),
        )?;
        let described: Vec<InputFile> = inputs
            .iter()
            .map(|rel| InputFile::describe(&dir.root, rel))
            .collect::<Result<_, _>>()?;
        let tables = vec![
            ("rollcalls".to_string(), table.rollcalls.len() as u64),
            ("votes".to_string(), table.votes.len() as u64),
            ("conflicts".to_string(), report.conflicts.len() as u64),
        ];
        let generation = set.commit(
            &gen_dir,
            &dir.root,
            described,
            tables,
            serde_json::to_value(&report)?,
        )?;
        bar.finish_and_clear();
        tracing::info!("built vote tables in {}", generation.dir.display());
        Ok(Votes { table, generation })
    }
}
