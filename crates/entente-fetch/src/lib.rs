//! entente's data supply, kept out of the analysis crates: the pinned files of the
//! documented data folder ([`pins`]), verified downloads with resume, retries, timeouts
//! and mirrors ([`http`]), and GDELT's file lists ([`gdelt`]).

pub mod gdelt;
pub mod http;
pub mod pins;
#[cfg(any(test, feature = "test-server"))]
pub mod test_server;

pub use http::{Client, Expect, FetchError};
