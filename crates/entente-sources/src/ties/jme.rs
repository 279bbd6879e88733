//! Joint Military Exercises v3 (`exercises/jme_v3_sheet1_2.csv.gz`, D'Orazio): one row
//! per exercise, participants in `State A` … `State AD` as ISO-3-like codes (some in
//! mixed case: "uSA", "DEu"; a few are groups such as "NATO" or "-9"). Codes are
//! upper-cased and resolved through the registry; the rest are reported. The year is
//! `s.year`, else `e.year`, else the year in `Start Date` / `enddate` (m/d/yyyy).

use entente_core::Registry;

use super::Exercise;
use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const JME: &str = "exercises/jme_v3_sheet1_2.csv.gz";
pub const JME_YEARS: (i32, i32) = crate::catalogue::JME.years;

/// JME exercises and what could not be used: (line, reason) for rows without a year
/// and for participant codes no state matches.
pub struct Jme {
    pub exercises: Vec<Exercise>,
    pub skipped: Vec<(u64, String)>,
}

fn year_of_date(s: &str) -> Option<i32> {
    s.trim()
        .rsplit('/')
        .next()
        .and_then(|y| y.trim().parse().ok())
        .filter(|y| (1900..=2100).contains(y))
}

pub fn jme(data: &DataDir, reg: &Registry) -> Result<Jme> {
    let t = Table::open(&data.file(JME))?;
    let (cn, cl, csy, cey, csd, ced) = (
        t.col("Exercise Name")?,
        t.col("Location1")?,
        t.col("s.year")?,
        t.col("e.year")?,
        t.col("Start Date")?,
        t.col("enddate")?,
    );
    let states: Vec<usize> = t
        .headers()
        .iter()
        .enumerate()
        .filter(|(_, h)| h.starts_with("State "))
        .map(|(k, _)| k)
        .collect();
    let (mut exercises, mut skipped) = (Vec::new(), Vec::new());
    t.for_each(|row| {
        let year = [csy, cey]
            .iter()
            .find_map(|&c| row.get(c).ok()?.trim().parse::<i32>().ok())
            .or_else(|| {
                [csd, ced]
                    .iter()
                    .find_map(|&c| year_of_date(row.get(c).ok()?))
            });
        let participants: Vec<String> = states
            .iter()
            .filter_map(|&c| row.opt(c).ok().flatten())
            .map(|p| p.trim().to_uppercase())
            .filter(|p| !p.is_empty())
            .collect();
        let participant_cc: Vec<Option<u16>> = participants
            .iter()
            .map(|p| reg.by_code(p).map(|c| c.ccode))
            .collect();
        for (p, cc) in participants.iter().zip(&participant_cc) {
            if cc.is_none() {
                skipped.push((row.line, format!("participant '{p}' is not a state code")));
            }
        }
        let Some(year) = year else {
            skipped.push((
                row.line,
                "no year (s.year, e.year and both dates empty)".into(),
            ));
            return Ok(());
        };
        let name = row.get(cn)?.trim();
        exercises.push(Exercise {
            id: format!("line {}", row.line),
            name: if name.is_empty() || name == "-9" {
                "unnamed exercise".into()
            } else {
                name.to_string()
            },
            year,
            location: row.get(cl)?.trim().to_string(),
            participants,
            participant_cc,
        });
        Ok(())
    })?;
    Ok(Jme { exercises, skipped })
}
