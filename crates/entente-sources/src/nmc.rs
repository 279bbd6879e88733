//! COW National Material Capabilities: the CINC score (share of the system's
//! capabilities, 0–1) per state-year, from NMC v7.0 (peacesciencer's table; empty =
//! missing), else NMC v6.0 (`-9` = missing).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

/// NMC files in order of preference, with the citation of each.
pub const FILES: [(&str, &str); 2] = [
    (
        "cow/peacesciencer_cow_nmc_v7.csv.gz",
        "Correlates of War National Material Capabilities v7.0 (Singer, Bremer & Stuckey 1972), via peacesciencer",
    ),
    (
        "cow/NMC-60-abridged.csv.gz",
        "Correlates of War National Material Capabilities v6.0 (Singer, Bremer & Stuckey 1972)",
    ),
];

/// CINC by COW code for one year, with the file read and its citation.
pub struct Cinc {
    pub year: i32,
    pub by_ccode: HashMap<u16, f64>,
    pub file: PathBuf,
    pub citation: &'static str,
}

/// CINC of every state-year, with the file read and its citation.
pub struct CincAll {
    pub by_state_year: HashMap<(u16, i32), f64>,
    pub file: PathBuf,
    pub citation: &'static str,
}

/// Reads every CINC score from the first NMC file present (missing values left out).
pub fn cinc_all(data: &DataDir) -> Result<CincAll> {
    let (rel, citation) = FILES
        .iter()
        .find(|(rel, _)| data.file(rel).is_file())
        .copied()
        .unwrap_or(FILES[0]);
    let file = data.file(rel);
    let table = Table::open(&file)?;
    let (cc, cy, ci) = (table.col("ccode")?, table.col("year")?, table.col("cinc")?);
    let mut by_state_year = HashMap::new();
    table.for_each(|row| {
        if let Some(v) = row.parse_opt::<f64>(ci)?
            && v >= 0.0
        {
            by_state_year.insert((row.parse::<u16>(cc)?, row.parse::<i32>(cy)?), v);
        }
        Ok(())
    })?;
    Ok(CincAll {
        by_state_year,
        file,
        citation,
    })
}

/// Reads the CINC scores of `year` from the first NMC file present.
pub fn cinc(data: &DataDir, year: i32) -> Result<Cinc> {
    let all = cinc_all(data)?;
    Ok(Cinc {
        year,
        by_ccode: all
            .by_state_year
            .into_iter()
            .filter(|(k, _)| k.1 == year)
            .map(|(k, v)| (k.0, v))
            .collect(),
        file: all.file,
        citation: all.citation,
    })
}
