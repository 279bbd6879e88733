//! The session: the data folder, the cache and everything loaded from them, each
//! loaded at most once (on first use) and shared by every analysis. Safe to share
//! between threads (the dashboard answers from one session).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use entente_core::agreement::{Block, Grouping, blocks};
use entente_core::ideal::IdealTable;
use entente_core::ties::TieTables;
use entente_core::votes::RollCallFilter;
use entente_core::{Country, Registry, VoteTable};
use entente_sources::ties::Deal;
use entente_sources::ties::dyads::DyadSources;
use entente_sources::ties::sanctions::SanctionCase;
use entente_sources::{DataDir, countries, unga};
use entente_store::cache::{TableSet, cache_root};
use entente_store::events::EventStore;
use entente_store::parquet::write_batch;
use entente_store::unga as store;
use entente_store::{Generation, StoreError};

use crate::error::{Context as _, Error, Result};
use crate::progress::{Progress, Silent, timed};

/// What a generation of the `ties` table set holds.
struct TieSet {
    tables: TieTables,
    sanctions: Vec<SanctionCase>,
    deals: Vec<Deal>,
    /// The generation's folder name.
    generation: String,
}

/// The tie datasets as the session holds them.
struct LoadedTies {
    sources: DyadSources,
    /// The SIPRI trade register's deals.
    deals: Vec<Deal>,
    /// The `ties` generation they were read from (its folder name).
    generation: String,
}

/// The GSDB sanction cases and the SIPRI register's deals in a generation of the `ties`
/// table set (record lists, kept as JSON beside the Parquet tables).
const SANCTION_CASES: &str = "gsdb.json";
const REGISTER_DEALS: &str = "sipri_register.json";

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = std::fs::read(path).map_err(|e| StoreError::io(path, e))?;
    Ok(serde_json::from_slice(&bytes).map_err(|e| StoreError::decode(path, e))?)
}

fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<()> {
    let json = serde_json::to_vec(value).map_err(|e| StoreError::decode(path, e))?;
    Ok(entente_store::atomic::write_bytes(path, &json)?)
}

/// The UN vote tables with the cache generation they were read from.
pub struct Votes {
    pub table: VoteTable,
    pub generation: Generation,
}

/// Ideal point (θ, 5%, 95%) by (COW code, year), as the index reads them.
pub type IdealMap = HashMap<(u16, i32), (f64, f64, f64)>;

/// Loads once, answers many times.
pub struct Session {
    data: Option<PathBuf>,
    cache: Option<PathBuf>,
    progress: Box<dyn Progress>,
    data_dir: OnceLock<DataDir>,
    registry: OnceLock<Registry>,
    votes: OnceLock<Votes>,
    ga_years: OnceLock<Vec<Block>>,
    ideal: OnceLock<IdealTable>,
    ideal_map: OnceLock<IdealMap>,
    /// The tie datasets and the name of the `ties` generation they were read from.
    ties: OnceLock<LoadedTies>,
    blocs: OnceLock<Vec<entente_core::blocs::YearBlocs>>,
    pub(crate) references: OnceLock<entente_core::index::YearReferences>,
}

/// The vote tables of a cache generation.
fn read_votes(g: Generation) -> Result<Votes> {
    let t0 = std::time::Instant::now();
    let table = store::read_table(&g.table("rollcalls"), &g.table("votes"))?;
    tracing::info!(
        "read cached vote tables in {:?} from {}",
        t0.elapsed(),
        g.dir.display()
    );
    Ok(Votes {
        table,
        generation: g,
    })
}

/// `cell`'s value, loading it with `load` the first time (a failed load is not kept,
/// so the next call tries again).
pub(crate) fn once<T>(cell: &OnceLock<T>, load: impl FnOnce() -> Result<T>) -> Result<&T> {
    if let Some(v) = cell.get() {
        return Ok(v);
    }
    let v = load()?;
    Ok(cell.get_or_init(|| v))
}

impl Session {
    /// A session over the data folder (`None`: $ENTENTE_DATA, ./data, ../shared/data
    /// upward) and the cache folder (`None`: $ENTENTE_CACHE, $XDG_CACHE_HOME/entente,
    /// ~/.cache/entente). Nothing is read until asked for.
    pub fn new(data: Option<PathBuf>, cache: Option<PathBuf>) -> Session {
        Session {
            data,
            cache,
            progress: Box::new(Silent),
            data_dir: OnceLock::new(),
            registry: OnceLock::new(),
            votes: OnceLock::new(),
            ga_years: OnceLock::new(),
            ideal: OnceLock::new(),
            ideal_map: OnceLock::new(),
            ties: OnceLock::new(),
            blocs: OnceLock::new(),
            references: OnceLock::new(),
        }
    }

