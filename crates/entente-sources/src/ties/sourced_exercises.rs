//! China–Russia joint exercises 2003–2025, hand-compiled with a source and a verbatim
//! quote per row (`exercises/china_russia_exercises_2003_2025.csv`; see its SOURCE.md):
//! one row per exercise or joint patrol in which both the PLA and the Russian armed
//! forces took part. It carries on where MME v7 (to 2010) stops, for this one pair.

use entente_core::Date;

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const CHINA_RUSSIA_EXERCISES: &str = "exercises/china_russia_exercises_2003_2025.csv";
/// Years the list covers.
pub const CHINA_RUSSIA_EXERCISE_YEARS: (i32, i32) = crate::catalogue::CHINA_RUSSIA_EXERCISES.years;
/// The pair the list is about (COW codes of China and Russia).
pub const PAIR: (u16, u16) = (710, 365);

/// One exercise or patrol.
#[derive(Clone, Debug, PartialEq)]
pub struct SourcedExercise {
    /// Line of the record in the file.
    pub line: u64,
    pub name: String,
    pub year: i32,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// naval, land, air_patrol, naval_patrol, missile_defence, multilateral_sco,
    /// multilateral_other.
    pub kind: String,
    /// bilateral or multilateral.
    pub format: String,
    /// ISO3 codes of the other states with forces in it.
    pub others: Vec<String>,
    pub location: String,
    /// The address the quote comes from (a second address may follow after " ; ").
    pub source: String,
    pub quote: String,
}

impl SourcedExercise {
    /// Whether the list speaks of `a` and `b` (China and Russia, either order).
    pub fn covers(a: u16, b: u16) -> bool {
        (a, b) == PAIR || (b, a) == PAIR
    }
}

/// Every row of the list.
pub fn china_russia_exercises(data: &DataDir) -> Result<Vec<SourcedExercise>> {
    let t = Table::open(&data.file(CHINA_RUSSIA_EXERCISES))?;
    let c = |n: &str| t.col(n);
    let (cn, cy, cs, ce, ck, cf) = (
        c("name")?,
        c("year")?,
        c("start_date")?,
        c("end_date")?,
        c("kind")?,
        c("format")?,
    );
    let (co, cl, csrc, cq) = (
        c("other_participants")?,
        c("location")?,
        c("source")?,
        c("quote")?,
    );
    let mut out = Vec::new();
    t.for_each(|row| {
        let date = |col: usize| -> Result<Option<Date>> {
            match row.opt(col)? {
                None => Ok(None),
                Some(_) => row.date(col).map(Some),
            }
        };
        let (start, end) = (date(cs)?, date(ce)?);
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            return Err(row.error(ce, "the end date is before the start date"));
        }
        out.push(SourcedExercise {
            line: row.line,
            name: row.get(cn)?.trim().to_string(),
            year: row.parse(cy)?,
            start,
            end,
            kind: row.get(ck)?.trim().to_string(),
            format: row.get(cf)?.trim().to_string(),
            others: row
                .get(co)?
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            location: row.get(cl)?.trim().to_string(),
            source: row.get(csrc)?.trim().to_string(),
            quote: row.get(cq)?.trim().to_string(),
        });
        Ok(())
    })?;
    Ok(out)
}
