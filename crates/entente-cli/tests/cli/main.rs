//! End-to-end tests of the `entente` binary on the real data folder, one module per
//! command family (one test binary, so the binary and the cache are built once).

mod brief;
mod check;
mod common;
mod data;
mod events;
mod export;
mod forecast;
mod store;
mod system;
mod ties;
mod votes;
