//! Score weights from a TOML file (`entente profile --weights FILE`):
//!
//! ```toml
//! min_coverage = 0.4          # a score only when ≥ 40 % of its weight is present
//! [dimensions]                # relative weights of the four dimensions (both scores)
//! diplomatic = 1.0
//! economic = 2.0
//! [indicators]                # relative weights of the components within a dimension
//! ideal_closeness = 0.0       # 0 leaves a component out
//! ```
//!
//! Keys left out keep their defaults; unknown keys are errors naming file and line.

use std::path::Path;

use entente_core::index::{COMPONENTS, DIMENSIONS, Weights};

use crate::error::{Result, SourceError};
use crate::table::read_text;

fn line_of(text: &str, key: &str) -> u64 {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(0, |k| k as u64 + 1)
}

/// Reads weights from `path`, starting from the defaults.
pub fn read(path: &Path) -> Result<Weights> {
    let text = read_text(path)?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| SourceError::Record {
        file: path.to_path_buf(),
        line: e.span().map_or(0, |s| {
            text[..s.start.min(text.len())].lines().count() as u64
        }),
        message: e.message().to_string(),
    })?;
    let mut w = Weights::default();
    let err =
        |key: &str, message: String| SourceError::field(path, line_of(&text, key), key, message);
    let number = |key: &str, v: &toml::Value| -> Result<f64> {
        match v {
            toml::Value::Float(f) => Ok(*f),
            toml::Value::Integer(i) => Ok(*i as f64),
            other => Err(err(key, format!("expected a number, found {other}"))),
        }
    };
    for (key, value) in &table {
        match (key.as_str(), value) {
            ("min_coverage", v) => {
                let m = number(key, v)?;
                if !(0.0..=1.0).contains(&m) {
                    return Err(err(key, format!("must be between 0 and 1, found {m}")));
                }
                w.min_coverage = m;
            }
            ("dimensions" | "indicators", toml::Value::Table(t)) => {
                for (k, v) in t {
                    let known = if key == "dimensions" {
                        DIMENSIONS.iter().any(|d| d.name() == k)
                    } else {
                        COMPONENTS.iter().any(|c| c.key == k)
                    };
                    if !known {
                        let names: Vec<&str> = if key == "dimensions" {
                            DIMENSIONS.iter().map(|d| d.name()).collect()
                        } else {
                            COMPONENTS.iter().map(|c| c.key).collect()
                        };
                        let close: Vec<&str> = names
                            .iter()
                            .copied()
                            .filter(|n| n.contains(k.as_str()) || k.contains(n))
                            .collect();
                        let hint = if close.is_empty() {
                            format!("known: {}", names.join(", "))
                        } else {
                            format!("did you mean {}?", close.join(" or "))
                        };
                        return Err(err(k, format!("unknown {key} key '{k}'; {hint}")));
                    }
                    w.set(k, number(k, v)?).map_err(|m| err(k, m.to_string()))?;
                }
            }
            _ => {
                return Err(err(
                    key,
                    format!(
                        "unknown key '{key}' (expected min_coverage, [dimensions], [indicators])"
                    ),
                ));
            }
        }
    }
    if w.dimension.iter().all(|&d| d == 0.0) {
        return Err(err("dimensions", "every dimension has weight 0".into()));
    }
    Ok(w)
}
