//! Results derived from the cached tables, kept in the cache folder
//! (`entente_store::derived`) so that the next run reads them instead of recomputing:
//! the index's yearly reference distributions, the bloc history, and a pair's events and
//! the daily volume from the event store (`crate::events`). Each is keyed by the
//! generations of the tables (or the event store's manifest) it was computed from, its
//! parameters and the build; a missing or damaged file is recomputed, and failing to
//! store one is only a warning.

use entente_core::index::YearReferences;
use entente_store::derived::Derived;

use crate::defaults;
use crate::error::Result;
use crate::progress::timed;
use crate::session::{Session, once};

/// How a result becomes bytes and back.
pub(crate) trait Codec<T> {
    fn encode(&self, value: &T) -> Result<Vec<u8>, String>;
    /// None: not a valid encoding (recomputed).
    fn decode(&self, bytes: &[u8]) -> Option<T>;
}

/// JSON through serde (floats round-trip exactly: serde_json's `float_roundtrip`).
pub(crate) struct Json;

impl<T: serde::Serialize + serde::de::DeserializeOwned> Codec<T> for Json {
    fn encode(&self, value: &T) -> Result<Vec<u8>, String> {
        serde_json::to_vec(value).map_err(|e| e.to_string())
    }

    fn decode(&self, bytes: &[u8]) -> Option<T> {
        serde_json::from_slice(bytes).ok()
    }
}

/// The index references' own compact encoding.
struct References;

impl Codec<YearReferences> for References {
    fn encode(&self, value: &YearReferences) -> Result<Vec<u8>, String> {
        Ok(value.encode())
    }

    fn decode(&self, bytes: &[u8]) -> Option<YearReferences> {
        YearReferences::decode(bytes)
    }
}

impl Session {
    /// The result of `kind` keyed by `parts`: read from the derived cache, or computed
    /// by `compute` and stored.
    pub(crate) fn derived<T>(
        &self,
        kind: &str,
        parts: &[&str],
        codec: impl Codec<T>,
        compute: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let store = Derived::new(&self.cache_root(), kind);
        let key = Derived::key(parts);
        if let Some(v) = timed(&format!("read derived {kind}"), || {
            store.get(&key).and_then(|b| codec.decode(&b))
        }) {
            return Ok(v);
        }
        let value = timed(&format!("computed {kind}"), compute)?;
        let kept = codec
            .encode(&value)
            .and_then(|bytes| store.put(&key, &bytes).map_err(|e| e.to_string()));
        if let Err(e) = kept {
            tracing::warn!("could not keep the {kind} for the next run: {e}");
        }
        Ok(value)
    }

    /// The relationship index's reference distributions of every year of
    /// [`defaults::INDEX_YEARS`] (each indicator over all dyads of the year).
    pub fn index_references(&self) -> Result<&YearReferences> {
        once(&self.references, || {
            let votes = self.votes()?.generation.name();
            let ties = self.ties_generation()?.to_string();
            let (lo, hi) = defaults::INDEX_YEARS;
            let years = format!("{lo}-{hi}");
            self.derived(
                "index",
                &["index references", &votes, &ties, &years],
                References,
                || {
                    let task = self
                        .progress()
                        .spinner("ranking every dyad-year for the relationship index");
                    let inputs = self.index_inputs()?;
                    let years: Vec<i32> = (lo..=hi).collect();
                    let refs = inputs.references(&years);
                    drop(task);
                    Ok(refs)
                },
            )
        })
    }
}
