//! COW formal alliances v4.1 (directed dyad-years, peacesciencer's table) and COW IGO
//! v3 co-memberships (non-directed dyad-years), from `cow/` (see its SOURCE.md).

use entente_core::ties::{DyadTable, DyadYearTable};

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const COW_ALLIANCES: &str = "cow/peacesciencer_cow_alliance_v4.1_ddy.csv.gz";
pub const COW_ALLIANCE_YEARS: (i32, i32) = crate::catalogue::COW_ALLIANCES.years;
/// The four COW alliance types, in column order.
pub const COW_ALLIANCE_TYPES: [&str; 4] =
    ["defense pact", "neutrality", "non-aggression", "entente"];

pub const IGO: &str = "cow/peacesciencer_cow_igo_ndy.csv.gz";
pub const IGO_YEARS: (i32, i32) = crate::catalogue::COW_IGO.years;

/// COW alliance types in force per directed dyad-year (both orders are in the file).
pub fn cow_alliances(data: &DataDir) -> Result<DyadYearTable<[bool; 4]>> {
    super::flags_by_dyad_year(
        &data.file(COW_ALLIANCES),
        ["cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"],
    )
}

/// Number of IGOs in which both states are full members, per (lower code, higher code,
/// year). The file holds only the years COW codes (every five years before 1965).
pub fn igo(data: &DataDir) -> Result<DyadYearTable<u16>> {
    let t = Table::open(&data.file(IGO))?;
    let (c1, c2, cy, cn) = (
        t.col("ccode1")?,
        t.col("ccode2")?,
        t.col("year")?,
        t.col("dyadigos")?,
    );
    // Rows in file order (a repeated key keeps its last row): the file runs dyad by
    // dyad and year by year, so the table's sort finds them in order (no hashing).
    let mut rows = Vec::with_capacity(1 << 20);
    t.for_each(|row| {
        let (a, b): (u16, u16) = (row.parse(c1)?, row.parse(c2)?);
        let Some(n) = row.parse_opt::<i32>(cn)? else {
            return Ok(());
        };
        // -9 and other negative codes: missing.
        if n >= 0 {
            rows.push(((a.min(b), a.max(b)), row.parse(cy)?, n as u16));
        }
        Ok(())
    })?;
    Ok(DyadTable::from_rows(rows))
}
