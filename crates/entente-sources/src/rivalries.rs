//! A list of rival dyads to validate the alignment score against (`entente validate
//! rivals --rivals FILE`): a CSV with the columns `a`, `b` (state names, codes or COW
//! numbers), `from` and `to` (the years the rivalry is active, inclusive); other
//! columns (a source, a note) are kept out of the way. Errors name the file, line and
//! field.

use std::path::Path;

use entente_core::Registry;

use crate::error::Result;
use crate::table::Table;

/// One rivalry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rivalry {
    /// Line of the record in the file.
    pub line: u64,
    pub a: u16,
    pub b: u16,
    pub from: i32,
    pub to: i32,
}

impl Rivalry {
    /// Active in `year`.
    pub fn active(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

/// Reads a rivalry list.
pub fn read(path: &Path, reg: &Registry) -> Result<Vec<Rivalry>> {
    let t = Table::open(path)?;
    let (ca, cb, cf, ct) = (t.col("a")?, t.col("b")?, t.col("from")?, t.col("to")?);
    let mut out = Vec::new();
    t.for_each(|row| {
        let state = |col: usize| -> Result<u16> {
            let q = row.get(col)?;
            reg.resolve(q).map(|c| c.ccode).map_err(|e| {
                let hint = if e.suggestions.is_empty() {
                    "use a name, an ISO3 code or a COW number (entente countries lists them)"
                        .to_string()
                } else {
                    format!("did you mean {}?", e.suggestions.join(" or "))
                };
                row.error(col, format!("unknown state '{q}'; {hint}"))
            })
        };
        let (a, b) = (state(ca)?, state(cb)?);
        if a == b {
            return Err(row.error(cb, "a state cannot be its own rival"));
        }
        let (from, to): (i32, i32) = (row.parse(cf)?, row.parse(ct)?);
        if from > to {
            return Err(row.error(ct, format!("'to' ({to}) is before 'from' ({from})")));
        }
        if !(1800..=2100).contains(&from) || !(1800..=2100).contains(&to) {
            return Err(row.error(cf, "years must lie between 1800 and 2100"));
        }
        out.push(Rivalry {
            line: row.line,
            a: a.min(b),
            b: a.max(b),
            from,
            to,
        });
        Ok(())
    })?;
    Ok(out)
}
