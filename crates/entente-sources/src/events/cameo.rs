//! CAMEO lookups from `cameo/` (see its SOURCE.md): event codes with descriptions,
//! Goldstein weights, and the CAMEO→PLOVER mapping (PLOVER draft 0.8).

use std::collections::HashMap;

use crate::data_dir::DataDir;
use crate::error::{Result, SourceError};
use crate::table::{Table, read_text};

pub const EVENT_CODES: &str = "cameo/CAMEO.eventcodes.txt.gz";
pub const GOLDSTEIN: &str = "cameo/CAMEO.goldsteinscale.txt.gz";
pub const PLOVER: &str = "cameo/CAMEO2PLOVER-2021.txt.gz";

/// CAMEO lookups.
#[derive(Clone, Debug, Default)]
pub struct Cameo {
    /// Event code ("0231") → description.
    pub descriptions: HashMap<String, String>,
    /// Event code → Goldstein weight × 10.
    pub goldstein_x10: HashMap<String, i16>,
    /// Event code → (PLOVER event, mode, context).
    pub plover: HashMap<String, (String, String, String)>,
}

impl Cameo {
    pub fn load(data: &DataDir) -> Result<Cameo> {
        let mut c = Cameo::default();
        let t = Table::open_with(&data.file(EVENT_CODES), b'\t')?;
        let (code, desc) = (t.col("CAMEOEVENTCODE")?, t.col("EVENTDESCRIPTION")?);
        t.for_each(|r| {
            c.descriptions.insert(
                r.get(code)?.trim().to_string(),
                r.get(desc)?.trim().to_string(),
            );
            Ok(())
        })?;
        let t = Table::open_with(&data.file(GOLDSTEIN), b'\t')?;
        let (code, g) = (t.col("CAMEOEVENTCODE")?, t.col("GOLDSTEINSCALE")?);
        t.for_each(|r| {
            let v: f64 = r.parse(g)?;
            if !(-10.0..=10.0).contains(&v) {
                return Err(r.error(g, format!("Goldstein weights run −10 … 10, found {v}")));
            }
            c.goldstein_x10
                .insert(r.get(code)?.trim().to_string(), (v * 10.0).round() as i16);
            Ok(())
        })?;
        let path = data.file(PLOVER);
        c.plover = parse_plover(&path, &read_text(&path)?)?;
        Ok(c)
    }

    /// The Goldstein weight × 10 of an event code, falling back to its base and root
    /// codes ("0231" → "023" → "02").
    pub fn goldstein(&self, code: &str) -> Option<i16> {
        (2..=code.len())
            .rev()
            .find_map(|n| self.goldstein_x10.get(&code[..n]).copied())
    }
}

/// Parses `CODE: PLOVER_EVENT, MODE, CONTEXT # description` lines; comments (`#`),
/// blank lines and the `~~~~~` separator are skipped.
pub fn parse_plover(
    path: &std::path::Path,
    text: &str,
) -> Result<HashMap<String, (String, String, String)>> {
    let mut out = HashMap::new();
    for (k, line) in text.lines().enumerate() {
        let body = line.split('#').next().unwrap_or("").trim();
        if body.is_empty() || body.starts_with('~') {
            continue;
        }
        let Some((code, rest)) = body.split_once(':') else {
            return Err(SourceError::Record {
                file: path.to_path_buf(),
                line: k as u64 + 1,
                message: format!("expected 'CODE: PLOVER_EVENT, MODE, CONTEXT', found '{body}'"),
            });
        };
        let mut parts = rest.split(',').map(str::trim);
        let event = parts.next().unwrap_or("").to_string();
        let mode = parts.next().unwrap_or("").to_string();
        let context = parts.next().unwrap_or("").to_string();
        out.insert(code.trim().to_string(), (event, mode, context));
    }
    Ok(out)
}
