//! entente-report: the brief. A document model ([`model`]) built from computed results
//! ([`brief::build`]), rendered as one self-contained HTML file with inline SVG charts
//! ([`render::html`]) or as Markdown ([`render::markdown`]). Pure: no I/O, no clock, so
//! the same inputs give the same bytes.

pub mod brief;
pub mod claims;
pub mod forecast;
pub mod model;
pub mod render;
pub mod shift;
pub mod svg;
