//! entente-analysis: the one analysis layer between the outputs (CLI, brief,
//! dashboard, export) and the pure core.
//!
//! A [`Session`] owns the data folder, the cache and everything loaded from them,
//! each loaded at most once, and every answer is a function of the session and a
//! request with typed, serialisable results. Every default lives in [`defaults`].
//! The outputs parse, call and render; none of them computes.

pub mod blocs;
pub mod breaks;
pub mod brief;
pub mod brokers;
pub mod check;
pub mod datasets;
pub mod defaults;
mod derived;
pub mod drift;
pub mod dyad;
pub mod error;
pub mod events;
pub mod evidence;
pub mod examples;
pub mod forecast;
pub mod ideal;
pub mod pair;
pub mod profile;
pub mod progress;
pub mod scenario;
pub mod session;
pub mod shift;
pub mod triangle;
pub mod validation;

pub use error::{Error, Result};
pub use session::{Session, Votes};
