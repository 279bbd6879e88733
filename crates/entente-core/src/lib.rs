//! entente-core: the pure part of entente.
//!
//! Country registry types and name resolution, the UN vote model, and the
//! agreement measures. Nothing in this crate opens a file: parsers live in
//! `entente-sources`, the table store in `entente-store`, the CLI in
//! `entente-cli`.

pub mod agreement;
pub mod bargain;
pub mod blocs;
pub mod breaks;
pub mod country;
pub mod date;
pub mod events;
pub mod ideal;
pub mod index;
pub mod leiden;
pub mod measures;
pub mod network;
pub mod normal;
pub mod pelt;
pub mod shift;
pub mod since;
pub mod stats;
pub mod ties;
pub mod triangle;
pub mod votes;

pub use country::{Country, Registry, ResolveError, Spell};
pub use date::Date;
pub use measures::{Measure, PairTable, UnknownName};
pub use votes::{Body, Issue, RollCall, SourceId, Vote, VoteRecord, VoteTable, YearMode};
