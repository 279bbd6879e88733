//! entente-sources: readers for the official layouts of entente's datasets.
//!
//! One module per dataset and layout. Each reader takes a file in its published
//! form (gzip or plain, BOMs, CRLF, quoted multi-line fields) and returns core
//! types, or an error naming the file, line and field.

pub mod catalogue;
pub mod claims;
pub mod countries;
pub mod data_dir;
pub mod error;
pub mod events;
pub mod index_weights;
pub mod nmc;
pub mod reference;
pub mod rivalries;
pub mod scenario;
pub mod table;
pub mod ties;
pub mod unga;

pub use data_dir::DataDir;
pub use error::SourceError;