    /// Shows long work through `progress`.
    pub fn with_progress(mut self, progress: Box<dyn Progress>) -> Session {
        self.progress = progress;
        self
    }

    pub(crate) fn progress(&self) -> &dyn Progress {
        self.progress.as_ref()
    }

    /// The data folder.
    pub fn data_dir(&self) -> Result<&DataDir> {
        once(&self.data_dir, || {
            Ok(DataDir::locate(self.data.as_deref())?)
        })
    }

    /// Where data should go when there is no data folder yet (`entente data fetch` on a
    /// new machine): the found data folder, else `--data`, `$ENTENTE_DATA` or `./data`.
    pub fn data_target(&self) -> PathBuf {
        if let Ok(d) = self.data_dir() {
            return d.root.clone();
        }
        self.data
            .clone()
            .or_else(|| std::env::var_os("ENTENTE_DATA").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("data"))
    }

    /// The cache folder.
    pub fn cache_root(&self) -> PathBuf {
        cache_root(self.cache.as_deref())
    }

    /// The `--cache` folder, if one was given.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.cache.as_deref()
    }

    /// The event store in the cache folder.
    pub fn event_store(&self) -> EventStore {
        EventStore::new(&self.cache_root())
    }

    /// The country registry.
    pub fn registry(&self) -> Result<&Registry> {
        once(&self.registry, || {
            let dir = self.data_dir()?;
            let t0 = std::time::Instant::now();
            let reg = countries::load(dir).context(|| "building the country registry".into())?;
            tracing::info!("built the country registry in {:?}", t0.elapsed());
            Ok(reg)
        })
    }

    /// A state by name, code or COW number.
    pub fn resolve(&self, query: &str) -> Result<&Country> {
        Ok(self.registry()?.resolve(query)?)
    }

    /// Several states that must all differ (a dyad, a trio), in the order given; a
    /// repeat is an invalid request naming the two queries.
    pub fn resolve_distinct<const N: usize>(&self, queries: [&str; N]) -> Result<[&Country; N]> {
        let mut out: Vec<&Country> = Vec::with_capacity(N);
        for (i, q) in queries.iter().enumerate() {
            let c = self.resolve(q)?;
            if let Some(j) = out.iter().position(|o| o.ccode == c.ccode) {
                return Err(Error::invalid(format!(
                    "'{}' and '{}' are the same state: {c}",
                    queries[j], queries[i]
                )));
            }
            out.push(c);
        }
        Ok(std::array::from_fn(|i| out[i]))
    }

    /// Every file the vote tables derive from (relative to the data folder).
    pub fn vote_inputs() -> Vec<&'static str> {
        let mut v: Vec<&str> = countries::files().to_vec();
        v.extend(unga::files());
        v
    }

    /// The merged vote table: from the cache when it is fresh, else rebuilt and cached.
    pub fn votes(&self) -> Result<&Votes> {
        once(&self.votes, || self.load_votes(false))
    }

    /// The merged vote table rebuilt from the sources even when the cache is fresh
    /// (the first load of the session; later calls return what was loaded).
    pub fn rebuilt_votes(&self) -> Result<&Votes> {
        once(&self.votes, || self.load_votes(true))
    }

    fn load_votes(&self, rebuild: bool) -> Result<Votes> {
        let reg = self.registry()?;
        let dir = self.data_dir()?;
        let set = TableSet::new(&self.cache_root(), "unga");
        let inputs = Self::vote_inputs();
        if !rebuild && let Some(g) = set.fresh(&dir.root, &inputs)? {
            return read_votes(g);
        }
        // One build at a time; a run that waited finds the other's build fresh.
        set.while_locked(|| {
            if !rebuild && let Some(g) = set.fresh(&dir.root, &inputs)? {
                return read_votes(g);
            }
            let task = self
                .progress
                .spinner("building the UN vote tables: reading 4 sources and merging them");
            let (table, report) = unga::load_all(dir, reg)?;
            task.message("building the UN vote tables: hashing inputs and writing Parquet");
            let gen_dir = set.begin()?;
            let iso3 = |cc: u16| reg.code3_of(cc);
            write_batch(
                &gen_dir.join("rollcalls.parquet"),
                &store::rollcalls_batch(&table.rollcalls),
            )?;
            write_batch(
                &gen_dir.join("votes.parquet"),
                &store::votes_batch(&table.votes, &iso3),
            )?;
            write_batch(
                &gen_dir.join("conflicts.parquet"),
                &store::conflicts_batch(&report.conflicts),
            )?;
            let tables = vec![
                ("rollcalls".to_string(), table.rollcalls.len() as u64),
                ("votes".to_string(), table.votes.len() as u64),
                ("conflicts".to_string(), report.conflicts.len() as u64),
            ];
            let report = serde_json::to_value(&report)
                .map_err(|e| Error::invalid(format!("internal: the merge report: {e}")))?;
            let generation = set.commit(&gen_dir, &dir.root, &inputs, tables, report)?;
            drop(task);
            tracing::info!("built vote tables in {}", generation.dir.display());
            Ok(Votes { table, generation })
        })?
    }

    /// General Assembly roll calls grouped by session year (the default filter), in
    /// year order: what the brief, the index, blocs and the dashboard read.
    pub fn ga_years(&self) -> Result<&[Block]> {
        once(&self.ga_years, || {
            Ok(blocks(
                &self.votes()?.table,
                &RollCallFilter::default(),
                Grouping::Year,
            ))
        })
        .map(Vec::as_slice)
    }

    /// Ideal points of the default model over the whole history of the General
    /// Assembly (from the cache when estimated before).
    pub fn ideal_points(&self) -> Result<&IdealTable> {
        once(&self.ideal, || {
            crate::ideal::estimate_cached(self, &crate::ideal::IdealRequest::default())
        })
    }

    /// [`Session::ideal_points`] as (θ, 5%, 95%) by (COW code, year).
    pub fn ideal_map(&self) -> Result<&IdealMap> {
        once(&self.ideal_map, || {
            Ok(self
                .ideal_points()?
                .rows
                .iter()
                .map(|r| ((r.ccode, r.year), (r.ideal, r.q05, r.q95)))
                .collect())
        })
    }

    /// The tie datasets per dyad-year. Their plain dyad-year tables come from the cache
    /// when it is fresh (a damaged cache is rebuilt), else from the source files, then
    /// cached; sanction cases and event counts are read from their files.
    pub fn ties(&self) -> Result<&DyadSources> {
        Ok(&self.loaded_ties()?.sources)
    }

    /// The SIPRI trade register's deals (parsed once per data change, then cached).
    pub fn arms_deals(&self) -> Result<&[Deal]> {
        Ok(&self.loaded_ties()?.deals)
    }

    fn loaded_ties(&self) -> Result<&LoadedTies> {
        once(&self.ties, || {
            let t0 = std::time::Instant::now();
            let set = self.tie_tables()?;
            let absent = entente_sources::ties::dyads::absent_files(self.data_dir()?);
            for f in &absent {
                tracing::warn!("{f} is missing from the data folder: its indicators are missing");
            }
            let sources = timed("assembled the tie sources", || {
                DyadSources::assemble(set.tables, set.sanctions, &absent)
            });
            tracing::info!("loaded the tie datasets in {:?}", t0.elapsed());
            Ok(LoadedTies {
                sources,
                deals: set.deals,
                generation: set.generation,
            })
        })
    }

    /// Files the cached tie tables derive from (relative to the data folder): the tie
    /// files present (a file that appears or disappears changes the set, so the cache
    /// is rebuilt).
    fn tie_inputs(dir: &entente_sources::DataDir) -> Vec<&'static str> {
        let mut v: Vec<&str> = countries::files().to_vec();
        v.extend(entente_sources::ties::dyads::table_files());
        v.extend(entente_sources::ties::dyads::record_files());
        let absent = entente_sources::ties::dyads::absent_files(dir);
        v.retain(|f| !absent.contains(f));
        v
    }

    /// The datasets of the scores whose files are missing from the data folder (their
    /// catalogue names); their indicators are missing in every year.
    pub fn absent_tie_datasets(&self) -> Result<Vec<&'static str>> {
        let absent = entente_sources::ties::dyads::absent_files(self.data_dir()?);
        let mut names: Vec<&str> = entente_sources::catalogue::DATASETS
            .iter()
            .filter(|d| d.files.iter().any(|f| absent.contains(f)))
            .map(|d| d.name)
            .collect();
        names.dedup();
        Ok(names)
    }

    /// The folder name of the `ties` generation the tie datasets were read from.
    pub(crate) fn ties_generation(&self) -> Result<&str> {
        Ok(&self.loaded_ties()?.generation)
    }

    /// The plain tie tables and the GSDB sanction cases from the `ties` table set (built
    /// from the data folder when missing or stale; the cases as `gsdb.json`).
    fn tie_tables(&self) -> Result<TieSet> {
        let dir = self.data_dir()?;
        let set = TableSet::new(&self.cache_root(), "ties");
        let inputs = Self::tie_inputs(dir);
        let cached = |g: Generation| {
            let name = g.name();
            let read = || -> Result<_> {
                let (tables, (cases, deals)) = rayon::join(
                    || timed("tie tables", || entente_store::ties::read(&g.dir)),
                    || {
                        (
                            read_json(&g.dir.join(SANCTION_CASES)),
                            read_json(&g.dir.join(REGISTER_DEALS)),
                        )
                    },
                );
                Ok(TieSet {
                    tables: tables?,
                    sanctions: cases?,
                    deals: deals?,
                    generation: name,
                })
            };
            match read() {
                Ok(t) => Some(t),
                Err(e) => {
                    tracing::warn!("rebuilding a damaged tie cache: {e}");
                    None
                }
            }
        };
        if let Some(t) = set.fresh(&dir.root, &inputs)?.and_then(cached) {
            return Ok(t);
        }
        set.while_locked(|| {
            if let Some(t) = set.fresh(&dir.root, &inputs)?.and_then(cached) {
                return Ok(t);
            }
            let task = self.progress.spinner(
            "reading the tie datasets (ATOP, COW, SIPRI, MME, JME, IMF DOTS, AidData, ICEWS, GSDB)",
        );
            let reg = self.registry()?;
            let present = |f: &str| inputs.contains(&f);
            let (tables, (cases, deals)) = rayon::join(
                || entente_sources::ties::dyads::read_tables(dir, reg),
                || {
                    (
                        if present(entente_sources::ties::sanctions::GSDB) {
                            entente_sources::ties::sanctions::gsdb(dir, reg)
                        } else {
                            Ok(Vec::new())
                        },
                        if present(entente_sources::ties::SIPRI_REGISTER) {
                            entente_sources::ties::sipri_register(dir, reg)
                        } else {
                            Ok(Vec::new())
                        },
                    )
                },
            );
            let (tables, cases, deals) = (tables?, cases?, deals?);
            task.message("caching the tie datasets as Parquet");
            let gen_dir = set.begin()?;
            entente_store::ties::write(&gen_dir, &tables)?;
            write_json(&gen_dir.join(SANCTION_CASES), &cases)?;
            write_json(&gen_dir.join(REGISTER_DEALS), &deals)?;
            let counts = vec![
                ("atop".to_string(), tables.atop.len() as u64),
                ("igo".to_string(), tables.igo.len() as u64),
                ("trade".to_string(), tables.trade.len() as u64),
                ("events".to_string(), tables.events.len() as u64),
                ("gsdb".to_string(), cases.len() as u64),
                ("sipri_register".to_string(), deals.len() as u64),
            ];
            let generation = set.commit(
                &gen_dir,
                &dir.root,
                &inputs,
                counts,
                serde_json::Value::Null,
            )?;
            Ok(TieSet {
                tables,
                sanctions: cases,
                deals,
                generation: generation.name(),
            })
        })?
    }

    /// Blocs of every year's agreement network (default options, labels followed
    /// through time, no stability).
    pub fn bloc_history(&self) -> Result<&[entente_core::blocs::YearBlocs]> {
        once(&self.blocs, || {
            let votes = self.votes()?.generation.name();
            let options = format!("{:?}", crate::blocs::options());
            self.derived(
                "blocs",
                &["bloc history", &votes, &options],
                crate::derived::Json,
                || {
                    Ok(crate::blocs::history(
                        self.ga_years()?,
                        entente_core::Measure::Agree,
                        &crate::blocs::options(),
                    ))
                },
            )
        })
        .map(Vec::as_slice)
    }
}
