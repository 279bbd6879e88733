//! The tie datasets' dyad-year records as plain tables: parsed by entente-sources,
//! cached in Parquet by entente-store, indexed by entente-sources' `DyadSources`. Keys
//! are COW codes and years; within a dataset's years a missing key means none.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

/// A hash map keyed by small integers: FxHash (the keys are codes and years, not
/// user-controlled strings; several times faster than SipHash on the index's millions of
/// lookups).
pub type FastMap<K, V> = HashMap<K, V, FxBuildHasher>;

/// Records per (state, state, year).
pub type DyadYearMap<T> = FastMap<(u16, u16, i32), T>;

/// The tie records that are plain dyad-year values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TieTables {
    /// ATOP obligations of a toward b (defense, offense, neutrality, non-aggression,
    /// consultation), directed.
    pub atop: DyadYearMap<[bool; 5]>,
    /// COW alliance types (defense pact, neutrality, non-aggression, entente), directed.
    pub cow_alliances: DyadYearMap<[bool; 4]>,
    /// Shared full IGO memberships, (lower code, higher code).
    pub igo: DyadYearMap<u16>,
    /// SIPRI TIV delivered a → b (millions), directed.
    pub arms: DyadYearMap<f64>,
    /// MME and JME exercises with both, (lower code, higher code).
    pub mme: DyadYearMap<u32>,
    pub jme: DyadYearMap<u32>,
    /// Highest COW MID hostility (1–5), (lower code, higher code).
    pub mids: DyadYearMap<u8>,
    /// IMF DOTS: (reporter, partner or 0 for World, exports?, year) → US$ millions.
    pub trade: FastMap<(u16, u16, bool, i32), f64>,
    /// AidData Chinese official finance: (recipient, year) → [OOF, ODA, vague], 2021 US$.
    pub finance: FastMap<(u16, i32), [f64; 3]>,
}
